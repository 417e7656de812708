//! `/p/{partner}/deals/import`: upload a HubSpot deals export, then
//! `/p/{partner}/deals/import/{import}`: choose how to read it, see what the
//! import would do, and import it. Plain forms throughout: the upload is a
//! multipart post, the mapping a GET form that re-renders the preview.

use super::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::deals::{import_preview, CommitImport};
use crate::api::partners::partner_workspace;
use crate::i18n::Key;
use crate::model::import_report::Outcome;
use crate::model::ImportId;
use crate::ui::forms::{ErrorSummary, FormState, Outcome, BUTTON_CLASS, FORM_KEY, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use crate::views::{ImportView, PartnerView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

/// Rejected rows listed on the page; the counts always count them all.
const REJECTIONS_SHOWN: usize = 500;

#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let partner_id = partner_param();
    let partner = Resource::new(partner_id, |id| async move {
        match id {
            Some(id) => partner_workspace(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <PartnerData resource=partner render=|partner: PartnerView| view! { <UploadView partner /> } /> }
}

#[component]
fn UploadView(partner: PartnerView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let info = session
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    let state = FormState::of(&info, "import");
    let message = state.field_error("file").map(|k| i18n.t(k));
    let title = i18n.t(Key::ImportTitle);
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1"><a href=format!("/p/{}/deals", partner.id) class=format!("{LINK_CLASS} text-sm")>{i18n.t(Key::BackToDeals)}</a></p>
        <section class="mt-4 max-w-2xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p class="text-slate-700">{i18n.t(Key::ImportIntro)}</p>
            <form method="post" action=format!("/p/{}/deals/upload", partner.id) enctype="multipart/form-data" class="mt-4 space-y-4">
                <input type="hidden" name=FORM_KEY value="import" />
                <ErrorSummary error=state.error() />
                <div class="space-y-1">
                    <label for="field-file" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ImportFile)}</label>
                    <input
                        id="field-file"
                        type="file"
                        name="file"
                        accept=".csv,text/csv,text/plain"
                        required=true
                        aria-invalid=message.map(|_| "true")
                        aria-describedby=message.map(|_| "field-file-error")
                        class="block w-full text-sm text-slate-800 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-indigo-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                    />
                    {message.map(|m| view! { <p id="field-file-error" class="text-sm text-red-700">{m}</p> })}
                </div>
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::UploadAndPreview)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let partner_id = partner_param();
    let import_id =
        move || params.with(|p| p.get("import").and_then(|s| s.parse::<ImportId>().ok()));
    let view_data = Resource::new(
        move || (partner_id(), import_id(), location.search.get()),
        |(partner, import, query)| async move {
            match (partner, import) {
                (Some(p), Some(i)) => import_preview(p, i, query).await,
                _ => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! { <PartnerData resource=view_data render=|import: ImportView| view! { <PreviewView import /> } /> }
}

#[component]
fn PreviewView(import: ImportView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let info = session
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    let commit_state = FormState::of(&info, "import-commit");
    let partner = import.partner.clone();
    let deals = format!("/p/{}/deals", partner.id);
    let title = i18n.t(Key::ImportTitle);
    let file_line = i18n.format(
        Key::ImportFileName,
        &[
            ("name", &import.file_name),
            ("rows", &import.rows.to_string()),
        ],
    );
    let body = match import.committed.clone() {
        Some(outcome) => view! {
            <Outcome
                role="status"
                class="mt-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-900"
                text=i18n.format(Key::ImportCommitted, &[("counts", &outcome.counts.sentence(i18n.locale()))])
            />
            <Rejections outcome=outcome.clone() />
            <NewerInAppList outcome=outcome.clone() choosing=None />
            <p class="mt-4 flex gap-4">
                <a href=deals.clone() class=BUTTON_CLASS>{i18n.t(Key::BackToDeals)}</a>
                <a href=format!("{deals}/import") class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ImportAnother)}</a>
            </p>
        }
        .into_any(),
        None => view! {
            <MappingForm import=import.clone() />
            <section aria-labelledby="preview-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                <h2 id="preview-heading" class="text-lg font-medium">{i18n.t(Key::ImportPreview)}</h2>
                <ErrorSummary error=commit_state.error() />
                {match import.preview.clone() {
                    Err(error) => view! {
                        <Outcome role="alert" class="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" text=error.message(i18n.locale()) />
                    }.into_any(),
                    Ok(outcome) => view! {
                        <Counts outcome=outcome.clone() />
                        <Rejections outcome=outcome.clone() />
                        <NewerInAppList outcome=outcome.clone() choosing=Some(import.clone()) />
                        <CommitForm import=import.clone() outcome />
                    }.into_any(),
                }}
            </section>
        }
        .into_any(),
    };
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1 text-sm text-slate-700">{file_line}</p>
        {body}
    }
}

#[component]
fn Counts(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    let c = outcome.counts;
    let items = [
        (Key::WillCreate, c.created),
        (Key::WillUpdate, c.updated),
        (Key::WillKeep, c.unchanged),
        (Key::WillKeepAppEdit, c.kept),
        (Key::WillReject, c.rejected),
    ];
    view! {
        <p class="mt-3 text-slate-800">{c.sentence(i18n.locale())}</p>
        <dl class="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-5">
            {items
                .into_iter()
                .map(|(label, n)| view! {
                    <div class="rounded-md border border-slate-200 p-3">
                        <dt class="text-sm text-slate-600">{i18n.t(label)}</dt>
                        <dd class="text-2xl font-semibold tabular-nums">{n}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
    }
}

#[component]
fn Rejections(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    (!outcome.rejected.is_empty()).then(|| {
        let rows = outcome
            .rejected
            .iter()
            .take(REJECTIONS_SHOWN)
            .map(|r| view! {
                <tr>
                    <td class="px-3 py-1.5 text-sm tabular-nums">{r.line}</td>
                    <td class="px-3 py-1.5 text-sm">{r.problem.message(i18n.locale())}</td>
                </tr>
            })
            .collect_view();
        view! {
            <h2 class="mt-6 font-medium">{i18n.t(Key::RejectedRows)}</h2>
            <p class="text-sm text-slate-600">{i18n.t(Key::RejectedRowsHint)}</p>
            // A scrolled region is reachable by keyboard and named (axe:
            // scrollable-region-focusable).
            <div class="mt-2 max-h-96 overflow-auto rounded-md border border-slate-200" tabindex="0" role="region" aria-label=i18n.t(Key::RejectedRows)>
                <table class="min-w-full divide-y divide-slate-200">
                    <caption class="sr-only">{i18n.t(Key::RejectedRows)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::LineNumber)}</th>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::Reason)}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </div>
        }
    })
}

/// A labelled choice of the mapping form.
fn choice(
    id: &'static str,
    label: String,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let selected = selected.unwrap_or_default();
    view! {
        <div class="space-y-1">
            <label for=id class="block text-sm font-medium text-slate-800">{label}</label>
            <select id=id name=id.trim_start_matches("map-") class=INPUT_CLASS>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn MappingForm(import: ImportView) -> impl IntoView {
    let i18n = use_i18n();
    let m = import.mapping.clone();
    let none = (String::new(), i18n.t(Key::NoColumn).to_string());
    let columns = |with_none: bool| {
        let mut options: Vec<(String, String)> =
            with_none.then(|| none.clone()).into_iter().collect();
        options.extend(import.columns.iter().cloned());
        options
    };
    let stage_options = |current: &str| {
        let mut values = import.stage_values.clone();
        if !values.iter().any(|v| v.eq_ignore_ascii_case(current)) {
            values.insert(0, current.to_string());
        }
        values
            .into_iter()
            .map(|v| (v.clone(), v))
            .collect::<Vec<_>>()
    };
    let won = import
        .stage_values
        .iter()
        .find(|v| v.eq_ignore_ascii_case(&m.won))
        .cloned()
        .unwrap_or(m.won.clone());
    let lost = import
        .stage_values
        .iter()
        .find(|v| v.eq_ignore_ascii_case(&m.lost))
        .cloned()
        .unwrap_or(m.lost.clone());
    let kinds = vec![
        (
            "sourced".to_string(),
            i18n.t(Key::KindAllSourced).to_string(),
        ),
        (
            "assisted".to_string(),
            i18n.t(Key::KindAllAssisted).to_string(),
        ),
        (
            "column".to_string(),
            i18n.t(Key::KindFromColumn).to_string(),
        ),
    ];
    view! {
        <section aria-labelledby="mapping-heading" class="mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="mapping-heading" class="text-lg font-medium">{i18n.t(Key::ImportMapping)}</h2>
            <p class="text-sm text-slate-600">{i18n.t(Key::ImportMappingHint)}</p>
            <form method="get" class="mt-4 grid gap-4 sm:grid-cols-2">
                {choice("map-mrr_column", i18n.t(Key::MrrColumn).into(), columns(m.mrr_column.is_none()), m.mrr_column.clone())}
                {choice("map-kind", i18n.t(Key::KindSource).into(), kinds, Some(m.kind.clone()))}
                {choice("map-kind_column", i18n.t(Key::KindColumn).into(), columns(true), m.kind_column.clone())}
                <div></div>
                {choice("map-won", i18n.t(Key::WonValue).into(), stage_options(&m.won), Some(won))}
                {choice("map-lost", i18n.t(Key::LostValue).into(), stage_options(&m.lost), Some(lost))}
                <p class="text-sm text-slate-600 sm:col-span-2">{i18n.t(Key::OtherStagesOpen)}</p>
                <div class="sm:col-span-2">
                    <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::UpdatePreview)}</button>
                </div>
            </form>
        </section>
    }
}

/// The deals changed in the app after the file's copy of them. While
/// `choosing` (the preview), each has a "take the file's version" box in a
/// form that re-renders the preview with the mapping kept; once committed,
/// what was done with each.
#[component]
fn NewerInAppList(outcome: Outcome, choosing: Option<ImportView>) -> impl IntoView {
    let i18n = use_i18n();
    (!outcome.newer_in_app.is_empty()).then(|| {
        let rows = outcome
            .newer_in_app
            .iter()
            .take(REJECTIONS_SHOWN)
            .map(|n| {
                let label = format!("{} ({})", n.name, n.record_id);
                let last = match &choosing {
                    Some(_) => {
                        let id = format!("take-{}", n.deal_id);
                        view! {
                            <input id=id.clone() type="checkbox" name="take" value=n.token() checked=n.taken class="mr-2" />
                            <label for=id>{i18n.t(Key::NewerInAppTakeFile)}</label>
                        }
                        .into_any()
                    }
                    None => i18n
                        .t(if n.taken { Key::NewerInAppTaken } else { Key::NewerInAppKept })
                        .into_any(),
                };
                view! {
                    <tr>
                        <td class="px-3 py-1.5 text-sm tabular-nums">{n.line}</td>
                        <td class="px-3 py-1.5 text-sm">{label}</td>
                        <td class="px-3 py-1.5 text-sm tabular-nums">{n.changed_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                        <td class="px-3 py-1.5 text-sm">{last}</td>
                    </tr>
                }
            })
            .collect_view();
        let table = view! {
            <div class="mt-2 max-h-96 overflow-auto rounded-md border border-slate-200" tabindex="0" role="region" aria-label=i18n.t(Key::NewerInApp)>
                <table class="min-w-full divide-y divide-slate-200">
                    <caption class="sr-only">{i18n.t(Key::NewerInApp)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::LineNumber)}</th>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::ColDealName)}</th>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::NewerInAppChangedAt)}</th>
                            <th scope="col" class="px-3 py-2 text-left text-sm font-semibold">{i18n.t(Key::NewerInAppTakeFile)}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </div>
        };
        let body = match choosing {
            Some(import) => {
                let m = import.mapping;
                view! {
                    <form method="get" id="newer-in-app">
                        <input type="hidden" name="mrr_column" value=m.mrr_column.unwrap_or_default() />
                        <input type="hidden" name="kind" value=m.kind />
                        <input type="hidden" name="kind_column" value=m.kind_column.unwrap_or_default() />
                        <input type="hidden" name="won" value=m.won />
                        <input type="hidden" name="lost" value=m.lost />
                        {table}
                        <button type="submit" class=format!("{SECONDARY_BUTTON_CLASS} mt-3")>{i18n.t(Key::UpdatePreview)}</button>
                    </form>
                }
                .into_any()
            }
            None => table.into_any(),
        };
        view! {
            <h2 class="mt-6 font-medium">{i18n.t(Key::NewerInApp)}</h2>
            <p class="text-sm text-slate-600">{i18n.t(Key::NewerInAppHint)}</p>
            {body}
        }
    })
}

