//! `/p/{partner}/deals/new` and `/p/{partner}/deals/{deal}`: one deal's form.
//! A save names the version it started from; a save over a newer one comes
//! back with what was typed and the conflict, and nothing is overwritten.

use super::{partner_param, PartnerData, PartnerLine, LINK_CLASS};
use crate::api::deals::{open_deal, CreateDeal, DeleteDeal, UpdateDeal};
use crate::i18n::Key;
use crate::model::money::plain_amount;
use crate::model::{Currency, DealId, DealKind, DealStage};
use crate::ui::forms::{
    ConfirmDelete, Field, Form, FormState, SelectField, TextAreaField, BUTTON_CLASS,
};
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use crate::views::DealDetail;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DealFormPage() -> impl IntoView {
    let params = use_params_map();
    let partner = partner_param();
    // No deal segment: the form for a new deal.
    let ids = move || {
        (
            partner(),
            params.with(|p| p.get("deal").map(|s| s.parse::<DealId>().ok())),
        )
    };
    let detail = Resource::new(ids, |(partner, deal)| async move {
        match (partner, deal) {
            (Some(partner), None) => open_deal(partner, None).await,
            (Some(partner), Some(Some(deal))) => open_deal(partner, Some(deal)).await,
            _ => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <PartnerData resource=detail render=|detail: DealDetail| view! { <DealFormView detail /> } /> }
}

#[component]
fn DealFormView(detail: DealDetail) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let info = session
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    let partner = detail.partner.clone();
    let back = format!("/p/{}/deals", partner.id);
    let currency = partner.currency;
    let deal = detail.deal.clone();
    let title = i18n
        .t(if deal.is_some() {
            Key::EditDeal
        } else {
            Key::AddDeal
        })
        .to_string();
    let state = FormState::of(&info, "deal");
    let kinds = DealKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), i18n.t(k.label()).to_string()))
        .collect::<Vec<_>>();
    let stages = DealStage::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), i18n.t(s.label()).to_string()))
        .collect::<Vec<_>>();
    // The partner's stages, each with the probability it counts at; a
    // stage the deal names that the list lacks is kept as it is.
    let mut pipeline_stages = vec![(String::new(), i18n.t(Key::NoPipelineStage).to_string())];
    pipeline_stages.extend(
        detail
            .stages
            .iter()
            .map(|(name, p)| (name.clone(), format!("{name} ({p}%)"))),
    );
    let own_stage = deal.as_ref().and_then(|d| d.pipeline_stage.clone());
    if let Some(stage) = own_stage
        .as_ref()
        .filter(|s| !detail.stages.iter().any(|(n, _)| n == *s))
    {
        pipeline_stages.push((stage.clone(), stage.clone()));
    }
    let d = deal.clone();
    let field =
        move |f: fn(&crate::views::DealView) -> String| d.as_ref().map(f).unwrap_or_default();
    let action = if deal.is_some() {
        UpdateDeal::PATH
    } else {
        CreateDeal::PATH
    };
    // After a conflict the version the user started from comes back, so that
    // saving again cannot overwrite what they have not seen.
    let version = state
        .value("version")
        .or_else(|| deal.as_ref().map(|d| d.version.to_string()));
    let who = |by: Option<String>| by.unwrap_or_else(|| i18n.t(Key::CommandLine).to_string());
    let history =
        [
            detail.created.clone().map(|(by, when)| {
                i18n.format(Key::CreatedBy, &[("name", &who(by)), ("when", &when)])
            }),
            detail.changed.clone().map(|(by, when)| {
                i18n.format(Key::ChangedBy, &[("name", &who(by)), ("when", &when)])
            }),
        ];
    let theirs = (state.error() == Some(crate::error::AppError::Conflict))
        .then(|| deal.clone())
        .flatten()
        .map(|saved| view! { <TheirVersion saved state=state.clone() currency changed=history[1].clone() /> });
    let delete = deal
        .as_ref()
        .map(|d| view! { <DeleteSection id=d.id version=d.version info=info.clone() /> });
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1"><a href=back.clone() class=format!("{LINK_CLASS} text-sm")>{i18n.t(Key::BackToDeals)}</a></p>
        {theirs}
        <section class="mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <Form state action class="grid gap-4 sm:grid-cols-2">
                {match &deal {
                    Some(d) => view! {
                        <input type="hidden" name="deal_id" value=d.id.to_string() />
                        <input type="hidden" name="version" value=version.clone() />
                    }.into_any(),
                    None => view! { <input type="hidden" name="partner_id" value=partner.id.to_string() /> }.into_any(),
                }}
                <div class="sm:col-span-2">
                    <Field name="name" label=Key::ColDealName value=field(|d| d.name.clone()) />
                </div>
                <SelectField name="kind" label=Key::ColKind options=kinds selected=deal.as_ref().map_or("sourced", |d| d.kind.as_str()) />
                <SelectField name="stage" label=Key::ColStage options=stages selected=deal.as_ref().map_or("open", |d| d.stage.as_str()) />
                <Field name="create_date" label=Key::ColCreateDate kind="date" value=field(|d| d.create_date.to_string()) />
                <Field name="close_date" label=Key::ColCloseDate kind="date" optional=true hint=Key::CloseDateHint value=field(|d| d.close_date.map(|c| c.to_string()).unwrap_or_default()) />
                <Field
                    name="mrr"
                    label=Key::ColMrr
                    label_text=i18n.format(Key::MrrInCurrency, &[("currency", currency.code())])
                    inputmode="decimal"
                    value=deal.as_ref().map(|d| plain_amount(d.mrr, currency)).unwrap_or_default()
                />
                <SelectField name="pipeline_stage" label=Key::PipelineStage options=pipeline_stages selected=own_stage.unwrap_or_default() />
                <Field name="probability" label=Key::Probability optional=true inputmode="numeric" hint=Key::ProbabilityHint value=deal.as_ref().and_then(|d| d.probability).map(|p| p.to_string()).unwrap_or_default() />
                <Field name="external_id" label=Key::ColRecordId optional=true hint=Key::RecordIdHint value=field(|d| d.external_id.clone().unwrap_or_default()) />
                <Field name="owner" label=Key::ColOwner optional=true autocomplete="off" value=field(|d| d.owner.clone()) />
                <Field name="company" label=Key::ColCompany optional=true autocomplete="organization" value=field(|d| d.company.clone()) />
                <div class="sm:col-span-2">
                    <TextAreaField name="notes" label=Key::ColNotes value=field(|d| d.notes.clone()) />
                </div>
                <div class="flex items-center gap-4 sm:col-span-2">
                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                    <a href=back class=format!("{LINK_CLASS} text-sm")>{i18n.t(Key::Cancel)}</a>
                </div>
            </Form>
            <ul class="mt-4 space-y-1 text-sm text-slate-600">
                {history.into_iter().flatten().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </section>
        {delete}
    }
}

