//! `/admin/audit`: every administrative change, newest first, filtered by who
//! made it, its kind and a date range, all in the URL, one page at a time.

use super::AdminData;
use crate::api::admin::admin_audit;
use crate::i18n::Key;
use crate::ui::forms::INPUT_CLASS;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::deals::{LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::ui::table::TableScroll;
use crate::views::{AuditPage, AuditQuery};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The kinds of change the filter offers (each matches its prefix).
const KINDS: [(&str, Key); 5] = [
    ("partner.", Key::AdminPartners),
    ("user.", Key::AdminUsers),
    ("pdm.", Key::AdminAssignments),
    ("default_task.", Key::DefaultTasksTitle),
    ("", Key::AuditAnyKind),
];

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| AuditQuery {
            actor: q.get("actor").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    };
    let data = Resource::new(params, |q| {
        admin_audit(q.actor, q.kind, q.from, q.to, q.page)
    });
    view! { <AdminData resource=data render=|d: AuditPage| view! { <Audit data=d /> } /> }
}

fn link(q: &AuditQuery, page: u32) -> String {
    let pairs = [
        ("actor", q.actor.clone()),
        ("kind", q.kind.clone()),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
        ("page", page.to_string()),
    ];
    let query: Vec<(&str, String)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!("/admin/audit{}", crate::model::deal_query::encode(&query))
}

#[component]
fn Audit(data: AuditPage) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::AuditLog).to_string();
    let q = data.query.clone();
    let select_class = format!("{INPUT_CLASS} sm:w-auto");
    let previous = (data.page > 1).then(|| link(&q, data.page - 1));
    let next = (data.page < data.pages).then(|| link(&q, data.page + 1));
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <form method="get" action="/admin/audit" role="search" aria-label=i18n.t(Key::Filters) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="space-y-1">
                <label for="audit-actor" class="block text-sm font-medium text-slate-800">{i18n.t(Key::AuditActor)}</label>
                <select id="audit-actor" name="actor" class=select_class.clone()>
                    <option value="" selected=q.actor.is_empty()>{i18n.t(Key::AuditAnyone)}</option>
                    {data.actors.iter().map(|a| view! { <option value=a.value.clone() selected=a.value == q.actor>{a.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="audit-kind" class="block text-sm font-medium text-slate-800">{i18n.t(Key::AuditKind)}</label>
                <select id="audit-kind" name="kind" class=select_class.clone()>
                    {KINDS.into_iter().map(|(v, k)| view! { <option value=v selected=v == q.kind>{i18n.t(k)}</option> }).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="audit-from" class="block text-sm font-medium text-slate-800">{i18n.t(Key::AuditFrom)}</label>
                <input id="audit-from" type="date" name="from" value=q.from.clone() class=select_class.clone() />
            </div>
            <div class="space-y-1">
                <label for="audit-to" class="block text-sm font-medium text-slate-800">{i18n.t(Key::AuditTo)}</label>
                <input id="audit-to" type="date" name="to" value=q.to.clone() class=select_class.clone() />
            </div>
            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ApplyFilters)}</button>
        </form>
        <p class="mt-4 text-sm text-slate-700">{i18n.format(Key::AuditTotal, &[("count", &data.total.to_string())])}</p>
        {if data.entries.is_empty() {
            view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NothingFound)}</p> }.into_any()
        } else {
            view! {
                <div class="mt-2">
                    <TableScroll label=i18n.t(Key::AuditLog) class=""><table class="w-full border-collapse bg-white text-left text-sm shadow-sm">
                        <caption class="sr-only">{i18n.t(Key::AuditLog)}</caption>
                        <thead class="border-b border-slate-200 bg-slate-50">
                            <tr>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditWhen)}</th>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditActor)}</th>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditKind)}</th>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditTarget)}</th>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditOld)}</th>
                                <th scope="col" class="px-3 py-2">{i18n.t(Key::AuditNew)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {data.entries.into_iter().map(|e| view! {
                                <tr class="border-b border-slate-100 align-top">
                                    <td class="whitespace-nowrap px-3 py-2">{e.at}</td>
                                    <td class="px-3 py-2">{e.actor}</td>
                                    <td class="px-3 py-2">{e.kind}</td>
                                    <td class="px-3 py-2 break-words">{e.target}</td>
                                    <td class="px-3 py-2 break-words"><Lines lines=e.old_value /></td>
                                    <td class="px-3 py-2 break-words"><Lines lines=e.new_value /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></TableScroll>
                </div>
            }.into_any()
        }}
        <nav aria-label=i18n.t(Key::Pages) class="mt-4 flex items-center gap-4 text-sm">
            {previous.map(|href| view! { <a href=href rel="prev" class=LINK_CLASS>{i18n.t(Key::PreviousPage)}</a> })}
            <span>{i18n.format(Key::PageOf, &[("page", &data.page.to_string()), ("pages", &data.pages.to_string())])}</span>
            {next.map(|href| view! { <a href=href rel="next" class=LINK_CLASS>{i18n.t(Key::NextPage)}</a> })}
        </nav>
    }
}

/// A value's fields, one per line (no value: an empty cell).
#[component]
fn Lines(lines: Vec<String>) -> impl IntoView {
    lines
        .into_iter()
        .map(|line| view! { <span class="block">{line}</span> })
        .collect_view()
}
