//! `/notifications`: what was delivered to the signed-in user (task reminders,
//! quarters whose review was not started), newest first, each linking to its
//! task or to the partner's reviews, with "Mark as read" per notification and
//! for all at once. Every form is a plain post named "notifications", so the
//! outcome of any of them shows once, above the list.

use super::deals::{PartnerData, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::notifications::{
    open_notifications, MarkAllNotificationsRead, MarkNotificationRead,
};
use crate::i18n::Key;
use crate::model::area::Area;
use crate::ui::forms::{ErrorSummary, FormState, Notice, FORM_KEY};
use crate::ui::i18n::use_i18n;
use crate::views::{NotificationAbout, NotificationList, NotificationView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const FORM: &str = "notifications";

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| open_notifications());
    view! {
        <Title text=i18n.t(Key::Notifications).to_string() />
        <h1 class="text-2xl font-semibold">{i18n.t(Key::Notifications)}</h1>
        <PartnerData resource=list render=|list: NotificationList| view! { <Notifications list /> } />
    }
}

#[component]
fn Notifications(list: NotificationList) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::on_page(FORM);
    let unread = list.notifications.iter().filter(|n| n.unread).count();
    let summary = (unread > 0).then(|| {
        view! {
            <div class="mt-2 flex flex-wrap items-center gap-3">
                <p class="text-sm text-slate-700">
                    {i18n.format(Key::NotificationsUnreadCount, &[("count", &unread.to_string())])}
                </p>
                <form method="post" action=MarkAllNotificationsRead::PATH>
                    <input type="hidden" name=FORM_KEY value=FORM />
                    <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::NotificationsMarkAllRead)}</button>
                </form>
            </div>
        }
    });
    let more = list.more.then(|| {
        view! {
            <p class="mt-4 text-sm text-slate-600">
                {i18n.format(Key::NotificationsMore, &[("count", &list.notifications.len().to_string())])}
            </p>
        }
    });
    let items = if list.notifications.is_empty() {
        view! { <p class="mt-6 text-slate-700">{i18n.t(Key::NotificationsEmpty)}</p> }.into_any()
    } else {
        view! {
            <ul class="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
                {list.notifications.into_iter().map(|n| view! { <Item n /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="mt-4 space-y-2">
            <ErrorSummary error=state.error() />
            <Notice notice=state.notice() />
        </div>
        {summary}
        {items}
        {more}
    }
}

/// One notification: unread ones say so in words and stand out with a bar and bold title.
#[component]
fn Item(n: NotificationView) -> impl IntoView {
    let i18n = use_i18n();
    let (href, title, detail) = match &n.about {
        NotificationAbout::TaskReminder {
            task_id,
            title,
            due,
        } => (
            format!("{}?task={task_id}", Area::Tasks.path(n.partner_id)),
            title.clone(),
            format!(
                "{} · {}",
                i18n.format(Key::NotificationDue, &[("time", due)]),
                i18n.format(Key::NotificationReminded, &[("time", &n.sent)]),
            ),
        ),
        NotificationAbout::ReviewDue { quarter } => (
            Area::Reviews.path(n.partner_id),
            i18n.format(
                Key::NotificationReviewDue,
                &[("quarter", &i18n.quarter(*quarter))],
            ),
            i18n.format(Key::NotificationSent, &[("time", &n.sent)]),
        ),
    };
    let mark = n.unread.then(|| {
        view! {
            <form method="post" action=MarkNotificationRead::PATH>
                <input type="hidden" name=FORM_KEY value=FORM />
                <input type="hidden" name="notification_id" value=n.id.to_string() />
                // Named with its subject, as a list of these buttons is read out.
                <button
                    type="submit"
                    class=SECONDARY_BUTTON_CLASS
                    aria-label=i18n.format(Key::NotificationMarkReadNamed, &[("title", &title)])
                >
                    {i18n.t(Key::NotificationMarkRead)}
                </button>
            </form>
        }
    });
    view! {
        <li
            data-unread=n.unread.then_some("true")
            class="flex flex-wrap items-start justify-between gap-3 border-l-4 border-transparent px-4 py-3 data-[unread=true]:border-indigo-600 data-[unread=true]:bg-indigo-50"
        >
            <div class="space-y-1">
                <p class="flex flex-wrap items-center gap-2">
                    {n.unread.then(|| view! {
                        <span class="rounded bg-indigo-700 px-1.5 py-0.5 text-xs font-semibold text-white">
                            {i18n.t(Key::NotificationUnread)}
                        </span>
                    })}
                    <a href=href class=LINK_CLASS>
                        <span class:font-semibold=n.unread>{title.clone()}</span>
                    </a>
                </p>
                <p class="text-sm text-slate-600">
                    {i18n.label(Key::Partner)} {n.partner_name} " · " {detail}
                </p>
            </div>
            {mark}
        </li>
    }
}