/// After a refused save: the fields where the version saved now differs from
/// what the user entered, so they can merge by hand rather than guess.
#[component]
fn TheirVersion(
    saved: crate::views::DealView,
    state: FormState,
    currency: Currency,
    changed: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed = |field: &str| state.value(field).unwrap_or_default();
    let money = crate::model::Money::new(saved.mrr, currency).display();
    let typed_mrr = crate::model::money::parse_amount(&typed("mrr"), currency).ok();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let fields = [
        (
            Key::ColDealName,
            typed("name").trim() != saved.name,
            saved.name.clone(),
        ),
        (
            Key::ColKind,
            typed("kind") != saved.kind.as_str(),
            i18n.t(saved.kind.label()).to_string(),
        ),
        (
            Key::ColStage,
            typed("stage") != saved.stage.as_str(),
            i18n.t(saved.stage.label()).to_string(),
        ),
        (
            Key::ColCreateDate,
            typed("create_date") != saved.create_date.to_string(),
            saved.create_date.to_string(),
        ),
        (
            Key::ColCloseDate,
            typed("close_date") != date(saved.close_date),
            date(saved.close_date),
        ),
        (Key::ColMrr, typed_mrr != Some(saved.mrr), money),
        (
            Key::ColRecordId,
            typed("external_id").trim() != saved.external_id.clone().unwrap_or_default(),
            saved.external_id.clone().unwrap_or_default(),
        ),
        (
            Key::ColOwner,
            typed("owner").trim() != saved.owner,
            saved.owner.clone(),
        ),
        (
            Key::ColCompany,
            typed("company").trim() != saved.company,
            saved.company.clone(),
        ),
        (
            Key::ColNotes,
            typed("notes").trim_end() != saved.notes,
            saved.notes.clone(),
        ),
        (
            Key::PipelineStage,
            typed("pipeline_stage").trim() != saved.pipeline_stage.as_deref().unwrap_or(""),
            saved.pipeline_stage.clone().unwrap_or_default(),
        ),
        (
            Key::Probability,
            crate::model::forecast::parse_probability(&typed("probability"))
                .ok()
                .flatten()
                != saved.probability,
            saved
                .probability
                .map(|p| format!("{p}%"))
                .unwrap_or_default(),
        ),
    ];
    view! {
        <section aria-labelledby="theirs-heading" class="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4">
            <h2 id="theirs-heading" class="font-medium">{i18n.t(Key::TheirVersion)}</h2>
            {changed.map(|line| view! { <p class="text-sm text-slate-800">{line}</p> })}
            <p class="text-sm text-slate-800">{i18n.t(Key::TheirVersionHint)}</p>
            <dl class="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                {fields
                    .into_iter()
                    .filter(|(_, differs, _)| *differs)
                    .map(|(label, _, value)| view! {
                        <dt class="font-medium text-slate-800">{i18n.t(label)}</dt>
                        <dd class="whitespace-pre-wrap text-slate-900">{if value.is_empty() { "—".to_string() } else { value }}</dd>
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn DeleteSection(id: DealId, version: i64, info: crate::views::SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::of(&info, "deal-delete");
    let hidden = vec![
        ("deal_id", id.to_string()),
        ("version", version.to_string()),
    ];
    view! {
        <section aria-labelledby="delete-heading" class="mt-6 rounded-lg border border-red-200 bg-white p-6 shadow-sm">
            <h2 id="delete-heading" class="text-lg font-medium">{i18n.t(Key::DeleteDeal)}</h2>
            <ConfirmDelete state action=DeleteDeal::PATH hidden confirm=Key::ConfirmDeleteDeal button=Key::DeleteDeal />
        </section>
    }
}
