//! `/p/{partner}/goals/edit?year=Y&step=1|2`: the "Set annual goals" wizard.
//! One plain form posted to `server::goals::wizard_post` at every step: what
//! was typed travels between the steps in a one-time flash, so "Back" and
//! "Next" keep it, with or without JavaScript. Step 2's grid is an island.

use super::{year_param, History};
use crate::api::goals::open_goals;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::goals::{
    goal_field, parse_target, target_field, target_input, GoalCategory, GrowthPercent,
};
use crate::model::metrics::Metric;
use crate::model::Currency;
use crate::ui::forms::{
    ErrorSummary, Field, FormState, TextAreaField, BUTTON_CLASS, FORM_KEY, INPUT_CLASS,
};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::{
    typed_targets, CancelLink, Cell, GrowthPreview, LeaveGuard, TargetsGrid, TargetsTable,
};
use crate::ui::pages::deals::{
    partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS,
};
use crate::ui::session::use_session;
use crate::views::GoalsView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FORM: &str = "goals";

#[component]
pub fn GoalsWizardPage() -> impl IntoView {
    let partner_id = partner_param();
    let year = year_param();
    let query = use_query_map();
    let session = use_session();
    // After a refused stale save: the changes made since the version the
    // editor started from.
    let since = move || {
        let info = session.info.get().and_then(|r| r.ok())?;
        let state = FormState::of(&info, FORM);
        matches!(state.error(), Some(AppError::Conflict))
            .then(|| state.value("version")?.parse::<i64>().ok())
            .flatten()
    };
    let goals = Resource::new(
        move || (partner_id(), year(), since()),
        |(id, year, since)| async move {
            match id {
                Some(id) => open_goals(id, year, Some(since.unwrap_or(i64::MAX)), None).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let step = move || query.with_untracked(|q| q.get("step")).as_deref() == Some("2");
    view! {
        <PartnerData resource=goals render=move |goals: GoalsView| {
            view! { <Wizard goals state=FormState::on_page(FORM) second=step() /> }
        } />
    }
}

/// What a field holds: what was just submitted, else the saved plan.
fn initial(goals: &GoalsView, state: &FormState, currency: Currency, field: &str) -> String {
    if let Some(value) = state.value(field) {
        return value;
    }
    let Some(plan) = &goals.plan else {
        return String::new();
    };
    for (i, category) in GoalCategory::ALL.into_iter().enumerate() {
        if goal_field(category) == field {
            return plan.content.goals[i].clone();
        }
    }
    for metric in Metric::ALL {
        for month in 1..=12 {
            if target_field(metric, month) == field {
                return target_input(metric, plan.content.targets.month(metric, month), currency);
            }
        }
    }
    String::new()
}

#[component]
fn Wizard(goals: GoalsView, state: FormState, second: bool) -> impl IntoView {
    let i18n = use_i18n();
    let currency = goals.partner.currency;
    let year = goals.year;
    let partner = goals.partner.id;
    let overview = format!("/p/{partner}/goals?year={year}");
    let stale = matches!(state.error(), Some(AppError::Conflict));
    // The version this form saves over: after a stale save, the one saved now.
    let version = match (&goals.plan, stale) {
        (Some(plan), true) => plan.version.to_string(),
        (plan, false) => state.value("version").unwrap_or_else(|| {
            plan.as_ref()
                .map(|p| p.version.to_string())
                .unwrap_or_default()
        }),
        (None, true) => String::new(),
    };
    let value = |field: &str| initial(&goals, &state, currency, field);
    // Arrived from the other step: the person carries on at this step's top.
    let went_on = state.went_on();
    // Edits carried from the other step (or back from a refused save) that
    // are not saved yet: Cancel asks before it drops them.
    let saved = |field: &str| initial(&goals, &FormState::default(), currency, field);
    let unsaved = GoalCategory::ALL.into_iter().any(|c| {
        let field = goal_field(c);
        value(&field).trim() != saved(&field).trim()
    }) || Metric::ALL.into_iter().any(|metric| {
        (1..=12).any(|month| {
            let field = target_field(metric, month);
            parse_target(&value(&field), metric, currency).ok()
                != parse_target(&saved(&field), metric, currency).ok()
        })
    });
    let goal_fields: Vec<(GoalCategory, String)> = GoalCategory::ALL
        .into_iter()
        .map(|c| (c, value(&goal_field(c))))
        .collect();
    let cells: Vec<Vec<Cell>> = Metric::ALL
        .into_iter()
        .map(|metric| {
            (1..=12)
                .map(|month| {
                    let field = target_field(metric, month);
                    Cell {
                        typed: value(&field),
                        error: state.field_error(&field).map(|k| i18n.t(k)),
                    }
                })
                .collect()
        })
        .collect();
    let reason = value("reason");
    let growth = state.value("growth").unwrap_or_default();
    let heading = if goals.plan.is_some() {
        Key::EditGoals
    } else {
        Key::SetAnnualGoals
    };
    let title = i18n.format(
        Key::GoalsWizardTitle,
        &[
            ("action", i18n.t(heading)),
            ("partner", &goals.partner.name),
            ("year", &year.to_string()),
        ],
    );
    let summary_error = state.error().filter(|e| !matches!(e, AppError::Conflict));
    let hidden =
        |name: String, value: String| view! { <input type="hidden" name=name value=value /> };
    provide_context(state.clone());

    let body = if !second {
        let carried = cells
            .iter()
            .zip(Metric::ALL)
            .flat_map(|(row, metric)| {
                row.iter()
                    .enumerate()
                    .map(move |(i, cell)| (target_field(metric, i as u32 + 1), cell.typed.clone()))
            })
            .chain([("reason".to_string(), reason.clone())])
            .map(|(name, value)| hidden(name, value))
            .collect_view();
        let fields = goal_fields
            .into_iter()
            .map(|(category, text)| {
                view! {
                    <TextAreaField name=goal_field(category) label=category.label() value=text placeholder=example(category) />
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="step-heading" class="mt-6 space-y-4">
                <p class="text-sm text-slate-600">{i18n.format(Key::StepOf, &[("step", "1")])}</p>
                <h2 id="step-heading" tabindex="-1" autofocus=went_on class="text-lg font-medium focus:outline-none">{i18n.t(Key::CompanyGoals)}</h2>
                {carried}
                <div class="grid gap-4 md:grid-cols-2">{fields}</div>
                <div class="flex flex-wrap items-center justify-end gap-3">
                    <LeaveGuard><CancelLink href=overview.clone() class=LINK_CLASS unsaved /></LeaveGuard>
                    <button type="submit" name="action" value="next" class=BUTTON_CLASS>{i18n.t(Key::NextStep)}</button>
                </div>
            </section>
        }
        .into_any()
    } else {
        let carried = goal_fields
            .into_iter()
            .map(|(category, text)| hidden(goal_field(category), text))
            .collect_view();
        let typed = typed_targets(year, currency, |metric, month| {
            cells[Metric::ALL.iter().position(|m| *m == metric).unwrap_or(0)][month as usize - 1]
                .typed
                .clone()
        });
        let preview = growth.parse::<u32>().ok().and_then(GrowthPercent::parse);
        let growth_error = state.field_error("growth").map(|k| i18n.t(k));
        let options = GrowthPercent::CHOICES
            .into_iter()
            .map(|g| view! { <option value=g selected=growth == g.to_string()>{format!("{g}%")}</option> })
            .collect_view();
        let stale_panel = stale.then(|| view! {
            <div role="alert" class="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
                <p>{i18n.t(Key::GoalsStale)}</p>
                <h3 class="mt-3 font-medium">{i18n.t(Key::TheirChanges)}</h3>
                <div class="mt-2"><History saves=goals.history.clone() currency open=true /></div>
            </div>
        });
        view! {
            <section aria-labelledby="step-heading" class="mt-6 space-y-4">
                <p class="text-sm text-slate-600">{i18n.format(Key::StepOf, &[("step", "2")])}</p>
                <h2 id="step-heading" tabindex="-1" autofocus=went_on class="text-lg font-medium focus:outline-none">{i18n.t(Key::MonthlyTargets)}</h2>
                {stale_panel}
                {carried}
                {(!goals.previous_has_data).then(|| view! {
                    <p class="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
                        {i18n.format(Key::NoPreviousData, &[("year", &(year - 1).to_string())])}
                    </p>
                })}
                <TargetsGrid>
                    <div class="flex flex-wrap items-end gap-2">
                        <div class="space-y-1">
                            <label for="field-growth" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ApplyGrowth)}</label>
                            <select
                                id="field-growth"
                                name="growth"
                                aria-invalid=growth_error.map(|_| "true")
                                aria-describedby=growth_error.map(|_| "field-growth-error")
                                class=INPUT_CLASS
                            >
                                <option value="">{i18n.t(Key::ChooseGrowth)}</option>
                                {options}
                            </select>
                        </div>
                        <button type="submit" name="action" value="preview" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::PreviewGrowth)}</button>
                        {growth_error.map(|m| view! { <p id="field-growth-error" class="w-full text-sm text-red-700">{m}</p> })}
                    </div>
                    <GrowthPreview currency previous=goals.previous current=typed growth=preview />
                    <div class="mt-4">
                        <TargetsTable year currency previous=goals.previous targets=typed cells />
                    </div>
                </TargetsGrid>
                {goals.plan.is_some().then(|| view! {
                    <Field name="reason" label=Key::ChangeReason hint=Key::ChangeReasonHint value=reason.clone() optional=true />
                })}
                <div class="flex flex-wrap items-center justify-end gap-3">
                    <LeaveGuard><CancelLink href=overview.clone() class=LINK_CLASS unsaved /></LeaveGuard>
                    <button type="submit" name="action" value="back" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::BackStep)}</button>
                    <button type="submit" name="action" value="save" class=BUTTON_CLASS>{i18n.t(Key::SaveAndExit)}</button>
                </div>
            </section>
        }
        .into_any()
    };

    view! {
        <Title text=title />
        <PartnerLine name=goals.partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{i18n.t(heading)} " · " {year}</h1>
        <form method="post" action=format!("/p/{partner}/goals/edit") novalidate=true class="mt-2">
            // Enter in a field saves on step 2 and goes on from step 1: the
            // first submit button is the form's default. Out of sight and out
            // of the accessibility tree; the visible buttons say the same.
            <button type="submit" name="action" value=if second { "save" } else { "next" } class="sr-only" tabindex="-1" aria-hidden="true">
                {i18n.t(if second { Key::SaveAndExit } else { Key::NextStep })}
            </button>
            <input type="hidden" name=FORM_KEY value=FORM />
            <input type="hidden" name="year" value=year />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="step" value=if second { "2" } else { "1" } />
            <ErrorSummary error=summary_error />
            {body}
        </form>
    }
}

/// The article's example for each goal.
fn example(category: GoalCategory) -> Key {
    match category {
        GoalCategory::Organizational => Key::GoalExampleOrganizational,
        GoalCategory::Revenue => Key::GoalExampleRevenue,
        GoalCategory::People => Key::GoalExamplePeople,
        GoalCategory::Market => Key::GoalExampleMarket,
        GoalCategory::Partnership => Key::GoalExamplePartnership,
    }
}
