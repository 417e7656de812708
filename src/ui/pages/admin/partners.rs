//! `/admin/partners`: every partner (archived ones too), searched by name, and
//! a new one; `/admin/partners/{id}`: rename, time zone, archive or restore,
//! and the PDMs assigned to it.

use super::{AdminData, ButtonForm};
use crate::api::admin::{
    admin_partner, load_admin_partners, AdminAssign, AdminPartnerArchive, AdminPartnerCreate,
    AdminPartnerRestore, AdminPartnerUpdate, AdminUnassign,
};
use crate::i18n::Key;
use crate::model::PartnerId;
use crate::ui::forms::{Field, Form, FormState, Notice, SelectField, BUTTON_CLASS, INPUT_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::deals::LINK_CLASS;
use crate::ui::table::TableScroll;
use crate::views::{AdminPartnerDetail, AdminPartners};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AdminPartnersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let data = Resource::new(search, load_admin_partners);
    view! { <AdminData resource=data render=move |d: AdminPartners| view! { <PartnerList data=d search=search() /> } /> }
}

/// A search form for a list: the `q` of its URL.
#[component]
pub fn SearchForm(action: &'static str, search: String, label: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action=action role="search" class="mt-4 flex flex-wrap items-end gap-2">
            <div class="space-y-1">
                <label for="admin-search" class="block text-sm font-medium text-slate-800">{i18n.t(label)}</label>
                <input id="admin-search" type="search" name="q" value=search class=INPUT_CLASS />
            </div>
            <button type="submit" class=crate::ui::pages::deals::SECONDARY_BUTTON_CLASS>{i18n.t(Key::Search)}</button>
        </form>
    }
}

fn zone_options(zones: &[String]) -> Vec<(String, String)> {
    zones.iter().map(|z| (z.clone(), z.clone())).collect()
}

#[component]
fn PartnerList(data: AdminPartners, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::AdminPartners).to_string();
    let create = FormState::on_page("admin-partner-new");
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <SearchForm action="/admin/partners" search label=Key::SearchPartners />
        {if data.partners.is_empty() {
            view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NothingFound)}</p> }.into_any()
        } else {
            view! {
                <TableScroll label=i18n.t(Key::AdminPartners) class="mt-4"><table class="mt-4 w-full border-collapse bg-white text-left text-sm shadow-sm">
                    <caption class="sr-only">{i18n.t(Key::AdminPartners)}</caption>
                    <thead class="border-b border-slate-200 bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::PartnerNameLabel)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::CurrencyLabel)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::TimeZone)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminMembers)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminStatus)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.partners.into_iter().map(|p| view! {
                            <tr class="border-b border-slate-100">
                                <td class="px-3 py-2"><a href=format!("/admin/partners/{}", p.id) class=LINK_CLASS>{p.name}</a></td>
                                <td class="px-3 py-2">{p.currency}</td>
                                <td class="px-3 py-2">{p.time_zone}</td>
                                <td class="px-3 py-2">{p.members}</td>
                                <td class="px-3 py-2">{i18n.t(if p.archived { Key::AdminArchived } else { Key::AdminActive })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></TableScroll>
            }.into_any()
        }}
        <section aria-labelledby="new-partner" class="mt-8 max-w-xl rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="new-partner" class="text-xl font-semibold">{i18n.t(Key::AdminNewPartner)}</h2>
            <Form state=create action=AdminPartnerCreate::PATH class="mt-3 space-y-3">
                <Field name="name" id_prefix="new" label=Key::PartnerNameLabel />
                <Field name="currency" id_prefix="new" label=Key::CurrencyLabel hint=Key::CurrencyHint value="USD" />
                <SelectField name="time_zone" id_prefix="new" label=Key::TimeZone options=zone_options(&data.zones) selected="UTC" />
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminCreatePartner)}</button>
            </Form>
        </section>
    }
}

#[component]
pub fn AdminPartnerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("partner").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => admin_partner(PartnerId(id)).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <AdminData resource=data render=|d: AdminPartnerDetail| view! { <PartnerDetail data=d /> } /> }
}

