//! `/p/{partner}/reviews/{review}/print`, and the read-only record a completed
//! review shows: the same review laid out for paper.

use super::*;

#[component]
pub fn ReviewPrintPage() -> impl IntoView {
    let review = review_resource();
    view! { <PartnerData resource=review render=|view: ReviewView| view! { <Review view printable=true /> } /> }
}

/// A read-only review: a completed one, or the printable view.
#[component]
pub(super) fn ReviewRecord(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let notes = view.notes.clone();
    let item = |label: Key, text: String| {
        let shown = if text.is_empty() {
            i18n.t(Key::NoPercent).to_string()
        } else {
            text
        };
        view! {
            <div class="break-inside-avoid">
                <dt class="text-sm font-medium text-slate-600">{i18n.t(label)}</dt>
                <dd class="whitespace-pre-line text-slate-900">{shown}</dd>
            </div>
        }
    };
    let goals = view.plan.as_ref().map(|p| p.content.goals.clone());
    view! {
        <section aria-labelledby="notes-heading" class="mt-8">
            <h2 id="notes-heading" class="text-lg font-medium">{i18n.t(Key::ReviewNotesHeading)}</h2>
            <dl class="mt-3 grid gap-4 md:grid-cols-2 print:grid-cols-2">
                {item(Key::HeldOnLabel, notes.held_on.clone())}
                {item(Key::AttendeesLabel, notes.attendees.clone())}
                {item(Key::WentWellLabel, notes.went_well.clone())}
                {item(Key::DidNotGoWellLabel, notes.did_not_go_well.clone())}
            </dl>
        </section>
        <section aria-labelledby="strategy-heading" class="mt-8 break-inside-avoid">
            <h2 id="strategy-heading" class="text-lg font-medium">{i18n.t(Key::StrategyHeading)}</h2>
            <dl class="mt-3">{item(Key::StrategyLabel, notes.strategy.clone())}</dl>
            {goals.map(|goals| view! { <crate::ui::pages::goals::CompanyGoals goals /> })}
        </section>
        <ReviewChanges view=view.clone() currency />
    }
}

/// The plan changes made from this review, if any.
#[component]
pub(super) fn ReviewChanges(view: ReviewView, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    (!view.history.is_empty()).then(|| {
        view! {
            <section aria-labelledby="changes-heading" class="mt-8 break-inside-avoid">
                <h2 id="changes-heading" class="mb-3 text-lg font-medium">{i18n.t(Key::ReviewChangesHeading)}</h2>
                <History saves=view.history.clone() currency open=true />
            </section>
        }
    })
}
