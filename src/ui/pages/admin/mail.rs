//! `/admin/mail`: what partner-map queued and sent, newest first: to whom,
//! the subject, its kind, when, and its state, with the reason of a failure
//! or of a message not sent. Filtered by state in the URL; older messages a
//! page at a time.

use super::AdminData;
use crate::api::admin::admin_mail;
use crate::i18n::Key;
use crate::model::mail::MailState;
use crate::ui::forms::INPUT_CLASS;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::deals::{LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::ui::table::TableScroll;
use crate::views::{AdminMail, MailRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminMailPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("state").unwrap_or_default(),
                q.get("before").and_then(|b| b.parse::<i64>().ok()),
            )
        })
    };
    let data = Resource::new(params, |(state, before)| admin_mail(state, before));
    view! { <AdminData resource=data render=|d: AdminMail| view! { <Mail data=d /> } /> }
}

#[component]
fn Mail(data: AdminMail) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::AdminMail).to_string();
    let intro = if data.files {
        i18n.format(Key::AdminMailIntro, &[("dir", &data.transport)])
    } else {
        i18n.format(Key::AdminMailSmtp, &[("server", &data.transport)])
    };
    let shown = data.state.map(MailState::as_str).unwrap_or("");
    let select_class = format!("{INPUT_CLASS} sm:w-auto");
    let older = data.older.map(|id| match data.state {
        Some(state) => format!("/admin/mail?state={}&before={id}", state.as_str()),
        None => format!("/admin/mail?before={id}"),
    });
    let caption = title.clone();
    let table = if data.messages.is_empty() {
        view! { <p class="mt-4 text-slate-700">{i18n.t(Key::MailNoneYet)}</p> }.into_any()
    } else {
        view! {
            <div class="mt-4">
                <TableScroll label=caption.clone() class=""><table class="w-full border-collapse bg-white text-left text-sm shadow-sm">
                    <caption class="sr-only">{caption}</caption>
                    <thead class="border-b border-slate-200 bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::MailColWhen)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::MailColRecipient)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::MailColSubject)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::MailColKind)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::MailColState)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.messages.into_iter().map(|m| view! { <Row m /> }).collect_view()}
                    </tbody>
                </table></TableScroll>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title.clone()}</h1>
        <p class="mt-1 max-w-3xl text-sm text-slate-700 break-words">{intro}</p>
        <form method="get" action="/admin/mail" role="search" aria-label=i18n.t(Key::Filters) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="space-y-1">
                <label for="mail-state" class="block text-sm font-medium text-slate-800">{i18n.t(Key::MailFilterState)}</label>
                <select id="mail-state" name="state" class=select_class>
                    <option value="" selected=shown.is_empty()>{i18n.t(Key::MailFilterAll)}</option>
                    {MailState::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=s.as_str() == shown>{i18n.t(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ApplyFilters)}</button>
        </form>
        {table}
        {older.map(|href| view! { <p class="mt-4"><a href=href class=LINK_CLASS>{i18n.t(Key::OlderMail)}</a></p> })}
    }
}

#[component]
fn Row(m: MailRow) -> impl IntoView {
    let i18n = use_i18n();
    let state_class = match m.state {
        MailState::Sent => "text-emerald-800",
        MailState::Failed => "font-medium text-red-800",
        MailState::Queued | MailState::Sending => "text-amber-900",
        MailState::Skipped => "text-slate-700",
    };
    let details = [
        (m.attempts > 1)
            .then(|| i18n.format(Key::MailAttempts, &[("count", &m.attempts.to_string())])),
        m.next_try
            .map(|t| i18n.format(Key::MailNextTry, &[("time", &t)])),
        m.reason,
    ];
    view! {
        <tr class="border-b border-slate-100 align-top">
            <td class="whitespace-nowrap px-3 py-2">{m.sent.unwrap_or(m.queued)}</td>
            <td class="px-3 py-2 break-all">{m.recipient}</td>
            <td class="px-3 py-2 break-words">
                {m.subject.unwrap_or_default()}
                {m.partner.map(|p| view! { <span class="block text-xs text-slate-600">{p}</span> })}
            </td>
            <td class="px-3 py-2">{i18n.t(m.kind.label())}</td>
            <td class="px-3 py-2">
                <span class=state_class>{i18n.t(m.state.label())}</span>
                {details.into_iter().flatten().map(|d| view! { <span class="block text-xs text-slate-700 break-words">{d}</span> }).collect_view()}
            </td>
        </tr>
    }
}
