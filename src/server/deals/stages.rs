//! `/p/{partner}/deals/stages`: the partner's pipeline stages and their
//! probabilities, which members and the partner's PDMs set. Every change is
//! in the audit log, in the transaction that makes it.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::audit::{Field, Fields, Kind, Target};
use crate::model::forecast::{parse_probability, stage_name};
use crate::server::authz::{Access, PartnerScope};
use crate::server::db::Tx;
use crate::server::store::{audit, deal_stages};
use crate::server::web::forms;
use crate::server::web::views::partner_view;
use crate::views::StagesView;
use chrono::Utc;

pub async fn view(access: &Access) -> Result<StagesView, AppError> {
    let (scope, partner, _) = access.partner().await?;
    let stages = deal_stages::list(&access.state.db, &scope).await?;
    Ok(StagesView {
        partner: partner_view(&partner),
        stages: stages
            .into_iter()
            .map(|s| (s.name, s.probability, s.open_deals))
            .collect(),
    })
}

fn stages_page(scope: &PartnerScope) -> String {
    format!("/p/{}/deals/stages", scope.partner_id())
}

/// A stage's probability as posted: required.
fn whole_percent(text: &str) -> Result<i32, Key> {
    match parse_probability(text) {
        Ok(Some(p)) => Ok(i32::from(p)),
        Ok(None) | Err(_) => Err(Key::ErrProbability),
    }
}

/// Sets one stage's probability.
pub async fn set(access: &Access, name: &str, text: &str) -> Result<(), AppError> {
    let (scope, partner, _) = access.partner().await?;
    let p = whole_percent(text).map_err(|e| AppError::invalid("probability", e))?;
    let now = Utc::now();
    let mut tx = begin(access, &scope).await?;
    let old = deal_stages::set_probability(&mut tx, &scope, name, p, by(access), now)
        .await?
        .ok_or(AppError::NotFound)?;
    if old != p {
        let fields = |p: i32| {
            Fields::new()
                .with(Field::Stage, name)
                .with(Field::Probability, format!("{p}%"))
        };
        write_audit(
            &mut tx,
            access,
            &partner,
            Kind::StageProbability,
            &fields(old),
            &fields(p),
        )
        .await?;
    }
    tx.commit().await?;
    forms::landing(&stages_page(&scope));
    forms::notice(Key::StagesSaved);
    Ok(())
}

/// Adds a stage no deal has named yet.
pub async fn add(access: &Access, name: &str, text: &str) -> Result<(), AppError> {
    let (scope, partner, _) = access.partner().await?;
    // Both fields' problems at once.
    let mut v = Validation::new();
    let name = v.check(
        "name",
        stage_name(name).and_then(|n| n.ok_or(Key::ErrStageNameRequired)),
    );
    let p = v.check("probability", whole_percent(text));
    let (name, p) = v.finish(name.zip(p))?;
    let now = Utc::now();
    let mut tx = begin(access, &scope).await?;
    if !deal_stages::add(&mut tx, &scope, &name, p, by(access), now).await? {
        return Err(AppError::invalid("name", Key::ErrStageExists));
    }
    let fields = Fields::new()
        .with(Field::Stage, &name)
        .with(Field::Probability, format!("{p}%"));
    write_audit(
        &mut tx,
        access,
        &partner,
        Kind::StageCreate,
        &Fields::new(),
        &fields,
    )
    .await?;
    tx.commit().await?;
    forms::landing(&stages_page(&scope));
    forms::notice(Key::StageAdded);
    Ok(())
}

/// A transaction in which the partner's stages change one writer at a
/// time: two people setting one stage at once each log the value the other
/// left, not the same old one.
async fn begin(access: &Access, scope: &PartnerScope) -> Result<Tx, sqlx::Error> {
    let mut tx = access.state.db.begin().await?;
    tx.serialize_on(&format!("deal-stages:{}", scope.partner_id()))
        .await?;
    Ok(tx)
}

fn by(access: &Access) -> Option<crate::model::UserId> {
    access.user.as_ref().map(|s| s.user.id)
}

async fn write_audit(
    tx: &mut Tx,
    access: &Access,
    partner: &crate::server::store::partners::PartnerRow,
    kind: Kind,
    old: &Fields,
    new: &Fields,
) -> Result<(), sqlx::Error> {
    let user = access.user.as_ref().map(|s| &s.user);
    let target = Target::Partner {
        id: partner.id.0,
        name: partner.name.clone(),
    }
    .to_stored();
    let (old, new) = (old.to_stored(), new.to_stored());
    let empty = |f: &str| {
        if f == "{}" {
            String::new()
        } else {
            f.to_string()
        }
    };
    audit::write(
        tx,
        &audit::Entry {
            actor_user_id: user.map(|u| u.id),
            actor: user
                .map(|u| u.email.as_str())
                .unwrap_or(crate::model::audit::COMMAND_LINE),
            kind: kind.as_str(),
            target: &target,
            old_value: &empty(&old),
            new_value: &empty(&new),
        },
        Utc::now(),
    )
    .await
}