/// The import button, with the mapping shown and, for the deals changed in
/// the app after the file, the choices made (each deal at the version shown):
/// as chosen, every app version kept, or every deal taken from the file.
#[component]
fn CommitForm(import: ImportView, outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    let m = import.mapping;
    let tokens = |taken_only: bool| {
        outcome
            .newer_in_app
            .iter()
            .filter(|n| n.taken || !taken_only)
            .map(|n| n.token())
            .collect::<Vec<_>>()
            .join(",")
    };
    let newer = !outcome.newer_in_app.is_empty();
    view! {
        <form method="post" action=CommitImport::PATH class="mt-6 flex flex-wrap gap-3">
            <input type="hidden" name=FORM_KEY value="import-commit" />
            <input type="hidden" name="import_id" value=import.id.to_string() />
            <input type="hidden" name="mrr_column" value=m.mrr_column.unwrap_or_default() />
            <input type="hidden" name="kind" value=m.kind />
            <input type="hidden" name="kind_column" value=m.kind_column.unwrap_or_default() />
            <input type="hidden" name="won" value=m.won />
            <input type="hidden" name="lost" value=m.lost />
            <input type="hidden" name="take" value=tokens(true) />
            <input type="hidden" name="listed" value=tokens(false) />
            <button type="submit" name="newer" value="chosen" class=BUTTON_CLASS>{i18n.t(Key::CommitImport)}</button>
            {newer.then(|| view! {
                <button type="submit" name="newer" value="keep_all" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::KeepAllAppVersions)}</button>
                <button type="submit" name="newer" value="take_all" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::TakeAllFromFile)}</button>
            })}
        </form>
    }
}
