//! Changing a review: starting one, and every plain post to it (its notes
//! and plan changes, refreshing its snapshot, completing, reopening,
//! rescheduling a task from it), answered as JSON or as a page with a flash.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::goals::REASON_MAX;
use crate::model::goals::{goal_field, parse_target, target_field, CompanyGoal, GoalCategory};
use crate::model::metrics::Metric;
use crate::model::reviews::{
    fields, forms, parse_held_on, parse_note, Quarter, ReviewNotes, ATTENDEES_MAX, NOTE_MAX,
};
use crate::model::{Currency, PartnerId, ReviewId, TaskId};
use crate::server::authz::{Access, PartnerScope, Touches};
use crate::server::clock::partner_today;
use crate::server::store::goals::{self, Edit};
use crate::server::store::notifications;
use crate::server::store::reviews::{self, ReviewRow, Saved};
use crate::server::web::cookies;
use crate::server::web::forms::{redirect_with_flash, Submitted, FORM_KEY};
use crate::server::web::respond::refused;
use crate::server::web::respond::{json_error, wants_json, Refused};
use crate::views::FlashView;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::Utc;

use super::snapshot::take_snapshot;
use super::user_id;

/// What one change did.
#[derive(serde::Serialize)]
struct Answer {
    id: ReviewId,
    version: i64,
}

/// Answers a change: JSON for a script, else a 303 to `done` with the
/// notice, or back to `back` with what was typed and what went wrong.
async fn answer(
    access: &Access,
    form: Submitted,
    outcome: Result<(ReviewId, i64, Key), Refused>,
    done: String,
    back: String,
) -> Response {
    if wants_json(access) {
        return match outcome {
            Ok((id, version, _)) => Json(Answer { id, version }).into_response(),
            Err(refusal) => json_error(refusal.error),
        };
    }
    let secure = cookies::secure_for(&access.state.config, &access.parts.headers);
    // Each form names itself; only the review's own forms are answered here.
    let key = Some(form.get(FORM_KEY))
        .filter(|k| k.starts_with(forms::PREFIX))
        .unwrap_or(forms::REVIEW)
        .to_string();
    let flash = match outcome {
        Ok((_, _, notice)) => {
            let flash = FlashView {
                form: key,
                notice: Some(notice),
                ..FlashView::default()
            };
            return redirect_with_flash(&access.state, secure, done, Some(flash)).await;
        }
        Err(refusal) => refusal.flash(&key, form),
    };
    redirect_with_flash(&access.state, secure, back, Some(flash)).await
}

/// `POST /p/{partner}/reviews/start`: starts the review of the chosen quarter
/// with its snapshot, and opens it.
pub async fn start_post(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let access = match allowed(access, Touches::Partner(partner_id)).await {
        Ok(access) => access,
        Err(refusal) => return refusal,
    };
    let form = Submitted(fields);
    let outcome = start(&access, &form).await;
    let list = format!("/p/{partner_id}/reviews");
    let done = match &outcome {
        Ok((id, ..)) => format!("{list}/{id}"),
        Err(_) => list.clone(),
    };
    answer(&access, form, outcome, done, list).await
}

/// The caller, if they may touch `touches`; else the refusal, as JSON for a
/// script and as a plain page for a browser.
async fn allowed(access: Access, touches: Touches) -> Result<Access, Response> {
    let (locale, json) = (access.locale, wants_json(&access));
    access.allow(touches).await.map_err(|error| {
        if json {
            json_error(error)
        } else {
            refused(locale, error)
        }
    })
}

async fn start(access: &Access, form: &Submitted) -> Result<(ReviewId, i64, Key), Refused> {
    let (scope, partner, _) = access.partner().await?;
    let quarter = Quarter::parse(form.get("quarter"))
        .ok_or_else(|| AppError::invalid("quarter", Key::ErrReviewQuarter))?;
    if !quarter.has_ended(partner_today(&partner)) {
        return Err(AppError::invalid("quarter", Key::ErrReviewQuarterNotEnded).into());
    }
    let snapshot = take_snapshot(access, &scope, &partner, quarter).await?;
    let now = Utc::now();
    let mut tx = access.state.db.begin().await?;
    let id = reviews::create(&mut tx, &scope, quarter, &snapshot, user_id(access), now)
        .await?
        .ok_or_else(|| AppError::invalid("quarter", Key::ErrReviewExists))?;
    notifications::settle_review_due(&mut tx, scope.partner_id(), quarter, now).await?;
    tx.commit().await?;
    Ok((id, 1, Key::ReviewStarted))
}

