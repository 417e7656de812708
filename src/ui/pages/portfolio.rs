//! `/portfolio?year=Y&sort=…&dir=asc|desc&status=…`: every partner the PDM
//! looks after (every partner for an admin), each goal's annual attainment and
//! pacing status, sortable by any column and filterable by status. Sorting and
//! filtering are links and a GET form, so they work without JavaScript.

use super::deals::{PartnerData, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::progress::open_portfolio;
use crate::i18n::Key;
use crate::model::deal_query::encode;
use crate::model::metrics::Metric;
use crate::model::progress::{PaceStatus, PortfolioOrder};
use crate::model::Money;
use crate::ui::forms::INPUT_CLASS;
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use crate::views::PortfolioView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let location = use_location();
    let portfolio = Resource::new(move || location.search.get(), open_portfolio);
    view! { <PartnerData resource=portfolio render=|portfolio: PortfolioView| view! { <Portfolio portfolio /> } /> }
}

/// The URL of the portfolio with this order.
fn href(year: i32, order: PortfolioOrder) -> String {
    let mut params = vec![("year", year.to_string())];
    if let Some(by) = order.by {
        params.push(("sort", by.as_str().to_string()));
    }
    if order.descending {
        params.push(("dir", "desc".to_string()));
    }
    if let Some(status) = order.status {
        params.push(("status", status.as_str().to_string()));
    }
    format!("/portfolio{}", encode(&params))
}

#[component]
fn Portfolio(portfolio: PortfolioView) -> impl IntoView {
    let i18n = use_i18n();
    let (year, order) = (portfolio.year, portfolio.order);
    // A column header: a link that sorts by it, ascending first, then the other way.
    let header = move |by: Option<Metric>, label: String| {
        let sorted = order.by == by;
        let next = PortfolioOrder {
            by,
            descending: sorted && !order.descending,
            status: order.status,
        };
        let aria_sort = sorted.then(|| {
            if order.descending {
                "descending"
            } else {
                "ascending"
            }
        });
        let arrow = sorted.then(|| if order.descending { " ↓" } else { " ↑" });
        view! {
            <th scope="col" aria-sort=aria_sort class="px-2 py-2 text-left">
                <a href=href(year, next) class=LINK_CLASS>{label}{arrow}</a>
            </th>
        }
    };
    let heads = Metric::ALL
        .into_iter()
        .map(|m| header(Some(m), i18n.t(m.label()).to_string()))
        .collect_view();
    let rows = portfolio
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .standings
                .iter()
                .map(|s| {
                    let attainment = s.attainment.map(|a| format!("{a}%")).unwrap_or_else(|| i18n.t(Key::NoPercent).to_string());
                    let status = s.status.map(|st| i18n.t(st.label()));
                    view! {
                        <td class="px-2 py-1.5 whitespace-nowrap">
                            <span class="tabular-nums">{attainment}</span>
                            {status.map(|st| view! { " · " <span>{st}</span> })}
                        </td>
                    }
                })
                .collect_view();
            let (weighted, of_target) = row.weighted_forecast;
            let forecast = match of_target {
                Some(p) => format!("{p}% · {}", Money::new(weighted, row.partner.currency).display()),
                None => Money::new(weighted, row.partner.currency).display(),
            };
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-2 py-1.5 text-left font-normal">
                        <a href=format!("/p/{}/progress?year={year}", row.partner.id) class=LINK_CLASS>{row.partner.name.clone()}</a>
                    </th>
                    {cells}
                    <td class="px-2 py-1.5 whitespace-nowrap tabular-nums">{forecast}</td>
                </tr>
            }
        })
        .collect_view();
    let statuses = PaceStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=order.status == Some(s)>{i18n.t(s.label())}</option> })
        .collect_view();
    let years = portfolio
        .years
        .iter()
        .map(|y| view! { <option value=*y selected=*y == year>{*y}</option> })
        .collect_view();
    let count = i18n.format(
        Key::PortfolioCount,
        &[
            ("shown", &portfolio.rows.len().to_string()),
            ("total", &portfolio.partner_count.to_string()),
        ],
    );
    let refused = portfolio.year_refused.then(|| i18n.t(Key::ErrPlanYear));
    view! {
        <Title text=format!("{} · {year}", i18n.t(Key::Portfolio)) />
        <h1 class="text-2xl font-semibold">{i18n.t(Key::Portfolio)}</h1>
        <p class="mt-1 text-slate-700">{i18n.t(Key::PortfolioAbout)}</p>
        <form method="get" class="mt-4 flex flex-wrap items-end gap-2">
            {order.by.map(|by| view! { <input type="hidden" name="sort" value=by.as_str() /> })}
            {order.descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <div class="space-y-1">
                <label for="field-year" class="block text-sm font-medium text-slate-800">{i18n.t(Key::FilterYear)}</label>
                <select id="field-year" name="year" aria-invalid=refused.map(|_| "true") aria-describedby=refused.map(|_| "field-year-error") class=INPUT_CLASS>{years}</select>
            </div>
            <div class="space-y-1">
                <label for="field-status" class="block text-sm font-medium text-slate-800">{i18n.t(Key::StatusFilter)}</label>
                <select id="field-status" name="status" class=INPUT_CLASS>
                    <option value="">{i18n.t(Key::AllStatuses)}</option>
                    {statuses}
                </select>
            </div>
            <button type="submit" class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ShowYear)}</button>
            {refused.map(|m| view! { <p id="field-year-error" class="w-full text-sm text-red-700">{m}</p> })}
        </form>
        <p class="mt-4 text-sm text-slate-600" role="status">{count}</p>
        {if portfolio.rows.is_empty() {
            view! { <p class="mt-2 text-slate-700">{i18n.t(Key::PortfolioEmpty)}</p> }.into_any()
        } else {
            view! {
                <TableScroll label=i18n.t(Key::Portfolio) class="mt-2 rounded-lg border border-slate-200 bg-white">
                    <table class="min-w-full text-sm">
                        <caption class="sr-only">{i18n.t(Key::Portfolio)}</caption>
                        <thead class="bg-slate-50">
                            <tr>
                                {header(None, i18n.t(Key::Partner).to_string())}{heads}
                                <th scope="col" class="px-2 py-2 text-left">{i18n.t(Key::ColForecastWeighted)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
            }.into_any()
        }}
    }
}
