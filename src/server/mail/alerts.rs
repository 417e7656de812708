//! Off-track alerts: when a goal's pacing (the progress page's own rule,
//! `model::progress::pacing`) turns from on track (or better) to behind (or
//! worse), the partner's members and PDMs are emailed, once per goal and
//! month.
//!
//! A job looks at every open partner's goals each minute; each goal's last
//! status is kept (`goal_pacing`), and a status is written, and its alert
//! queued, in one transaction, only when it changed. A change of deals,
//! targets or simply the days passing is seen at the next run.

use super::compose::Body;
use crate::i18n::Key;
use crate::model::mail::{turned_off_track, MailKind};
use crate::model::metrics::{percent, Metric};
use crate::model::money::Money;
use crate::model::progress::{pacing, PaceStatus};
use crate::model::Locale;
use crate::server::authz::PartnerScope;
use crate::server::figures::DealFigures;
use crate::server::progress;
use crate::server::state::AppState;
use crate::server::store::goal_pacing;
use crate::server::store::mail_outbox::{self, About};
use crate::server::store::partners::{self, PartnerRow};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

/// Looks at every open partner's goals; how many alerts it queued.
pub async fn check(state: &AppState, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let known = goal_pacing::all(&state.db).await?;
    let mut queued = 0;
    for partner in partners::all(&state.db).await? {
        queued += check_partner(state, &partner, &known, now).await?;
    }
    Ok(queued)
}

async fn check_partner(
    state: &AppState,
    partner: &PartnerRow,
    known: &goal_pacing::Known,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let db = &state.db;
    // The job is the installation's own, not a request's.
    let scope = PartnerScope::for_operator(partner.id);
    let today = now
        .with_timezone(&partner.time_zone.parse::<Tz>().unwrap_or(Tz::UTC))
        .date_naive();
    let deals = DealFigures::open(db, &state.figures, &scope).await?;
    let figures = progress::figures(&deals, db, &scope, partner, today.year()).await?;
    let Some(targets) = figures.targets else {
        return Ok(0);
    };
    let mut changed = Vec::new();
    for metric in Metric::ALL {
        let Some(status) = pacing(&figures.actuals, &targets, metric, figures.elapsed).status
        else {
            continue;
        };
        let before = known.get(&(partner.id, metric.as_str().to_string(), today.year()));
        if before != Some(&status) {
            changed.push((metric, before.copied(), status));
        }
    }
    if changed.is_empty() {
        return Ok(0);
    }
    let mut queued = 0;
    let mut tx = db.begin().await?;
    for (metric, before, status) in changed {
        goal_pacing::set(&mut tx, partner.id, metric, today.year(), status, now).await?;
        if before.is_some_and(|before| turned_off_track(before, status)) {
            let about = About {
                period: Some(format!(
                    "{}-{:02}.{}",
                    today.year(),
                    today.month(),
                    metric.as_str()
                )),
                ..About::default()
            };
            queued += mail_outbox::queue_for_partner(
                &mut tx,
                MailKind::OffTrack,
                partner.id,
                &about,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(queued)
}

/// The goal an alert's period names (`2026-12.sourced_deal_mrr`).
pub fn metric_of(period: &str) -> Option<Metric> {
    let (_, metric) = period.split_once('.')?;
    Metric::ALL.into_iter().find(|m| m.as_str() == metric)
}

/// Writes the alert about `metric` at `partner` into `body`; its subject, or
/// `None` when the goal is no longer off track.
pub async fn compose(
    state: &AppState,
    partner: &PartnerRow,
    scope: &PartnerScope,
    metric: Metric,
    locale: Locale,
    body: &mut Body,
) -> Result<Option<String>, sqlx::Error> {
    let db = &state.db;
    let today = crate::server::clock::partner_today(partner);
    let deals = DealFigures::open(db, &state.figures, scope).await?;
    let figures = progress::figures(&deals, db, scope, partner, today.year()).await?;
    let Some(targets) = figures.targets else {
        return Ok(None);
    };
    let pace = pacing(&figures.actuals, &targets, metric, figures.elapsed);
    let Some(status) = pace
        .status
        .filter(|s| matches!(s, PaceStatus::Behind | PaceStatus::AtRisk))
    else {
        return Ok(None);
    };
    let shown = |v: i64| {
        if metric.is_money() {
            Money::new(v, partner.currency).display()
        } else {
            v.to_string()
        }
    };
    let goal = metric.label().text(locale);
    body.para(&Key::MailOffTrackIntro.format(
        locale,
        &[
            ("goal", goal),
            ("partner", &partner.name),
            ("status", status.label().text(locale)),
        ],
    ));
    body.para(
        &Key::MailOffTrackFigures.format(
            locale,
            &[
                ("actual", &shown(pace.year_to_date_actual)),
                ("due", &shown(pace.year_to_date_target)),
                ("projected", &shown(pace.projected_year_end.unwrap_or(0))),
                ("target", &shown(pace.annual_target)),
                (
                    "percent",
                    &percent(pace.projected_year_end.unwrap_or(0), pace.annual_target)
                        .unwrap_or(0)
                        .to_string(),
                ),
            ],
        ),
    );
    if let Some(needed) = pace.needed_per_month {
        body.para(&Key::MailOffTrackNeeded.format(locale, &[("needed", &shown(needed))]));
    }
    body.button(
        Key::MailOpenProgress.text(locale),
        &format!("{}/p/{}/progress", state.mail.site_url, partner.id),
    );
    Ok(Some(Key::MailOffTrackSubject.format(
        locale,
        &[
            ("goal", goal),
            ("partner", &partner.name),
            ("status", status.label().text(locale)),
        ],
    )))
}
