//! `/p/{partner}/deals`: the partner's deals, filtered, sorted and paged by the
//! URL, with the ways to add, import and export them.

use super::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::deals::list_deals;
use crate::i18n::Key;
use crate::model::deal_query::{DealQuery, DealSort, MAX_PAGED, PAGE_SIZE};
use crate::model::{DealKind, DealStage, Money};
use crate::ui::forms::{FormState, Notice, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use crate::views::DealList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn DealsPage() -> impl IntoView {
    let location = use_location();
    let partner_id = partner_param();
    let deals = Resource::new(
        move || (partner_id(), location.search.get()),
        |(id, query)| async move {
            match id {
                Some(id) => list_deals(id, query).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! { <PartnerData resource=deals render=|list: DealList| view! { <DealsView list /> } /> }
}

#[component]
fn DealsView(list: DealList) -> impl IntoView {
    let i18n = use_i18n();
    let notice = FormState::on_page("deal").notice();
    let base = format!("/p/{}/deals", list.partner.id);
    let q = list.query.clone();
    let export = format!(
        "{base}.csv{}",
        crate::model::deal_query::encode(&q.filter_params())
    );
    let title = i18n.t(Key::AreaDeals).to_string();
    let caption = i18n.format(Key::DealsOf, &[("partner", &list.partner.name)]);
    view! {
        <Title text=format!("{title} · {}", list.partner.name) />
        <PartnerLine name=list.partner.name.clone() />
        <div class="mt-1 flex flex-wrap items-center gap-3">
            <h1 class="mr-auto text-2xl font-semibold">{title.clone()}</h1>
            <a href=format!("{base}/new") class=BUTTON_CLASS>{i18n.t(Key::AddDeal)}</a>
            <a href=format!("{base}/import") class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ImportDeals)}</a>
            <a href=format!("{base}/stages") class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::StageProbabilities)}</a>
            <a href=export class=SECONDARY_BUTTON_CLASS download="">{i18n.t(Key::ExportDeals)}</a>
            // Pushing deals from a CRM each night is what the API is for.
            <a href=format!("/p/{}/api-tokens", list.partner.id) class=SECONDARY_BUTTON_CLASS>{i18n.t(Key::ApiTokens)}</a>
        </div>
        <div class="mt-2"><Notice notice /></div>
        <Filters list=list.clone() base=base.clone() />
        {if list.deals.is_empty() {
            let empty = if list.any { Key::NoDealsMatch } else { Key::NoDealsYet };
            view! { <p class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{i18n.t(empty)}</p> }.into_any()
        } else {
            view! {
                <DealsTable list=list.clone() base=base.clone() caption />
                <Paging query=q total=list.total base />
            }
            .into_any()
        }}
    }
}

#[component]
fn Filters(list: DealList, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = list.query.clone();
    let option = |value: String, text: String, selected: bool| {
        view! { <option value=value selected=selected>{text}</option> }
    };
    let select_class = format!("{INPUT_CLASS} sm:w-auto");
    view! {
        <form method="get" action=base.clone() role="search" aria-label=i18n.t(Key::Filters) class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="space-y-1">
                <label for="filter-year" class="block text-sm font-medium text-slate-800">{i18n.t(Key::FilterYear)}</label>
                <select id="filter-year" name="year" class=select_class.clone()>
                    {option(String::new(), i18n.t(Key::AllYears).into(), q.year.is_none())}
                    {list.years.iter().map(|y| option(y.to_string(), y.to_string(), q.year == Some(*y))).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="filter-kind" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ColKind)}</label>
                <select id="filter-kind" name="kind" class=select_class.clone()>
                    {option(String::new(), i18n.t(Key::AllKinds).into(), q.kind.is_none())}
                    {DealKind::ALL.into_iter().map(|k| option(k.as_str().into(), i18n.t(k.label()).into(), q.kind == Some(k))).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="filter-stage" class="block text-sm font-medium text-slate-800">{i18n.t(Key::ColStage)}</label>
                <select id="filter-stage" name="stage" class=select_class>
                    {option(String::new(), i18n.t(Key::AllStages).into(), q.stage.is_none())}
                    {DealStage::ALL.into_iter().map(|s| option(s.as_str().into(), i18n.t(s.label()).into(), q.stage == Some(s))).collect_view()}
                </select>
            </div>
            <div class="min-w-48 flex-1 space-y-1">
                <label for="filter-q" class="block text-sm font-medium text-slate-800">{i18n.t(Key::SearchDeals)}</label>
                <input id="filter-q" type="search" name="q" value=q.text.clone() placeholder=i18n.t(Key::SearchDealsHint) class=INPUT_CLASS />
            </div>
            // The order survives a new filter.
            {(q.sort != DealSort::CreateDate || !q.descending).then(|| view! {
                <input type="hidden" name="sort" value=q.sort.as_str() />
                <input type="hidden" name="dir" value=if q.descending { "desc" } else { "asc" } />
            })}
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::ApplyFilters)}</button>
            {q.is_filtered().then(|| view! { <a href=base.clone() class=format!("{LINK_CLASS} py-2 text-sm")>{i18n.t(Key::ClearFilters)}</a> })}
        </form>
    }
}

