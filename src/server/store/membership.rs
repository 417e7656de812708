//! Who belongs to a partner: its members and the PDMs assigned to it, as long
//! as their accounts are active. One SQL condition, written once here and
//! used wherever the app asks it: access to a partner's pages
//! (`authz::may_open`), who may hold a task, whom a partner's notices reach,
//! and which partners a PDM's switcher and portfolio list. A deactivated user
//! belongs to nothing.

use crate::model::{PartnerId, UserId};
use crate::server::db::{with_db, Exec};

/// SQL: the partner whose id is `partner` is assigned to the PDM whose id is `pdm`.
pub fn assigned(partner: &str, pdm: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pdm_assignments a \
         WHERE a.partner_id = {partner} AND a.pdm_user_id = {pdm})"
    )
}

/// SQL: the user row `u` belongs to the partner whose id is `partner`.
pub fn belongs(u: &str, partner: &str) -> String {
    format!(
        "({u}.deactivated_at IS NULL AND \
         (({u}.role = 'member' AND {u}.partner_id = {partner}) \
          OR ({u}.role = 'pdm' AND {})))",
        assigned(partner, &format!("{u}.id"))
    )
}

/// SQL: the user row `u` may open the partner row `p` (the rule of
/// `authz::may_open`): admins every partner; members and PDMs a partner they
/// belong to while it is not archived.
pub fn opens(u: &str, p: &str) -> String {
    format!(
        "({u}.role = 'admin' OR ({p}.archived_at IS NULL AND {}))",
        belongs(u, &format!("{p}.id"))
    )
}

/// Whether `user` belongs to `partner`, and the partner is open (not archived).
pub async fn belongs_to<'a>(
    db: impl Into<Exec<'a>>,
    user: UserId,
    partner: PartnerId,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM users u JOIN partners p ON p.id = $2 \
         WHERE u.id = $1 AND p.archived_at IS NULL AND {}",
        belongs("u", "p.id")
    );
    with_db!(db, |e| sqlx::query_scalar::<_, i64>(&sql)
        .bind(user)
        .bind(partner)
        .fetch_one(e)
        .await)
    .map(|n| n > 0)
}

/// The partner's active members (not its PDMs), while it is open: whom a
/// task's reminder reaches when nobody named on the task may still open it.
pub async fn active_members<'a>(
    db: impl Into<Exec<'a>>,
    partner: PartnerId,
) -> Result<Vec<UserId>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id FROM users u JOIN partners p ON p.id = $1 \
         WHERE u.role = 'member' AND p.archived_at IS NULL AND {} ORDER BY u.id",
        belongs("u", "p.id")
    );
    with_db!(db, |e| sqlx::query_scalar::<_, UserId>(&sql)
        .bind(partner)
        .fetch_all(e)
        .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_condition_names_its_tables_and_leaves_out_deactivated_users() {
        let sql = belongs("u", "p.id");
        assert!(sql.starts_with("(u.deactivated_at IS NULL AND"), "{sql}");
        assert!(sql.contains("u.partner_id = p.id"), "{sql}");
        assert!(
            sql.contains("a.partner_id = p.id AND a.pdm_user_id = u.id"),
            "{sql}"
        );
    }
}