#[component]
fn PartnerDetail(data: AdminPartnerDetail) -> impl IntoView {
    let i18n = use_i18n();
    let p = data.partner.clone();
    let pid = p.id;
    let edit = FormState::on_page("admin-partner-edit");
    let assign = FormState::on_page("admin-partner-assign");
    // Notices of posts whose form is not on this page as it is now: the new
    // partner's, and an assignment that took the last PDM out of the choice.
    let created = super::page_flash()
        .filter(|f| f.form == "admin-partner-new")
        .and_then(|f| f.notice);
    let assigned = assign.notice();
    let pdm_options: Vec<(String, String)> = data
        .other_pdms
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    view! {
        <Title text=p.name.clone() />
        <p class="text-sm"><a href="/admin/partners" class=LINK_CLASS>{i18n.t(Key::AdminPartners)}</a></p>
        <h1 class="mt-1 text-2xl font-semibold">{p.name.clone()}</h1>
        <p class="mt-1 text-sm text-slate-700">
            {i18n.t(if p.archived { Key::AdminPartnerIsArchived } else { Key::AdminActive })}
            " · " {p.currency.clone()} " · " {i18n.format(Key::AdminMemberCount, &[("count", &p.members.to_string())])}
        </p>
        {(!p.archived).then(|| view! {
            <p class="mt-1 text-sm"><a href=format!("/p/{}/goals", p.id) class=LINK_CLASS>{i18n.t(Key::AdminOpenWorkspace)}</a></p>
        })}
        <Notice notice=created class="mt-2" />
        <div class="mt-4 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="partner-edit" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h2 id="partner-edit" class="text-lg font-medium">{i18n.t(Key::AdminPartnerDetails)}</h2>
                <Form state=edit action=AdminPartnerUpdate::PATH class="mt-3 space-y-3">
                    <input type="hidden" name="partner_id" value=pid.to_string() />
                    <Field name="name" label=Key::PartnerNameLabel value=p.name.clone() />
                    <SelectField name="time_zone" label=Key::TimeZone options=zone_options(&data.zones) selected=p.time_zone.clone() />
                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                </Form>
            </section>
            <section aria-labelledby="partner-archive" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h2 id="partner-archive" class="text-lg font-medium">{i18n.t(if p.archived { Key::AdminRestorePartner } else { Key::AdminArchivePartner })}</h2>
                <p class="my-2 text-sm text-slate-700">{i18n.t(if p.archived { Key::AdminRestoreAbout } else { Key::AdminArchiveAbout })}</p>
                {if p.archived {
                    view! { <ButtonForm form_key="admin-partner-restore" action=AdminPartnerRestore::PATH hidden=vec![("partner_id", pid.to_string())] label=Key::AdminRestorePartner /> }.into_any()
                } else {
                    view! { <ButtonForm form_key="admin-partner-archive" action=AdminPartnerArchive::PATH hidden=vec![("partner_id", pid.to_string())] label=Key::AdminArchivePartner danger=true /> }.into_any()
                }}
            </section>
            <section aria-labelledby="partner-pdms" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-2">
                <h2 id="partner-pdms" class="text-lg font-medium">{i18n.t(Key::AdminAssignedPdms)}</h2>
                {if data.pdms.is_empty() {
                    view! { <p class="mt-2 text-sm text-slate-700">{i18n.t(Key::AdminNoPdms)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-2 space-y-2">
                            {data.pdms.iter().map(|c| view! {
                                <li class="flex flex-wrap items-center gap-3">
                                    <a href=format!("/admin/users/{}", c.id) class=LINK_CLASS>{c.name.clone()}</a>
                                    <ButtonForm form_key=format!("admin-unassign-{}", c.id) action=AdminUnassign::PATH hidden=vec![("pdm_id", c.id.to_string()), ("partner_id", pid.to_string())] label=Key::AdminUnassign />
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Notice notice=pdm_options.is_empty().then_some(assigned).flatten() class="mt-2" />
                {(!pdm_options.is_empty()).then(|| view! {
                    <Form state=assign action=AdminAssign::PATH class="mt-4 flex flex-wrap items-end gap-3">
                        <input type="hidden" name="partner_id" value=pid.to_string() />
                        <SelectField name="pdm_id" label=Key::AdminPdm options=pdm_options.clone() selected="" />
                        <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminAssign)}</button>
                    </Form>
                })}
            </section>
        </div>
    }
}