/// `POST /p/{partner}/reviews/{review}/save`: one change to a review, named
/// by `action`: `save` (notes, strategy, company goals and targets), `refresh`
/// (the snapshot), `complete`, `reopen` (admins) or `reschedule` (a task).
pub async fn save_post(
    access: Access,
    Path((partner_id, review_id)): Path<(PartnerId, ReviewId)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let access = match allowed(access, Touches::record_of(partner_id, review_id)).await {
        Ok(access) => access,
        Err(refusal) => return refusal,
    };
    let form = Submitted(fields);
    let outcome = change(&access, review_id, &form).await;
    let page = format!("/p/{partner_id}/reviews/{review_id}");
    answer(&access, form, outcome, page.clone(), page).await
}

fn version(form: &Submitted, name: &str) -> Result<i64, AppError> {
    form.get(name)
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest)
}

async fn change(
    access: &Access,
    id: ReviewId,
    form: &Submitted,
) -> Result<(ReviewId, i64, Key), Refused> {
    let (scope, partner, currency) = access.partner().await?;
    let by = user_id(access);
    let now = Utc::now();
    let action = form.get("action");
    // Checked first, so a bad admin-only request changes nothing.
    if action == "reopen" && !access.may_reopen_reviews() {
        return Err(AppError::Forbidden.into());
    }
    let typed = match action {
        "save" => Some(read_save(form, currency)?),
        _ => None,
    };
    let snapshot = match action {
        // Completing freezes what is true at that moment (see `Snapshot`).
        "refresh" | "complete" => {
            let saved = reviews::get(&access.state.db, &scope, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Some(take_snapshot(access, &scope, &partner, saved.quarter()).await?)
        }
        _ => None,
    };
    let mut tx = access.state.db.begin().await?;
    // Changes to one review run one after the other, so none lands on a
    // review that another has just completed.
    tx.serialize_on(&format!("review:{id}")).await?;
    let saved = reviews::get(&mut tx, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if saved.is_complete() && action != "reopen" {
        return Err(AppError::invalid("review", Key::ErrReviewComplete).into());
    }
    let expected = version(form, "version");
    let (version, notice) = match (action, typed, snapshot) {
        ("save", Some(mut typed), _) => {
            let expected = expected?;
            if saved.version == expected {
                for field in fields::COMPARED {
                    if form.get(&format!("keep_{field}")) == "theirs" {
                        typed.notes.set(field, saved.notes().get(field).to_string());
                    }
                }
            }
            let written =
                reviews::save_notes(&mut tx, &scope, id, expected, &typed.notes, by, now).await?;
            let version = match written {
                Saved::Done(v) => v,
                Saved::Missing => return Err(AppError::NotFound.into()),
                Saved::Stale => {
                    return Err(Refused {
                        error: AppError::Conflict,
                        conflicts: typed.notes.differences(&saved.notes()),
                    })
                }
            };
            save_plan(&mut tx, &scope, &saved, &typed, id, by, now).await?;
            (version, Key::Saved)
        }
        ("refresh", _, Some(snapshot)) => {
            let written =
                reviews::refresh_snapshot(&mut tx, &scope, id, expected?, &snapshot, by, now)
                    .await?;
            (done(written)?, Key::SnapshotRefreshed)
        }
        ("complete", _, Some(snapshot)) => {
            let written =
                reviews::complete(&mut tx, &scope, id, expected?, &snapshot, by, now).await?;
            (done(written)?, Key::ReviewCompleted)
        }
        ("reopen", ..) => {
            let written = reviews::reopen(&mut tx, &scope, id, expected?, by, now).await?;
            (done(written)?, Key::ReviewReopened)
        }
        ("reschedule", ..) => {
            // In the review's transaction, under its lock: a review completed
            // meanwhile refuses the change rather than see it land after.
            let task = form
                .get("task_id")
                .trim()
                .parse::<TaskId>()
                .map_err(|_| AppError::BadRequest)?;
            let date = crate::model::date::parse(form.get("due_date"))
                .map_err(|e| AppError::invalid("due_date", e.message()))?;
            let announced = crate::server::tasks::reschedule(
                access,
                &mut tx,
                &scope,
                task,
                version(form, "task_version")?,
                date,
            )
            .await?;
            tx.commit().await?;
            announced.committed();
            return Ok((id, saved.version, Key::TaskRescheduled));
        }
        _ => return Err(AppError::BadRequest.into()),
    };
    tx.commit().await?;
    Ok((id, version, notice))
}

fn done(written: Saved) -> Result<i64, Refused> {
    match written {
        Saved::Done(v) => Ok(v),
        Saved::Stale => Err(AppError::Conflict.into()),
        Saved::Missing => Err(AppError::NotFound.into()),
    }
}

/// The review's form as typed: notes, and when the plan is shown, the
/// company goals and the open months' targets.
struct Typed {
    notes: ReviewNotes,
    goals: Option<[String; 5]>,
    /// (metric, month, value) of every target field posted.
    targets: Vec<(Metric, u32, i64)>,
    plan_version: Option<i64>,
    reason: String,
}

fn read_save(form: &Submitted, currency: Currency) -> Result<Typed, AppError> {
    let mut check = Validation::new();
    let mut notes = ReviewNotes::default();
    let held_on = check.check(fields::HELD_ON, parse_held_on(form.get(fields::HELD_ON)));
    notes.held_on = held_on.unwrap_or_default();
    for (field, max) in [
        (fields::ATTENDEES, ATTENDEES_MAX),
        (fields::WENT_WELL, NOTE_MAX),
        (fields::DID_NOT_GO_WELL, NOTE_MAX),
        (fields::STRATEGY, NOTE_MAX),
    ] {
        if let Some(text) = check.check(field, parse_note(form.get(field), max)) {
            notes.set(field, text);
        }
    }
    let posted = |name: &str| form.0.iter().any(|(n, _)| n == name);
    let goals = GoalCategory::ALL.map(|c| {
        let field = goal_field(c);
        check
            .check(&field, CompanyGoal::parse(form.get(&field)))
            .map(|g| g.as_str().to_string())
            .unwrap_or_default()
    });
    let goals = GoalCategory::ALL
        .into_iter()
        .any(|c| posted(&goal_field(c)))
        .then_some(goals);
    let mut targets = Vec::new();
    for metric in Metric::ALL {
        for month in 1..=12 {
            let field = target_field(metric, month);
            if posted(&field) {
                if let Some(v) =
                    check.check(&field, parse_target(form.get(&field), metric, currency))
                {
                    targets.push((metric, month, v));
                }
            }
        }
    }
    let reason = form.get("reason").trim().to_string();
    if reason.chars().count() > REASON_MAX {
        check.fail("reason", Key::ErrReasonTooLong);
    }
    let plan_version = match form.get("plan_version").trim() {
        "" => None,
        v => Some(v.parse::<i64>().map_err(|_| AppError::BadRequest)?),
    };
    check.finish(Some(Typed {
        notes,
        goals,
        targets,
        plan_version,
        reason,
    }))
}

/// Saves the company goals and targets typed in a review through the plan's
/// one save, which records each change with this review as its reason. A
/// month up to the end of the review's quarter is refused, not written.
async fn save_plan(
    tx: &mut crate::server::db::Tx,
    scope: &PartnerScope,
    review: &ReviewRow,
    typed: &Typed,
    id: ReviewId,
    by: Option<crate::model::UserId>,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    if typed.goals.is_none() && typed.targets.is_empty() {
        return Ok(());
    }
    let quarter = review.quarter();
    let year = quarter.plan_year();
    let mut check = Validation::new();
    for (metric, month, _) in &typed.targets {
        if quarter.locks(year, *month) {
            check.fail(&target_field(*metric, *month), Key::ErrMonthLocked);
        }
    }
    check.finish(Some(()))?;
    let plan = goals::load(&mut *tx, scope, year)
        .await?
        .ok_or_else(|| AppError::invalid("plan", Key::ErrReviewNoPlan))?;
    let mut content = plan.content.clone();
    if let Some(goals) = &typed.goals {
        content.goals = goals.clone();
    }
    for (metric, month, value) in &typed.targets {
        content.targets.set(*metric, *month, *value);
    }
    let edit = Edit {
        by,
        at: now,
        reason: &typed.reason,
        review: Some(id),
    };
    match goals::save(tx, scope, year, typed.plan_version, &content, &edit).await? {
        goals::Saved::Done(_) => Ok(()),
        goals::Saved::Stale => Err(AppError::Conflict),
    }
}
