//! Generated deals, partners and users for the demo workspace and for
//! benchmarks: realistic in shape (kinds, stages, dates, amounts in the
//! partner's currency), reproducible from a seed, and written in batches.

use crate::model::deal::{DealFields, DealKind, DealStage};
use crate::model::{Currency, PartnerId, Role, UserId};
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::store::{deals, partners, users};
use chrono::{Datelike, Duration, NaiveDate, Utc};

const COMPANIES: &[&str] = &[
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Foods",
    "Hooli",
    "Vandelay Imports",
    "Soylent Labs",
    "台灣精密工業",
    "新竹半導體",
    "高雄港務物流",
    "Cyberdyne",
    "Wonka Retail",
    "Tyrell Bio",
    "台北金融科技",
    "Oceanic Air",
    "Acme Retail",
    "Nakatomi Trading",
];
const PRODUCTS: &[&str] = &[
    "cloud migration",
    "data platform",
    "security review",
    "contact centre",
    "ERP rollout",
    "analytics",
    "backup and recovery",
    "ML pilot",
    "雲端遷移",
    "資安強化",
    "licence renewal",
];
const OWNERS: &[&str] = &[
    "Morgan Lee",
    "Alex Wu",
    "林怡君",
    "陳志明",
    "Sam Patel",
    "Jordan Kim",
];

/// Deals for one partner, created between `from` and `to`: about 70 %
/// sourced; older deals mostly closed (won or lost), recent ones mostly open.
pub fn deals(
    rng: &mut fastrand::Rng,
    count: usize,
    currency: Currency,
    from: NaiveDate,
    to: NaiveDate,
    first_record_id: u64,
) -> Vec<DealFields> {
    let span = (to - from).num_days().max(1);
    // Typical MRR in major units of the currency: TWD ~30x USD, JPY ~150x.
    let scale: i64 = match currency {
        Currency::Twd => 30,
        Currency::Jpy => 150,
        Currency::Krw => 1_300,
        _ => 1,
    };
    let minor = 10_i64.pow(currency.minor_digits());
    (0..count)
        .map(|i| {
            let create_date = from + Duration::days(rng.i64(0..=span));
            let age = (to - create_date).num_days();
            let roll = rng.u32(0..100);
            let stage = if age < 30 && roll < 70 || roll < 20 {
                DealStage::Open
            } else if roll < 60 {
                DealStage::ClosedWon
            } else {
                DealStage::ClosedLost
            };
            let close_date = match stage {
                DealStage::Open => {
                    (rng.u32(0..2) == 0).then(|| create_date + Duration::days(rng.i64(30..120)))
                }
                _ => Some((create_date + Duration::days(rng.i64(5..=age.clamp(5, 150)))).min(to)),
            }
            .map(|d| d.max(create_date));
            let company = COMPANIES[rng.usize(..COMPANIES.len())];
            let product = PRODUCTS[rng.usize(..PRODUCTS.len())];
            let major = (rng.i64(2..=200) * 100 + rng.i64(0..100) * 5) * scale;
            DealFields {
                external_id: Some((first_record_id + i as u64).to_string()),
                name: format!("{company} – {product}"),
                kind: if rng.u32(0..10) < 7 {
                    DealKind::Sourced
                } else {
                    DealKind::Assisted
                },
                stage,
                create_date,
                close_date,
                mrr: major * minor,
                owner: OWNERS[rng.usize(..OWNERS.len())].to_string(),
                company: company.to_string(),
                notes: String::new(),
                // Open deals in HubSpot's default pipeline; now and then
                // one a person judged for themselves.
                pipeline_stage: (stage == DealStage::Open)
                    .then(|| OPEN_STAGES[rng.usize(..OPEN_STAGES.len())].to_string()),
                probability: (stage == DealStage::Open && rng.u32(0..12) == 0)
                    .then(|| [30, 50, 70][rng.usize(..3)]),
            }
        })
        .collect()
}

/// The open stages of HubSpot's default pipeline.
const OPEN_STAGES: [&str; 5] = [
    "Appointment scheduled",
    "Qualified to buy",
    "Presentation scheduled",
    "Decision maker bought-in",
    "Contract sent",
];

