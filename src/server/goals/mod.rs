//! A partner's annual plans: the goals page and the wizard's data, the wizard's
//! form post (its steps, the growth preview, the save), and the CSV export of
//! the targets. Checked by the same `Access::allow` as every server function.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::goals::{
    goal_field, parse_target, target_field, target_input, CompanyGoal, GoalCategory, GrowthPercent,
    PlanContent, Subject, PLAN_YEARS, REASON_MAX,
};
use crate::model::metrics::{Metric, YearMetrics};
use crate::model::{Currency, PartnerId};
use crate::server::authz::{Access, PartnerScope, Touches};
use crate::server::clock::local_time;
use crate::server::figures::DealFigures;
use crate::server::store::goals::{self, Edit, RevisionRow, Saved};
use crate::server::web::cookies;
use crate::server::web::forms::{redirect_with_flash, Submitted};
use crate::server::web::respond::{param, partner_csv, refused};
use crate::server::web::views::partner_view;
use crate::views::{ChangeView, FlashView, GoalsView, PlanView, SaveView};
use axum::extract::{Path, RawQuery};
use axum::response::Response;
use axum::Form;
use chrono::{Datelike, Utc};

/// The wizard's form key, for its flash.
pub const WIZARD_FORM: &str = "goals";

/// The year in a goals URL: the current year when absent.
pub fn read_year(raw: Option<&str>) -> Result<i32, AppError> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    let year = match raw {
        None => Utc::now().year(),
        Some(raw) => raw
            .parse::<i32>()
            .map_err(|_| AppError::invalid("year", Key::ErrPlanYear))?,
    };
    if PLAN_YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(AppError::invalid("year", Key::ErrPlanYear))
    }
}

/// The goals page or the wizard: the plan, last year's actuals and the
/// history (on the wizard, only the changes after version `since`).
pub async fn view(
    access: &Access,
    year: Option<String>,
    since: Option<i64>,
    history_page: Option<u32>,
) -> Result<GoalsView, AppError> {
    let (year, year_refused) = match read_year(year.as_deref()) {
        Ok(year) => (year, false),
        Err(_) => (Utc::now().year(), true),
    };
    let (scope, partner, _) = access.partner().await?;
    let db = &access.state.db;
    let plan = goals::load(db, &scope, year).await?;
    let previous = DealFigures::open(&access.state.db, &access.state.figures, &scope)
        .await?
        .year_metrics(year - 1)
        .await?;
    let previous_has_data = Metric::ALL.into_iter().any(|m| previous.total(m) > 0);
    let history = match &plan {
        Some(plan) => goals::revisions(db, plan.id, since.unwrap_or(0)).await?,
        None => Vec::new(),
    };
    let history = saves(access, history);
    // The wizard shows every save since its own; the page, one page of them.
    let (history, history_page, history_pages) = match since {
        Some(_) => (history, 1, 1),
        None => one_page(history, history_page.unwrap_or(1)),
    };
    let years = year_choices(db, &scope, year).await?;
    Ok(GoalsView {
        partner: partner_view(&partner),
        year,
        year_refused,
        years,
        plan: plan.map(|p| PlanView {
            version: p.version,
            content: p.content,
            updated: (p.updated_by, local_time(access, p.updated_at)),
        }),
        previous,
        previous_has_data,
        history,
        history_page,
        history_pages,
    })
}

/// Saves shown on one page of a plan's history.
pub const HISTORY_PAGE: usize = 10;

/// Page `page` of `saves` (counted from 1, kept within the pages there are),
/// that page's number and how many pages there are.
fn one_page(saves: Vec<SaveView>, page: u32) -> (Vec<SaveView>, u32, u32) {
    let pages = saves.len().div_ceil(HISTORY_PAGE).max(1);
    let page = (page.max(1) as usize).min(pages);
    let shown = saves
        .into_iter()
        .skip((page - 1) * HISTORY_PAGE)
        .take(HISTORY_PAGE)
        .collect();
    (shown, page as u32, pages as u32)
}

