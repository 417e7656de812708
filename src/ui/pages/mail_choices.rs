//! The settings page's email section: each kind of email on or off, with
//! what it is, and the weekday of the digest. One plain form post.

use crate::api::settings::SaveMailChoices;
use crate::i18n::Key;
use crate::model::mail::{MailChoices, MailKind};
use crate::ui::forms::{Form, FormState, SelectField, BUTTON_CLASS};
use crate::ui::i18n::use_i18n;
use crate::views::SessionInfo;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const FORM: &str = "mail_choices";

/// The field each kind is posted as.
fn field(kind: MailKind) -> &'static str {
    match kind {
        MailKind::TaskReminder => "reminders",
        MailKind::TaskAssigned => "assignments",
        MailKind::ReviewDue => "reviews",
        MailKind::Digest => "digest",
        MailKind::OffTrack => "alerts",
    }
}

fn hint(kind: MailKind) -> Key {
    match kind {
        MailKind::TaskReminder => Key::MailKindReminderHint,
        MailKind::TaskAssigned => Key::MailKindAssignedHint,
        MailKind::ReviewDue => Key::MailKindReviewHint,
        MailKind::Digest => Key::MailKindDigestHint,
        MailKind::OffTrack => Key::MailKindOffTrackHint,
    }
}

#[component]
pub fn MailChoicesSection(info: SessionInfo, choices: MailChoices) -> impl IntoView {
    let i18n = use_i18n();
    let state = FormState::of(&info, FORM);
    // A refused post shows what was ticked, not what is saved.
    let refused = state.error().is_some();
    let ticked = |kind: MailKind| {
        // An unticked box is not posted: only what the post carried was ticked.
        if refused {
            state.has_value(field(kind))
        } else {
            choices.receives(kind)
        }
    };
    let kinds = MailKind::ALL
        .iter()
        .map(|&kind| {
            let id = format!("field-mail-{}", field(kind));
            let hint_id = format!("{id}-hint");
            view! {
                <div class="flex items-start gap-3">
                    <input
                        id=id.clone()
                        type="checkbox"
                        name=field(kind)
                        value="on"
                        checked=ticked(kind)
                        aria-describedby=hint_id.clone()
                        class="mt-1 h-4 w-4 rounded border-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                    />
                    <div>
                        <label for=id class="text-sm font-medium text-slate-800">{i18n.t(kind.label())}</label>
                        <p id=hint_id class="text-sm text-slate-600">{i18n.t(hint(kind))}</p>
                    </div>
                </div>
            }
        })
        .collect_view();
    let days = (1..=7u8)
        .map(|d| (d.to_string(), i18n.t(Key::weekday(d)).to_string()))
        .collect::<Vec<_>>();
    view! {
        <section aria-labelledby="mail-heading" class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="mail-heading" class="mb-1 text-lg font-medium">{i18n.t(Key::MailSettings)}</h2>
            <p class="mb-4 text-sm text-slate-600">{i18n.t(Key::MailSettingsIntro)}</p>
            <Form state=state.clone() action=SaveMailChoices::PATH class="space-y-4">
                <fieldset class="space-y-3">
                    <legend class="sr-only">{i18n.t(Key::MailSettings)}</legend>
                    {kinds}
                </fieldset>
                <SelectField name="digest_weekday" label=Key::DigestDay options=days selected=choices.digest_weekday.to_string() />
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::SaveMailChoices)}</button>
            </Form>
        </section>
    }
}
