//! Users: identity, role, preferences and password hash.

use crate::model::{PartnerId, Role, UserId};
use crate::server::db::{contains_pattern, with_db, Exec};
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
    /// Signed in with a one-time password: must choose their own before anything else.
    pub must_change_password: bool,
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

const COLUMNS: &str =
    "id, email, display_name, role, partner_id, locale, time_zone, must_change_password";

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

/// The user, unless their account is deactivated.
pub async fn find_active<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND deactivated_at IS NULL");
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
    // A deactivated user cannot log in: to the login they are as unknown.
    let sql = format!(
        "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL"
    );
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

/// A user as the admin area lists them.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AdminUserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub deactivated_at: Option<DateTime<Utc>>,
    pub must_change_password: bool,
}

const ADMIN_SELECT: &str = "SELECT u.id, u.email, u.display_name, u.role, u.partner_id, \
     p.name AS partner_name, u.last_login_at, u.deactivated_at, u.must_change_password \
     FROM users u LEFT JOIN partners p ON p.id = u.partner_id";

/// Every user whose email or name contains `search` (any case), by email.
pub async fn admin_list<'a>(
    db: impl Into<Exec<'a>>,
    search: &str,
) -> Result<Vec<AdminUserRow>, sqlx::Error> {
    let sql = format!(
        "{ADMIN_SELECT} WHERE LOWER(u.email) LIKE $1 ESCAPE '\\' \
         OR LOWER(u.display_name) LIKE $1 ESCAPE '\\' \
         OR LOWER(COALESCE(p.name, '')) LIKE $1 ESCAPE '\\' ORDER BY u.email"
    );
    // An email is the longest of the three fields searched.
    let pattern = contains_pattern(search, crate::model::Email::MAX_LEN);
    with_db!(db, |e| sqlx::query_as::<_, AdminUserRow>(&sql)
        .bind(&pattern)
        .fetch_all(e)
        .await)
}

pub async fn admin_find<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
) -> Result<Option<AdminUserRow>, sqlx::Error> {
    let sql = format!("{ADMIN_SELECT} WHERE u.id = $1");
    with_db!(db, |e| sqlx::query_as::<_, AdminUserRow>(&sql)
        .bind(id)
        .fetch_optional(e)
        .await)
}

pub async fn admin_find_by_email<'a>(
    db: impl Into<Exec<'a>>,
    email: &str,
) -> Result<Option<AdminUserRow>, sqlx::Error> {
    let sql = format!("{ADMIN_SELECT} WHERE u.email = $1");
    with_db!(db, |e| sqlx::query_as::<_, AdminUserRow>(&sql)
        .bind(email)
        .fetch_optional(e)
        .await)
}

pub async fn set_role<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    role: Role,
    partner_id: Option<PartnerId>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET role = $1, partner_id = $2 WHERE id = $3"
    )
    .bind(role.as_str())
    .bind(partner_id)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// Deactivates (`Some(when)`) or reactivates (`None`) a user.
pub async fn set_deactivated<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET deactivated_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

/// A new password hash; `must_change`: it is a one-time password.
pub async fn set_password<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    password_hash: &str,
    must_change: bool,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3"
    )
    .bind(password_hash)
    .bind(must_change)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn record_login<'a>(
    db: impl Into<Exec<'a>>,
    id: UserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    with_db!(db, |e| sqlx::query(
        "UPDATE users SET last_login_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(e)
    .await
    .map(|_| ()))
}

pub async fn count_active_admins<'a>(db: impl Into<Exec<'a>>) -> Result<i64, sqlx::Error> {
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL"
    )
    .fetch_one(e)
    .await)
}

/// Every active PDM: (id, email, name), by email.
pub async fn pdms<'a>(
    db: impl Into<Exec<'a>>,
) -> Result<Vec<(UserId, String, String)>, sqlx::Error> {
    with_db!(db, |e| {
        sqlx::query_as::<_, (UserId, String, String)>(
        "SELECT id, email, display_name FROM users WHERE role = 'pdm' AND deactivated_at IS NULL ORDER BY email"
    )
    .fetch_all(e)
    .await
    })
}
