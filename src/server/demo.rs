//! The demo workspace: an admin, a PDM assigned to two partners (one in USD, one
//! in TWD in Asia/Taipei) and one member for each, with random passwords, and
//! each partner's deals of last year and this year to date.

use crate::model::{Currency, Locale, Role};
use crate::server::admin::{self, AdminError, UserInput};
use crate::server::db::Db;
use crate::server::demo_data;
use crate::server::store::{partners, users};
use argon2::password_hash::rand_core::{OsRng, RngCore};

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
        ("Pat Chen (PDM)", None, Locale::En, "Asia/Taipei"),
        ("Morgan Lee", Some(acme), Locale::En, "America/Los_Angeles"),
        ("林怡君", Some(formosa), Locale::ZhTw, "Asia/Taipei"),
    ];
    for (login, (name, partner_id, locale, time_zone)) in logins.iter().zip(people) {
        admin::add_user(
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
    }
    admin::assign_pdm(db, "pdm@demo.partner-map.test", acme).await?;
    admin::assign_pdm(db, "pdm@demo.partner-map.test", formosa).await?;
    // A few hundred deals each over last year and this year to date, so the
    // deals, goals and progress pages have something to show at once.
    let (from, to) = demo_data::demo_span();
    for (partner, currency, count, seed) in [
        (acme, Currency::Usd, 320, 1),
        (formosa, Currency::Twd, 260, 2),
    ] {
        let mut rng = fastrand::Rng::with_seed(seed);
        let deals = demo_data::deals(&mut rng, count, currency, from, to, 20_000_000 * seed);
        demo_data::insert(db, partner, &deals).await?;
    }
    Ok(logins)
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