/// The years a year chooser offers: those with a plan, the current year and
/// the ones around it, and the one shown; newest first.
pub async fn year_choices(
    db: &crate::server::db::Db,
    scope: &PartnerScope,
    shown: i32,
) -> Result<Vec<i32>, AppError> {
    let mut years = goals::years(db, scope).await?;
    let now = Utc::now().year();
    years.extend((now - 2..=now + 1).chain([shown]));
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

/// A plan's revisions (newest first) as one entry per save: who, when and
/// why once, and each goal and target it changed, in the plan's own order
/// (goals, then each metric's months).
pub fn saves(access: &Access, rows: Vec<RevisionRow>) -> Vec<SaveView> {
    let mut saves: Vec<SaveView> = Vec::new();
    for r in rows {
        let Some(subject) = Subject::parse(&r.subject) else {
            continue;
        };
        let change = ChangeView {
            subject,
            old: r.old_value,
            new: r.new_value,
        };
        match saves.last_mut() {
            Some(save) if save.version == r.version => save.changes.push(change),
            _ => {
                saves.push(SaveView {
                    version: r.version,
                    by: r.changed_by,
                    at: local_time(access, r.changed_at),
                    reason: r.reason,
                    review: r.review_id.zip(
                        r.review_year
                            .zip(r.review_quarter)
                            .and_then(|(y, q)| crate::model::reviews::Quarter::new(y, q as u32)),
                    ),
                    changes: vec![change],
                });
            }
        }
    }
    for save in &mut saves {
        save.changes.sort_by_key(|c| c.subject.order());
    }
    saves
}

/// The goals and targets as typed, or each problem on its field.
fn read_content(form: &Submitted, year: i32, currency: Currency) -> Result<PlanContent, AppError> {
    let mut check = Validation::new();
    let mut content = PlanContent::empty(year);
    for (i, category) in GoalCategory::ALL.into_iter().enumerate() {
        let field = goal_field(category);
        if let Some(goal) = check.check(&field, CompanyGoal::parse(form.get(&field))) {
            content.goals[i] = goal.as_str().to_string();
        }
    }
    read_targets(form, currency, &mut check, &mut content.targets);
    check.finish(Some(content))
}

fn read_targets(
    form: &Submitted,
    currency: Currency,
    check: &mut Validation,
    into: &mut YearMetrics,
) {
    for metric in Metric::ALL {
        for month in 1..=12 {
            let field = target_field(metric, month);
            if let Some(value) =
                check.check(&field, parse_target(form.get(&field), metric, currency))
            {
                into.set(metric, month, value);
            }
        }
    }
}

fn read_goals_only(form: &Submitted) -> Result<(), AppError> {
    let mut check = Validation::new();
    for category in GoalCategory::ALL {
        let field = goal_field(category);
        check.check(&field, CompanyGoal::parse(form.get(&field)));
    }
    check.finish(Some(()))
}

fn read_growth(form: &Submitted) -> Result<GrowthPercent, AppError> {
    form.get("growth")
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(GrowthPercent::parse)
        .ok_or_else(|| AppError::invalid("growth", Key::ErrGrowthChoice))
}

/// `POST /p/{partner}/goals/edit`: the wizard's one form. "Next", "Back" and
/// the growth preview carry what was typed to the next step (in a one-time
/// flash, as a failed post does); "Save and exit" saves everything in one
/// transaction and returns to the goals page.
pub async fn wizard_post(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let locale = access.locale;
    let access = match access.allow(Touches::Partner(partner_id)).await {
        Ok(access) => access,
        Err(error) => return refused(locale, error),
    };
    let mut form = Submitted(fields);
    let year = match read_year(Some(form.get("year"))) {
        Ok(year) => year,
        Err(error) => return refused(locale, error),
    };
    let (scope, _, currency) = match access.partner().await {
        Ok(found) => found,
        Err(error) => return refused(locale, error),
    };
    let secure = cookies::secure_for(&access.state.config, &access.parts.headers);
    let page = |step: u32| format!("/p/{partner_id}/goals/edit?year={year}&step={step}");
    let action = form.get("action").to_string();
    let (step, error) = match action.as_str() {
        "back" => (1, None),
        "next" => (2, read_goals_only(&form).err()),
        "preview" => (2, read_growth(&form).err()),
        "apply" => match apply_growth(&access, &scope, &mut form, year, currency).await {
            Ok(()) => (2, None),
            Err(error) => (2, Some(error)),
        },
        "save" => match save(&access, &scope, &form, year, currency).await {
            Ok(()) => {
                let flash = FlashView {
                    form: WIZARD_FORM.into(),
                    notice: Some(Key::Saved),
                    ..FlashView::default()
                };
                let overview = format!("/p/{partner_id}/goals?year={year}");
                return redirect_with_flash(&access.state, secure, overview, Some(flash)).await;
            }
            Err(error) => (2, Some(error)),
        },
        _ => return refused(locale, AppError::BadRequest),
    };
    // A refused goal is shown on step 1, where goals are typed; the preview
    // is kept only while chosen.
    let goal_refused = matches!(&error, Some(AppError::Invalid(fields))
        if fields.iter().any(|f| f.field.starts_with("goal_")));
    let step = if goal_refused { 1 } else { step };
    if action != "preview" || error.is_some() {
        form.set("growth", String::new());
    }
    let flash = FlashView {
        form: WIZARD_FORM.into(),
        values: form.0,
        error,
        notice: None,
    };
    redirect_with_flash(&access.state, secure, page(step), Some(flash)).await
}

/// Fills every target with last year's actual grown by the chosen percentage.
async fn apply_growth(
    access: &Access,
    scope: &PartnerScope,
    form: &mut Submitted,
    year: i32,
    currency: Currency,
) -> Result<(), AppError> {
    let growth = read_growth(form)?;
    let previous = DealFigures::open(&access.state.db, &access.state.figures, scope)
        .await?
        .year_metrics(year - 1)
        .await?;
    let grown = growth.targets_from(&previous, year, currency);
    for metric in Metric::ALL {
        for month in 1..=12 {
            let value = target_input(metric, grown.month(metric, month), currency);
            form.set(&target_field(metric, month), value);
        }
    }
    Ok(())
}

async fn save(
    access: &Access,
    scope: &PartnerScope,
    form: &Submitted,
    year: i32,
    currency: Currency,
) -> Result<(), AppError> {
    let content = read_content(form, year, currency);
    let reason = form.get("reason").trim();
    let mut check = Validation::new();
    if reason.chars().count() > REASON_MAX {
        check.fail("reason", Key::ErrReasonTooLong);
    }
    let content = match (content, check.finish(Some(()))) {
        (Ok(content), Ok(())) => content,
        (Err(AppError::Invalid(mut a)), Err(AppError::Invalid(b))) => {
            a.extend(b);
            return Err(AppError::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let expected = match form.get("version").trim() {
        "" => None,
        v => Some(v.parse::<i64>().map_err(|_| AppError::BadRequest)?),
    };
    let edit = Edit {
        by: access.user.as_ref().map(|s| s.user.id),
        at: Utc::now(),
        reason,
        review: None,
    };
    let mut tx = access.state.db.begin().await?;
    match goals::save(&mut tx, scope, year, expected, &content, &edit).await? {
        Saved::Done(_) => {
            tx.commit().await?;
            Ok(())
        }
        Saved::Stale => Err(AppError::Conflict),
    }
}

/// `GET /p/{partner}/goals.csv?year=Y`: the targets beside last year's actuals.
pub async fn export(
    access: Access,
    Path(partner_id): Path<PartnerId>,
    RawQuery(query): RawQuery,
) -> Response {
    partner_csv(access, partner_id, query, export_csv).await
}

async fn export_csv(
    access: Access,
    params: Vec<(String, String)>,
) -> Result<(String, Vec<u8>), AppError> {
    let year = read_year(param(&params, "year"))?;
    let (scope, _, currency) = access.partner().await?;
    let db = &access.state.db;
    let targets = goals::load(db, &scope, year)
        .await?
        .map(|p| p.content.targets)
        .unwrap_or_else(|| YearMetrics::empty(year));
    let previous = DealFigures::open(&access.state.db, &access.state.figures, &scope)
        .await?
        .year_metrics(year - 1)
        .await?;
    // Every cell is a number or a code the app defines, never text a person
    // typed, so none can begin a formula (see `model::csv_cell`).
    let mut body = String::from("metric,month,previous_year_actual,target,currency\r\n");
    for metric in Metric::ALL {
        for month in 1..=12 {
            let code = if metric.is_money() {
                currency.code()
            } else {
                ""
            };
            body.push_str(&format!(
                "{},{year}-{month:02},{},{},{code}\r\n",
                metric.as_str(),
                target_input(metric, previous.month(metric, month), currency),
                target_input(metric, targets.month(metric, month), currency),
            ));
        }
    }
    Ok((
        format!("targets-{}-{year}.csv", scope.partner_id()),
        body.into_bytes(),
    ))
}
