//! The settings page's calendar feed section: make, replace or revoke the
//! private URL of the user's tasks, and read a new URL the one time it is shown.

use crate::api::calendar::{CreateCalendarFeed, RevokeCalendarFeed, FEED_URL_FIELD};
use crate::i18n::Key;
use crate::ui::forms::{Form, FormState, Notice, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::deals::SECONDARY_BUTTON_CLASS;
use crate::views::SessionInfo;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// `active_since`: when the current URL was made, in the user's time zone.
#[component]
pub fn CalendarFeedSection(info: SessionInfo, active_since: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let create = FormState::of(&info, "calendar_feed");
    let revoke = FormState::of(&info, "calendar_feed_revoke");
    // Only the flash of the post that made it holds the URL: the store keeps its hash.
    let new_url = create.value(FEED_URL_FIELD).filter(|url| !url.is_empty());
    let active = active_since.is_some();
    let status = match &active_since {
        Some(date) => i18n.format(Key::CalendarFeedActiveSince, &[("date", date)]),
        None => i18n.t(Key::CalendarFeedNone).to_string(),
    };
    let create_label = if active {
        Key::CalendarFeedReplace
    } else {
        Key::CalendarFeedCreate
    };
    view! {
        <section aria-labelledby="calendar-feed-heading" class="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="calendar-feed-heading" class="text-lg font-medium">{i18n.t(Key::CalendarFeed)}</h2>
            <p class="text-sm text-slate-700">{i18n.t(Key::CalendarFeedAbout)}</p>
            {new_url.map(|url| view! {
                <div class="space-y-1">
                    <label for="calendar-feed-url" class="block text-sm font-medium text-slate-800">{i18n.t(Key::CalendarFeedUrl)}</label>
                    <input id="calendar-feed-url" type="url" readonly=true value=url aria-describedby="calendar-feed-url-hint" class=INPUT_CLASS />
                    <p id="calendar-feed-url-hint" class="text-sm font-medium text-amber-800">{i18n.t(Key::CalendarFeedShownOnce)}</p>
                </div>
            })}
            <p class="text-sm text-slate-800">{status}</p>
            <div class="flex flex-wrap items-start gap-3">
                <Form state=create action=CreateCalendarFeed::PATH class="space-y-2">
                    <button type="submit" class=BUTTON_CLASS aria-describedby=active.then_some("calendar-feed-replace-hint")>
                        {i18n.t(create_label)}
                    </button>
                    {active.then(|| view! {
                        <p id="calendar-feed-replace-hint" class="text-sm text-slate-600">{i18n.t(Key::CalendarFeedReplaceHint)}</p>
                    })}
                </Form>
                {if active {
                    view! {
                        <Form state=revoke action=RevokeCalendarFeed::PATH>
                            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::CalendarFeedRevoke)}</button>
                        </Form>
                    }
                    .into_any()
                } else {
                    // Revoked just now: the form is gone, what it did is said here.
                    view! { <Notice notice=revoke.notice() /> }.into_any()
                }}
            </div>
        </section>
    }
}
