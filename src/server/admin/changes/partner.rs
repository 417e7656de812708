//! Partners: adding, renaming, archiving and restoring.

use super::*;

/// Adds a partner, from the command line.
pub async fn add_partner(
    db: &Db,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<PartnerId, AdminError> {
    create_partner(db, &Actor::CommandLine, name, currency, time_zone).await
}

pub async fn create_partner(
    db: &Db,
    actor: &Actor,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<PartnerId, AdminError> {
    let name = PartnerName::parse(name).map_err(|k| AdminError::Invalid("name", k))?;
    let currency = Currency::parse(currency.trim())
        .ok_or(AdminError::Invalid("currency", Key::ErrCurrencyInvalid))?;
    let time_zone =
        TimeZoneName::parse(time_zone).map_err(|k| AdminError::Invalid("time_zone", k))?;
    let mut tx = db.begin().await?;
    let id = partners::create(
        &mut tx,
        name.as_str(),
        currency.code(),
        time_zone.as_str(),
        Utc::now(),
    )
    .await?;
    let new = Fields::new()
        .with(Field::Name, name.as_str())
        .with(Field::Currency, currency.code())
        .with(Field::TimeZone, time_zone.as_str());
    audit(
        &mut tx,
        actor,
        Kind::PartnerCreate,
        &partner_target(id, name.as_str()),
        "",
        &new.to_stored(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a partner and sets its time zone.
pub async fn update_partner(
    db: &Db,
    actor: &Actor,
    id: PartnerId,
    name: &str,
    time_zone: &str,
) -> Result<(), AdminError> {
    let name = PartnerName::parse(name).map_err(|k| AdminError::Invalid("name", k))?;
    let time_zone =
        TimeZoneName::parse(time_zone).map_err(|k| AdminError::Invalid("time_zone", k))?;
    let mut tx = db.begin().await?;
    let old = partners::admin_find(&mut tx, id)
        .await?
        .ok_or(AdminError::PartnerNotFound(id))?;
    partners::update(&mut tx, id, name.as_str(), time_zone.as_str()).await?;
    let target = partner_target(id, name.as_str());
    if old.name != name.as_str() {
        audit(
            &mut tx,
            actor,
            Kind::PartnerRename,
            &target,
            &Fields::new().with(Field::Name, &old.name).to_stored(),
            &Fields::new().with(Field::Name, name.as_str()).to_stored(),
        )
        .await?;
    }
    if old.time_zone != time_zone.as_str() {
        audit(
            &mut tx,
            actor,
            Kind::PartnerTimeZone,
            &target,
            &Fields::new()
                .with(Field::TimeZone, &old.time_zone)
                .to_stored(),
            &Fields::new()
                .with(Field::TimeZone, time_zone.as_str())
                .to_stored(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Archives a partner (`archived`) or restores it. An archived partner keeps
/// its data but leaves every switcher and portfolio, and its members and PDMs
/// can no longer open it.
pub async fn set_partner_archived(
    db: &Db,
    actor: &Actor,
    id: PartnerId,
    archived: bool,
) -> Result<(), AdminError> {
    let mut tx = db.begin().await?;
    let old = partners::admin_find(&mut tx, id)
        .await?
        .ok_or(AdminError::PartnerNotFound(id))?;
    if old.archived_at.is_some() != archived {
        partners::set_archived(&mut tx, id, archived.then(Utc::now)).await?;
        let (kind, old_value, new_value) = if archived {
            (Kind::PartnerArchive, "active", "archived")
        } else {
            (Kind::PartnerRestore, "archived", "active")
        };
        audit(
            &mut tx,
            actor,
            kind,
            &partner_target(id, &old.name),
            old_value,
            new_value,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- users -------------------------------------------------------------
