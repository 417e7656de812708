//! Users: identity, role, preferences and password hash.

use crate::server::db::{with_db, write_tx, Db};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub partner_id: Option<i64>,
    pub locale: String,
    pub time_zone: String,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub partner_id: Option<i64>,
    pub locale: &'a str,
    pub time_zone: &'a str,
}

const COLUMNS: &str = "id, email, display_name, role, partner_id, locale, time_zone";

pub async fn create(db: &Db, user: &NewUser<'_>, now: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (email, display_name, password_hash, role, partner_id, locale, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(user.email)
        .bind(user.display_name)
        .bind(user.password_hash)
        .bind(user.role)
        .bind(user.partner_id)
        .bind(user.locale)
        .bind(user.time_zone)
        .bind(now)
        .fetch_one(pool)
        .await
    })
}

pub async fn find(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    with_db!(db, |pool| sqlx::query_as::<_, UserRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    with_db!(db, |pool| sqlx::query_as::<_, UserRow>(&sql)
        .bind(email)
        .fetch_optional(pool)
        .await)
}

pub async fn password_hash(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}

pub async fn update_preferences(
    db: &Db,
    id: i64,
    locale: &str,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("UPDATE users SET locale = $1, time_zone = $2 WHERE id = $3")
            .bind(locale)
            .bind(time_zone)
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

pub async fn update_locale(db: &Db, id: i64, locale: &str) -> Result<(), sqlx::Error> {
    with_db!(db, |pool| {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Sets a new password hash and ends every other session of the user, in one
/// transaction: a stolen session must not survive a password change.
pub async fn change_password(
    db: &Db,
    id: i64,
    password_hash: &str,
    keep_token_hash: &str,
) -> Result<(), sqlx::Error> {
    write_tx!(db, |tx| {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(keep_token_hash)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    with_db!(db, |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(pool)
    .await)
}