#[component]
fn DealsTable(list: DealList, base: String, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let q = list.query.clone();
    let currency = list.partner.currency;
    let deal_base = base.clone();
    let header = move |sort: Option<DealSort>, label: Key, numeric: bool| {
        let align = if numeric { "text-right" } else { "text-left" };
        let class =
            format!("whitespace-nowrap px-3 py-2 {align} text-sm font-semibold text-slate-800");
        match sort {
            None => view! { <th scope="col" class=class>{i18n.t(label)}</th> }.into_any(),
            Some(sort) => {
                let active = q.sort == sort;
                let aria_sort = active.then_some(if q.descending {
                    "descending"
                } else {
                    "ascending"
                });
                let href = format!("{base}{}", q.sorted_by(sort).to_query_string());
                let arrow = if !active {
                    ""
                } else if q.descending {
                    " ↓"
                } else {
                    " ↑"
                };
                view! {
                    <th scope="col" class=class aria-sort=aria_sort>
                        <a href=href class="rounded hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                            {i18n.t(label)}<span aria-hidden="true">{arrow}</span>
                        </a>
                    </th>
                }
                .into_any()
            }
        }
    };
    let cell = "whitespace-nowrap px-3 py-2 text-sm text-slate-800";
    view! {
        <TableScroll label=caption.clone() class="mt-4 rounded-lg border border-slate-200 bg-white shadow-sm">
            <table class="min-w-full divide-y divide-slate-200">
                <caption class="sr-only">{caption}</caption>
                <thead class="bg-slate-50">
                    <tr>
                        {header(Some(DealSort::Name), Key::ColDealName, false)}
                        {header(Some(DealSort::Company), Key::ColCompany, false)}
                        {header(Some(DealSort::Kind), Key::ColKind, false)}
                        {header(Some(DealSort::Stage), Key::ColStage, false)}
                        {header(Some(DealSort::CreateDate), Key::ColCreateDate, false)}
                        {header(Some(DealSort::CloseDate), Key::ColCloseDate, false)}
                        {header(Some(DealSort::Mrr), Key::ColMrr, true)}
                        {header(Some(DealSort::Owner), Key::ColOwner, false)}
                        {header(None, Key::ColRecordId, false)}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {list
                        .deals
                        .into_iter()
                        .map(|d| {
                            view! {
                                <tr class="hover:bg-slate-50">
                                    <td class=cell>
                                        <a href=format!("{deal_base}/{}", d.id) class=LINK_CLASS>{d.name.clone()}</a>
                                    </td>
                                    <td class=cell>{d.company.clone()}</td>
                                    <td class=cell>{i18n.t(d.kind.label())}</td>
                                    <td class=cell>
                                        {i18n.t(d.stage.label())}
                                        {d.pipeline_stage.clone().map(|p| view! { <span class="block text-xs text-slate-600">{p}</span> })}
                                    </td>
                                    <td class=cell>{d.create_date.to_string()}</td>
                                    <td class=cell>{d.close_date.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td class=format!("{cell} text-right tabular-nums")>{Money::new(d.mrr, currency).display()}</td>
                                    <td class=cell>{d.owner.clone()}</td>
                                    <td class=format!("{cell} text-slate-600")>{d.external_id.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

#[component]
fn Paging(query: DealQuery, total: i64, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let from = query.offset() as i64 + 1;
    let to = (query.offset() as i64 + PAGE_SIZE as i64).min(total);
    let reachable = total.min(MAX_PAGED as i64);
    let pages = ((reachable + PAGE_SIZE as i64 - 1) / PAGE_SIZE as i64).max(1) as u32;
    let link = |page: u32| format!("{base}{}", query.at_page(page).to_query_string());
    let prev = (query.page > 1).then(|| link(query.page - 1));
    let next = (query.page < pages).then(|| link(query.page + 1));
    let nav_class = format!("{SECONDARY_BUTTON_CLASS} py-1.5");
    view! {
        <nav aria-label=i18n.t(Key::Pages) class="mt-4 flex flex-wrap items-center gap-3 text-sm text-slate-700">
            <p class="mr-auto">
                {i18n.format(Key::ShowingDeals, &[("from", &from.to_string()), ("to", &to.to_string()), ("total", &total.to_string())])}
            </p>
            {prev.map(|href| view! { <a href=href rel="prev" class=nav_class.clone()>{i18n.t(Key::PreviousPage)}</a> })}
            <span>{i18n.format(Key::PageOf, &[("page", &query.page.to_string()), ("pages", &pages.to_string())])}</span>
            {next.map(|href| view! { <a href=href rel="next" class=nav_class.clone()>{i18n.t(Key::NextPage)}</a> })}
        </nav>
        {(total > MAX_PAGED as i64 && query.page == pages).then(|| view! {
            <p class="mt-2 text-sm text-slate-700">{i18n.format(Key::PagingLimit, &[("count", &MAX_PAGED.to_string())])}</p>
        })}
    }
}
