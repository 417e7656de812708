//! Users: identity, role, preferences and password hash.

use crate::model::{PartnerId, Role, UserId};
use crate::server::db::{with_db, Exec};
use chrono::{DateTime, Utc};

/// A user as every request sees it. The role is read into [`Role`] here, the one
/// place it is read: an unknown stored value fails the query, never defaults.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub locale: String,
    pub time_zone: String,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub locale: &'a str,
    pub time_zone: &'a str,
}

const COLUMNS: &str = "id, email, display_name, role, partner_id, locale, time_zone";

pub async fn create<'a>(
    db: impl Into<Exec<'a>>,
    user: &NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<UserId, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_scalar::<_, UserId>(
        "INSERT INTO users (email, display_name, password_hash, role, partner_id, locale, time_zone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.partner_id)
    .bind(user.locale)
    .bind(user.time_zone)
    .bind(now)
    .fetch_one(e)
    .await
    })
}

pub async fn find<'a>(db: impl Into<Exec<'a>>, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    with_db!(db, |e| sqlx::query_as::<_, UserRow>(&sql)
        .bind(id)
        .fetch_optional(e)
        .await)
}

pub async fn find_by_email<'a>(
    db: impl Into<Exec<'a>>,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    with_db!(db, |e| sqlx::query_as::<_, UserRow>(&sql)
        .bind(email)
        .fetch_optional(e)
        .await)
}

/// The user with this email and their password hash, in one query.
pub async fn find_with_hash<'a>(
    db: impl Into<Exec<'a>>,
    email: &str,
) -> Result<Option<(UserRow, String)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        password_hash: String,
    }
    let sql = format!("SELECT {COLUMNS}, password_hash FROM users WHERE email = $1");
    let row = with_db!(db, |e| sqlx::query_as::<_, Row>(&sql)
        .bind(email)
        .fetch_optional(e)
        .await)?;
    Ok(row.map(|r| (r.user, r.password_hash)))
}

pub async fn password_hash<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
) -> Result<Option<String>, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, String>(
        "SELECT password_hash FROM users WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(e)
    .await)
}

pub async fn update_preferences<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    display_name: &str,
    locale: &str,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET display_name = $1, locale = $2, time_zone = $3 WHERE id = $4"
    )
    .bind(display_name)
    .bind(locale)
    .bind(time_zone)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn update_locale<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    locale: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET locale = $1 WHERE id = $2"
    )
    .bind(locale)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn set_password_hash<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET password_hash = $1 WHERE id = $2"
    )
    .bind(password_hash)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn count<'a>(db: impl Into<Exec<'a>>) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(e)
    .await)
}
