//! `/p/{partner}/reviews`: the quarterly reviews, newest first, and "Start
//! quarterly review".

use super::*;
use crate::ui::table::TableScroll;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let partner_id = partner_param();
    let reviews = Resource::new(partner_id, |id| async move {
        match id {
            Some(id) => open_reviews(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! { <PartnerData resource=reviews render=|view: ReviewsView| view! { <ReviewList view /> } /> }
}

#[component]
pub(super) fn ReviewList(view: ReviewsView) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::ReviewsHeading).to_string();
    let partner = view.partner.clone();
    let state = FormState::on_page(forms::START);
    let start = if view.startable.is_empty() {
        view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NoQuarterToStart)}</p> }.into_any()
    } else {
        let selected = state
            .value("quarter")
            .unwrap_or_else(|| view.startable[0].code());
        let message = state.field_error("quarter").map(|k| i18n.t(k));
        let options = view
            .startable
            .iter()
            .map(|q| {
                let code = q.code();
                let is = code == selected;
                view! { <option value=code selected=is>{i18n.quarter(*q)}</option> }
            })
            .collect_view();
        view! {
            <form method="post" action=format!("/p/{}/reviews/start", partner.id) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" novalidate=true>
                <input type="hidden" name=FORM_KEY value=forms::START />
                <div class="space-y-1">
                    <label for="field-quarter" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ReviewQuarterLabel)}</label>
                    <select
                        id="field-quarter"
                        name="quarter"
                        aria-invalid=message.map(|_| "true")
                        aria-describedby=message.map(|_| "field-quarter-error")
                        class=format!("{INPUT_CLASS} sm:w-auto")
                    >
                        {options}
                    </select>
                </div>
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::StartReview)}</button>
                {message.map(|m| view! { <p id="field-quarter-error" class="w-full text-sm text-red-700">{m}</p> })}
            </form>
        }
        .into_any()
    };
    let th = "px-3 py-2 text-left text-sm font-semibold text-slate-800";
    let td = "px-3 py-2 text-sm text-slate-800";
    let list = if view.reviews.is_empty() {
        view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{i18n.t(Key::NoReviewsYet)}</p> }.into_any()
    } else {
        let rows = view
            .reviews
            .iter()
            .map(|r| {
                let status = match &r.completed {
                    Some((by, when)) => i18n.format(
                        Key::CompletedBy,
                        &[("name", &who(i18n, by)), ("when", when)],
                    ),
                    None => i18n.t(Key::ReviewDraft).to_string(),
                };
                let href = format!("/p/{}/reviews/{}", partner.id, r.id);
                view! {
                    <tr>
                        <th scope="row" class=format!("{td} text-left font-medium")>
                            <a href=href class=LINK_CLASS>{i18n.quarter(r.quarter)}</a>
                        </th>
                        <td class=td>{status}</td>
                        <td class=td>{r.held_on.clone()}</td>
                        <td class=td>{format!("{} · {}", who(i18n, &r.changed.0), r.changed.1)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <TableScroll label=i18n.t(Key::ReviewsHeading) class="mt-6 rounded-lg border border-slate-200 bg-white shadow-sm">
                <table class="min-w-full divide-y divide-slate-200">
                    <caption class="sr-only">{i18n.t(Key::ReviewsHeading)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class=th>{i18n.t(Key::ColQuarter)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColReviewStatus)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColHeldOn)}</th>
                            <th scope="col" class=th>{i18n.t(Key::ColLastChange)}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </TableScroll>
        }
        .into_any()
    };
    view! {
        <Title text=format!("{title} · {}", partner.name) />
        <PartnerLine name=partner.name.clone() />
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1 text-slate-700">{i18n.t(Key::AreaReviewsAbout)}</p>
        <ErrorSummary error=state.error().filter(|e| !matches!(e, AppError::Invalid(_))) />
        {start}
        {list}
    }
}
