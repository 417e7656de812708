//! `/p/{partner}/deals/stages`: the partner's pipeline stages, each with the
//! probability its open deals count at in the forecast, changed one stage at
//! a time; and a stage to add. Plain form posts, so it all works without
//! JavaScript.

use super::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::deals::{open_stages, AddStage, SetStageProbability};
use crate::i18n::Key;
use crate::ui::forms::{Field, Form, FormState, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use crate::ui::table::TableScroll;
use crate::views::StagesView;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn StagesPage() -> impl IntoView {
    let partner_id = partner_param();
    let data = Resource::new(partner_id, |id| async move {
        match id {
            Some(id) => open_stages(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <PartnerData resource=data render=|v: StagesView| view! { <Stages view=v /> } /> }
}

#[component]
fn Stages(view: StagesView) -> impl IntoView {
    let i18n = use_i18n();
    let info = use_session()
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    let partner = view.partner.clone();
    let title = i18n.t(Key::StageProbabilities).to_string();
    let rows = view
        .stages
        .clone()
        .into_iter()
        .enumerate()
        .map(|(i, (name, probability, open))| {
            // One form per stage, each with its own key: a refused value
            // comes back on its own row.
            let state = FormState::of(&info, &format!("stage-{i}"));
            let id = format!("stage-{i}-probability");
            let error = state.field_error("probability").map(|k| i18n.t(k));
            let error_id = format!("{id}-error");
            let value = state.value("probability").unwrap_or_else(|| probability.to_string());
            let label = i18n.format(Key::ProbabilityOfNamed, &[("stage", &name)]);
            view! {
                <tr class="border-t border-slate-100 align-top">
                    <th scope="row" class="px-2 py-2 text-left font-normal">{name.clone()}</th>
                    <td class="px-2 py-2 text-right tabular-nums">{open}</td>
                    <td class="px-2 py-2">
                        <Form state action=SetStageProbability::PATH class="flex flex-wrap items-start gap-2">
                            <input type="hidden" name="partner_id" value=partner.id.to_string() />
                            <input type="hidden" name="name" value=name.clone() />
                            <div>
                                <label for=id.clone() class="sr-only">{label}</label>
                                <input
                                    id=id
                                    name="probability"
                                    inputmode="numeric"
                                    value=value
                                    aria-invalid=error.map(|_| "true")
                                    aria-describedby=error.map(|_| error_id.clone())
                                    class=format!("{INPUT_CLASS} w-24")
                                />
                                {error.map(|m| view! { <p id=error_id.clone() class="mt-1 text-sm text-red-700">{m}</p> })}
                            </div>
                            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                        </Form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let add = FormState::of(&info, "stage-add");
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title.clone()}</h1>
        <p class="mt-1"><a href=format!("/p/{}/deals", partner.id) class=format!("{LINK_CLASS} text-sm")>{i18n.t(Key::BackToDeals)}</a></p>
        <p class="mt-3 max-w-3xl text-slate-700">{i18n.t(Key::StagesIntro)}</p>
        {if view.stages.is_empty() {
            view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{i18n.t(Key::StagesNone)}</p> }.into_any()
        } else {
            view! {
                <TableScroll label=title.clone() class="mt-4 rounded-lg border border-slate-200 bg-white">
                    <table class="min-w-full text-sm">
                        <caption class="sr-only">{title.clone()}</caption>
                        <thead class="bg-slate-50">
                            <tr>
                                <th scope="col" class="px-2 py-2 text-left">{i18n.t(Key::ColPipelineStage)}</th>
                                <th scope="col" class="px-2 py-2 text-right">{i18n.t(Key::StageDeals)}</th>
                                <th scope="col" class="px-2 py-2 text-left">{i18n.t(Key::Probability)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
            }.into_any()
        }}
        <section aria-labelledby="add-stage-heading" class="mt-8 max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="add-stage-heading" class="text-lg font-medium">{i18n.t(Key::AddStage)}</h2>
            <Form state=add action=AddStage::PATH class="mt-3 grid gap-4 sm:grid-cols-2">
                <input type="hidden" name="partner_id" value=partner.id.to_string() />
                <Field name="name" id_prefix="stage" label=Key::StageName />
                <Field name="probability" id_prefix="stage" label=Key::Probability inputmode="numeric" />
                <div class="sm:col-span-2">
                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AddStage)}</button>
                </div>
            </Form>
        </section>
    }
}
