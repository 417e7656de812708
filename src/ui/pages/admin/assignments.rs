//! `/admin/assignments`: which PDM looks after which partner; assign and
//! unassign here, or from a partner's or a PDM's own page.

use super::{AdminData, ButtonForm};
use crate::api::admin::{load_admin_assignments, AdminAssign, AdminUnassign};
use crate::i18n::Key;
use crate::ui::forms::{Form, FormState, SelectField, BUTTON_CLASS};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::deals::LINK_CLASS;
use crate::ui::table::TableScroll;
use crate::views::AdminAssignments;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn AdminAssignmentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_admin_assignments());
    view! { <AdminData resource=data render=|d: AdminAssignments| view! { <Assignments data=d /> } /> }
}

#[component]
fn Assignments(data: AdminAssignments) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::AdminAssignments).to_string();
    let state = FormState::on_page("admin-assign");
    let options = |items: &[crate::views::Choice]| {
        items
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect::<Vec<_>>()
    };
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <p class="mt-1 max-w-3xl text-sm text-slate-700">{i18n.t(Key::AdminAssignmentsAbout)}</p>
        <Form state action=AdminAssign::PATH class="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <SelectField name="pdm_id" label=Key::AdminPdm options=options(&data.pdms) selected="" />
            <SelectField name="partner_id" label=Key::AdminPartner options=options(&data.partners) selected="" />
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminAssign)}</button>
        </Form>
        {if data.assignments.is_empty() {
            view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NothingFound)}</p> }.into_any()
        } else {
            view! {
                <TableScroll label=i18n.t(Key::AdminAssignments) class="mt-4"><table class="mt-4 w-full border-collapse bg-white text-left text-sm shadow-sm">
                    <caption class="sr-only">{i18n.t(Key::AdminAssignments)}</caption>
                    <thead class="border-b border-slate-200 bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminPdm)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminPartner)}</th>
                            <th scope="col" class="px-3 py-2"><span class="sr-only">{i18n.t(Key::AdminUnassign)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.assignments.into_iter().map(|a| view! {
                            <tr class="border-b border-slate-100">
                                <td class="px-3 py-2"><a href=format!("/admin/users/{}", a.pdm.id) class=LINK_CLASS>{a.pdm.name.clone()}</a></td>
                                <td class="px-3 py-2">
                                    <a href=format!("/admin/partners/{}", a.partner.id) class=LINK_CLASS>{a.partner.name.clone()}</a>
                                    {a.archived.then(|| view! { " (" {i18n.t(Key::AdminArchived)} ")" })}
                                </td>
                                <td class="px-3 py-2">
                                    <ButtonForm form_key=format!("admin-unassign-{}-{}", a.pdm.id, a.partner.id) action=AdminUnassign::PATH hidden=vec![("pdm_id", a.pdm.id.to_string()), ("partner_id", a.partner.id.to_string())] label=Key::AdminUnassign />
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></TableScroll>
            }.into_any()
        }}
    }
}
