//! Which PDM manages which partner.

use super::*;

/// Lets a PDM (by email) manage a partner, from the command line.
pub async fn assign_pdm(db: &Db, pdm_email: &str, partner_id: PartnerId) -> Result<(), AdminError> {
    let pdm = user_id_by_email(db, pdm_email).await?;
    set_assignment(db, &Actor::CommandLine, pdm, partner_id, true).await
}

/// Assigns (`assigned`) or unassigns a PDM to or from a partner; doing it
/// twice changes nothing and writes no second audit row.
pub async fn set_assignment(
    db: &Db,
    actor: &Actor,
    pdm_id: UserId,
    partner_id: PartnerId,
    assigned: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let pdm = find_user(&mut tx, pdm_id).await?;
    if pdm.role != Role::Pdm {
        return Err(AdminError::NotAPdm(pdm.email));
    }
    let partner = partners::admin_find(&mut tx, partner_id)
        .await?
        .ok_or(AdminError::PartnerNotFound(partner_id))?;
    let was = partners::assignments(&mut tx)
        .await?
        .iter()
        .any(|a| a.pdm_id == pdm_id && a.partner_id == partner_id);
    if was == assigned {
        return Ok(());
    }
    if assigned {
        partners::assign_pdm(&mut tx, pdm_id, partner_id).await?;
    } else {
        partners::unassign_pdm(&mut tx, pdm_id, partner_id).await?;
    }
    let (kind, old, new) = if assigned {
        (Kind::PdmAssign, "", "assigned")
    } else {
        (Kind::PdmUnassign, "assigned", "")
    };
    audit(
        &mut tx,
        actor,
        kind,
        &Target::Assignment(
            Box::new(user_target(pdm_id, &pdm.email)),
            Box::new(partner_target(partner_id, &partner.name)),
        ),
        old,
        new,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
