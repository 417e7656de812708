//! The demo workspace: an admin, a PDM assigned to two partners (one in USD, one
//! in TWD in Asia/Taipei) and one member for each, with random passwords, and
//! each partner's deals of last year and this year to date, and this year's
//! plan with two revisions in its history, a dozen tasks (`tasks`) and a
//! completed quarterly review (`reviews`).

pub mod data;
pub mod reviews;
pub mod tasks;

use crate::model::goals::{GrowthPercent, PlanContent};
use crate::model::metrics::Metric;
use crate::model::{Currency, Locale, PartnerId, Role, UserId};
use crate::server::admin::{self, AdminError, UserInput};
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::store::goals::{self, Edit};
use crate::server::store::{deal_metrics, partners, users};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Datelike, Duration, Utc};

pub struct DemoLogin {
    pub email: &'static str,
    pub password: String,
    pub role: Role,
    pub partner: Option<&'static str>,
}

/// Whether the database holds no partners and no users yet.
pub async fn is_empty(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(partners::count(db).await? == 0 && users::count(db).await? == 0)
}

pub async fn seed(db: &Db) -> Result<Vec<DemoLogin>, AdminError> {
    let acme = admin::add_partner(db, "Acme Cloud Solutions", "USD", "America/Los_Angeles").await?;
    let formosa =
        admin::add_partner(db, "福爾摩沙雲端科技 Formosa Cloud", "TWD", "Asia/Taipei").await?;
    let logins = vec![
        DemoLogin {
            email: "admin@demo.partner-map.test",
            password: random_password(),
            role: Role::Admin,
            partner: None,
        },
        DemoLogin {
            email: "pdm@demo.partner-map.test",
            password: random_password(),
            role: Role::Pdm,
            partner: None,
        },
        DemoLogin {
            email: "member@acme.demo.partner-map.test",
            password: random_password(),
            role: Role::Member,
            partner: Some("Acme Cloud Solutions"),
        },
        DemoLogin {
            email: "member@formosa.demo.partner-map.test",
            password: random_password(),
            role: Role::Member,
            partner: Some("福爾摩沙雲端科技 Formosa Cloud"),
        },
    ];
    let people = [
        ("Avery Admin", None, Locale::En, "UTC"),
        ("Pat Chen", None, Locale::En, "Asia/Taipei"),
        ("Morgan Lee", Some(acme), Locale::En, "America/Los_Angeles"),
        ("林怡君", Some(formosa), Locale::ZhTw, "Asia/Taipei"),
    ];
    let mut ids = Vec::new();
    for (login, (name, partner_id, locale, time_zone)) in logins.iter().zip(people) {
        let id = admin::add_user(
            db,
            UserInput {
                email: login.email,
                name,
                role: login.role,
                partner_id,
                password: &login.password,
                locale,
                time_zone,
            },
        )
        .await?;
        ids.push(id);
    }
    admin::assign_pdm(db, "pdm@demo.partner-map.test", acme).await?;
    admin::assign_pdm(db, "pdm@demo.partner-map.test", formosa).await?;
    // A few hundred deals each over last year and this year to date, so the
    // deals, goals and progress pages have something to show at once.
    let (from, to) = data::demo_span();
    for (partner, currency, count, seed) in [
        (acme, Currency::Usd, 320, 1),
        (formosa, Currency::Twd, 260, 2),
    ] {
        let mut rng = fastrand::Rng::with_seed(seed);
        let deals = data::deals(&mut rng, count, currency, from, to, 20_000_000 * seed);
        data::insert(db, partner, &deals).await?;
    }
    let (pdm, acme_member, formosa_member) = (ids[1], ids[2], ids[3]);
    demo_plan(db, acme, Currency::Usd, acme_member, pdm, Locale::En).await?;
    demo_plan(
        db,
        formosa,
        Currency::Twd,
        formosa_member,
        pdm,
        Locale::ZhTw,
    )
    .await?;
    tasks::seed(db, acme, acme_member, pdm, Locale::En).await?;
    tasks::seed(db, formosa, formosa_member, pdm, Locale::ZhTw).await?;
    reviews::seed(db, acme, acme_member, pdm, Locale::En).await?;
    reviews::seed(db, formosa, formosa_member, pdm, Locale::ZhTw).await?;
    Ok(logins)
}