/// Last year's first day and today: the span demo deals cover.
pub fn demo_span() -> (NaiveDate, NaiveDate) {
    let today = Utc::now().date_naive();
    let from = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    (from, today)
}

/// Writes deals for a partner in transactions of a bounded size.
pub async fn insert(
    db: &Db,
    partner: PartnerId,
    deals_to_write: &[DealFields],
) -> Result<(), sqlx::Error> {
    let scope = PartnerScope::for_operator(partner);
    for chunk in deals_to_write.chunks(50_000) {
        let mut tx = db.begin().await?;
        deals::insert_many(&mut tx, &scope, chunk, None, Utc::now(), None).await?;
        let stages = chunk.iter().filter_map(|d| d.pipeline_stage.as_deref());
        crate::server::store::deal_stages::collect(&mut tx, &scope, stages, None, Utc::now())
            .await?;
        tx.commit().await?;
    }
    deals::after_bulk_write(db, deals_to_write.len()).await
}

/// What `demo generate` made.
pub struct Generated {
    pub partners: usize,
    pub deals: usize,
    pub password: String,
}

/// `partner-map demo generate`: `partners` partners, each with one member
/// (`member{n}@generated.partner-map.test`, all with one printed password)
/// and `deals_per_partner` deals over last year and this year to date.
pub async fn generate(
    db: &Db,
    partner_count: usize,
    deals_per_partner: usize,
    seed: u64,
) -> Result<Generated, String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let password = format!("generated-{seed}-{}", rng.u32(100_000..999_999));
    // One hash for every generated member: hashing is slow by design.
    let hash = crate::server::hashing::shared()
        .hash(&password)
        .await
        .map_err(|e| e.to_string())?;
    let (from, to) = demo_span();
    let currencies = [Currency::Usd, Currency::Twd, Currency::Eur, Currency::Jpy];
    let start = partners::count(db).await.map_err(|e| e.to_string())? as usize;
    let mut written = 0;
    for n in 0..partner_count {
        let currency = currencies[n % currencies.len()];
        let zone = if currency == Currency::Twd {
            "Asia/Taipei"
        } else {
            "UTC"
        };
        let name = format!("{} {}", COMPANIES[n % COMPANIES.len()], start + n + 1);
        let partner = partners::create(db, &name, currency.code(), zone, Utc::now())
            .await
            .map_err(|e| e.to_string())?;
        let member = users::NewUser {
            email: &format!("member{}@generated.partner-map.test", partner),
            display_name: &format!("Member of {name}"),
            password_hash: &hash,
            role: Role::Member,
            partner_id: Some(partner),
            locale: "en",
            time_zone: zone,
        };
        let _: UserId = users::create(db, &member, Utc::now())
            .await
            .map_err(|e| e.to_string())?;
        let batch = deals(&mut rng, deals_per_partner, currency, from, to, 10_000_000);
        insert(db, partner, &batch)
            .await
            .map_err(|e| e.to_string())?;
        written += batch.len();
    }
    Ok(Generated {
        partners: partner_count,
        deals: written,
        password,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_deals_keep_every_rule() {
        let mut rng = fastrand::Rng::with_seed(7);
        let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let batch = deals(&mut rng, 2_000, Currency::Twd, from, to, 1);
        for d in &batch {
            let draft = crate::model::deal::DealDraft {
                external_id: d.external_id.clone().unwrap(),
                name: d.name.clone(),
                kind: d.kind,
                stage: d.stage,
                create_date: d.create_date,
                close_date: d.close_date,
                mrr: d.mrr,
                owner: d.owner.clone(),
                company: d.company.clone(),
                notes: d.notes.clone(),
                pipeline_stage: d.pipeline_stage.clone().unwrap_or_default(),
                probability: d.probability,
            };
            assert_eq!(crate::model::deal::DealFields::check(draft).as_ref(), Ok(d));
            assert!(d.create_date >= from && d.create_date <= to);
        }
        for stage in DealStage::ALL {
            assert!(
                batch.iter().filter(|d| d.stage == stage).count() > 100,
                "{stage:?}"
            );
        }
        let same = deals(
            &mut fastrand::Rng::with_seed(7),
            2_000,
            Currency::Twd,
            from,
            to,
            1,
        );
        assert_eq!(same, batch, "the same seed gives the same deals");
    }
}