/// This year's plan: grown 15 % from last year's deals, a few months set by
/// hand, then two changes with their reasons (one by the PDM, one by the
/// partner), as a plan looks after a quarterly review.
async fn demo_plan(
    db: &Db,
    partner: PartnerId,
    currency: Currency,
    member: UserId,
    pdm: UserId,
    locale: Locale,
) -> Result<(), AdminError> {
    let scope = PartnerScope::for_operator(partner);
    let year = Utc::now().year();
    let previous = deal_metrics::year_metrics(db, &scope, year - 1).await?;
    let growth = GrowthPercent::parse(15).expect("15 is a growth choice");
    let mut content = PlanContent::empty(year);
    content.targets = growth.targets_from(&previous, year, currency);
    let unit = 10_i64.pow(currency.minor_digits());
    // Hand edits: a launch month, and a slow summer.
    let march = content.targets.month(Metric::SourcedDealsCreated, 3);
    content
        .targets
        .set(Metric::SourcedDealsCreated, 3, march + 3);
    let august = content.targets.month(Metric::SourcedDealMrr, 8);
    content
        .targets
        .set(Metric::SourcedDealMrr, 8, (august * 8 / 10) / unit * unit);
    let words = DemoWords::of(locale);
    content.goals = words.goals.map(str::to_string);
    let edit = |by: UserId, at: DateTime<Utc>, reason: &'static str| Edit {
        by: Some(by),
        at,
        reason,
        review: None,
    };
    let start = Utc::now() - Duration::days(60);
    let mut tx = db.begin().await?;
    goals::save(
        &mut tx,
        &scope,
        year,
        None,
        &content,
        &edit(member, start, ""),
    )
    .await?;
    // The PDM raises two targets after the quarterly review.
    let mut reviewed = content.clone();
    for (metric, month) in [
        (Metric::SourcedDealsClosedWon, 6),
        (Metric::AssistedDealMrr, 9),
    ] {
        let now = reviewed.targets.month(metric, month);
        let raised = if metric.is_money() {
            now + 500 * unit
        } else {
            now + 2
        };
        reviewed.targets.set(metric, month, raised);
    }
    let at = start + Duration::days(30);
    goals::save(
        &mut tx,
        &scope,
        year,
        Some(1),
        &reviewed,
        &edit(pdm, at, words.reasons[0]),
    )
    .await?;
    // The partner sharpens its partnership goal.
    reviewed.goals[4] = words.revised_goal.to_string();
    let at = start + Duration::days(45);
    goals::save(
        &mut tx,
        &scope,
        year,
        Some(2),
        &reviewed,
        &edit(member, at, words.reasons[1]),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The demo plan's words in the partner member's language.
struct DemoWords {
    goals: [&'static str; 5],
    revised_goal: &'static str,
    reasons: [&'static str; 2],
}

impl DemoWords {
    fn of(locale: Locale) -> DemoWords {
        match locale {
            Locale::En => DemoWords {
                goals: [
                    "Become the leading cloud partner on the West Coast",
                    "Grow recurring revenue 15% this year",
                    "Hire two solution engineers by June",
                    "Expand into healthcare and logistics",
                    "Reach Gold tier by the third quarter",
                ],
                revised_goal: "Reach Platinum tier by the end of the year",
                reasons: [
                    "Q1 review: two new resellers signed",
                    "Tier review brought forward",
                ],
            },
            Locale::ZhTw => DemoWords {
                goals: [
                    "成為台灣北部領先的雲端合作夥伴",
                    "今年經常性收入成長 15%",
                    "六月前招募兩位解決方案工程師",
                    "拓展至醫療與物流產業",
                    "第三季前達到金級",
                ],
                revised_goal: "年底前達到白金級",
                reasons: ["第一季檢討：新簽兩家經銷商", "等級評鑑提前"],
            },
        }
    }
}

/// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): ~92 bits.
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Bytes at or above the largest multiple of the alphabet's size are skipped,
    // so that every character is equally likely.
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut password = String::with_capacity(16);
    while password.len() < 16 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        if byte[0] < limit {
            password.push(ALPHABET[byte[0] as usize % ALPHABET.len()] as char);
        }
    }
    password
}
