//! `/admin/users`: every user with role, partner and last login, searched, and
//! a new one (with a one-time password, shown once); `/admin/users/{id}`: role
//! and partner, a password reset, deactivation, and a PDM's partners.

use super::partners::SearchForm;
use super::{page_flash, AdminData, ButtonForm};
use crate::api::admin::{
    admin_user, load_admin_users, AdminAssign, AdminUnassign, AdminUserCreate, AdminUserDeactivate,
    AdminUserReactivate, AdminUserResetPassword, AdminUserRole,
};
use crate::i18n::Key;
use crate::model::{Role, UserId};
use crate::ui::forms::{Field, Form, FormState, Notice, SelectField, BUTTON_CLASS};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::pages::deals::LINK_CLASS;
use crate::ui::table::TableScroll;
use crate::views::{AdminUserDetail, AdminUsers, Choice};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let data = Resource::new(search, load_admin_users);
    view! { <AdminData resource=data render=move |d: AdminUsers| view! { <UserList data=d search=search() /> } /> }
}

fn role_options(i18n: I18n) -> Vec<(String, String)> {
    [Role::Member, Role::Pdm, Role::Admin]
        .into_iter()
        .map(|r| (r.as_str().to_string(), i18n.t(r.label()).to_string()))
        .collect()
}

fn partner_options(i18n: I18n, partners: &[Choice]) -> Vec<(String, String)> {
    std::iter::once((String::new(), i18n.t(Key::AdminNoPartner).to_string()))
        .chain(partners.iter().map(|c| (c.id.to_string(), c.name.clone())))
        .collect()
}

#[component]
fn UserList(data: AdminUsers, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(Key::AdminUsers).to_string();
    let create = FormState::on_page("admin-user-new");
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <SearchForm action="/admin/users" search label=Key::SearchUsers />
        {if data.users.is_empty() {
            view! { <p class="mt-4 text-slate-700">{i18n.t(Key::NothingFound)}</p> }.into_any()
        } else {
            view! {
                <TableScroll label=i18n.t(Key::AdminUsers) class="mt-4"><table class="mt-4 w-full border-collapse bg-white text-left text-sm shadow-sm">
                    <caption class="sr-only">{i18n.t(Key::AdminUsers)}</caption>
                    <thead class="border-b border-slate-200 bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::Email)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminUserName)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminRole)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminPartner)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminLastLogin)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::AdminStatus)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data.users.into_iter().map(|u| view! {
                            <tr class="border-b border-slate-100">
                                <td class="px-3 py-2"><a href=format!("/admin/users/{}", u.id) class=LINK_CLASS>{u.email}</a></td>
                                <td class="px-3 py-2">{u.display_name}</td>
                                <td class="px-3 py-2">{i18n.t(u.role.label())}</td>
                                <td class="px-3 py-2">{u.partner_name.unwrap_or_default()}</td>
                                <td class="px-3 py-2">{u.last_login.unwrap_or_else(|| i18n.t(Key::AdminNever).to_string())}</td>
                                <td class="px-3 py-2">{i18n.t(if u.active { Key::AdminActive } else { Key::AdminDeactivated })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></TableScroll>
            }.into_any()
        }}
        <section aria-labelledby="new-user" class="mt-8 max-w-xl rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 id="new-user" class="text-xl font-semibold">{i18n.t(Key::AdminNewUser)}</h2>
            <Form state=create action=AdminUserCreate::PATH class="mt-3 space-y-3">
                <Field name="email" id_prefix="new" label=Key::Email kind="email" autocomplete="off" />
                <Field name="name" id_prefix="new" label=Key::AdminUserName autocomplete="off" />
                <SelectField name="role" id_prefix="new" label=Key::AdminRole options=role_options(i18n) selected="member" />
                <SelectField name="partner_id" id_prefix="new" label=Key::AdminPartnerOfMember options=partner_options(i18n, &data.partners) selected="" />
                <Field name="password" id_prefix="new" label=Key::AdminOneTimePasswordLabel kind="password" autocomplete="new-password" hint=Key::AdminOneTimePasswordHint optional=true />
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminCreateUser)}</button>
            </Form>
        </section>
    }
}

#[component]
pub fn AdminUserPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("user").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => admin_user(UserId(id)).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <AdminData resource=data render=|d: AdminUserDetail| view! { <UserDetail data=d /> } /> }
}

#[component]
fn UserDetail(data: AdminUserDetail) -> impl IntoView {
    let i18n = use_i18n();
    let u = data.user.clone();
    let uid = u.id;
    let role = FormState::on_page("admin-user-role");
    let reset = FormState::on_page("admin-user-reset");
    let assign = FormState::on_page("admin-user-assign");
    // A password just made (a new user, a reset): shown this once, from the
    // one-time flash that the page deleted as it read it.
    let flash = page_flash();
    let one_time = flash
        .as_ref()
        .and_then(|f| f.value("one_time_password").map(str::to_string));
    let created = flash
        .as_ref()
        .filter(|f| f.form == "admin-user-new")
        .and_then(|f| f.notice);
    let unassigned: Vec<(String, String)> = data
        .unassigned
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let status = if !u.active {
        Key::AdminDeactivated
    } else if u.must_change_password {
        Key::AdminMustChangePassword
    } else {
        Key::AdminActive
    };
    view! {
        <Title text=u.email.clone() />
        <p class="text-sm"><a href="/admin/users" class=LINK_CLASS>{i18n.t(Key::AdminUsers)}</a></p>
        <h1 class="mt-1 text-2xl font-semibold">{u.display_name.clone()}</h1>
        <p class="mt-1 text-sm text-slate-700">
            {u.email.clone()} " · " {i18n.t(u.role.label())} " · " {i18n.t(status)} " · "
            {i18n.label(Key::AdminLastLogin)} {u.last_login.clone().unwrap_or_else(|| i18n.t(Key::AdminNever).to_string())}
        </p>
        <Notice notice=created class="mt-2" />
        {one_time.map(|password| view! {
            <div role="status" class="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4">
                <p class="font-medium">{i18n.t(Key::AdminOneTimePasswordIs)}</p>
                <p class="mt-2 font-mono text-lg" data-one-time-password="">{password}</p>
                <p class="mt-2 text-sm text-slate-700">{i18n.t(Key::AdminOneTimePasswordOnce)}</p>
            </div>
        })}
        <div class="mt-4 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="user-role" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h2 id="user-role" class="text-lg font-medium">{i18n.t(Key::AdminRoleAndPartner)}</h2>
                <Form state=role action=AdminUserRole::PATH class="mt-3 space-y-3">
                    <input type="hidden" name="user_id" value=uid.to_string() />
                    <SelectField name="role" label=Key::AdminRole options=role_options(i18n) selected=u.role.as_str() />
                    <SelectField name="partner_id" label=Key::AdminPartnerOfMember options=partner_options(i18n, &data.partners) selected=u.partner_id.map(|p| p.to_string()).unwrap_or_default() />
                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::Save)}</button>
                </Form>
            </section>
            <section aria-labelledby="user-reset" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h2 id="user-reset" class="text-lg font-medium">{i18n.t(Key::AdminResetPassword)}</h2>
                <p class="mt-1 text-sm text-slate-700">{i18n.t(Key::AdminResetAbout)}</p>
                <Form state=reset action=AdminUserResetPassword::PATH class="mt-3 space-y-3">
                    <input type="hidden" name="user_id" value=uid.to_string() />
                    <Field name="password" id_prefix="reset" label=Key::AdminOneTimePasswordLabel kind="password" autocomplete="new-password" hint=Key::AdminOneTimePasswordHint optional=true />
                    <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminResetPassword)}</button>
                </Form>
            </section>
            <section aria-labelledby="user-active" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <h2 id="user-active" class="text-lg font-medium">{i18n.t(if u.active { Key::AdminDeactivate } else { Key::AdminReactivate })}</h2>
                <p class="my-2 text-sm text-slate-700">{i18n.t(if u.active { Key::AdminDeactivateAbout } else { Key::AdminReactivateAbout })}</p>
                {if u.active {
                    view! { <ButtonForm form_key="admin-user-deactivate" action=AdminUserDeactivate::PATH hidden=vec![("user_id", uid.to_string())] label=Key::AdminDeactivate error_field="user_id" danger=true /> }.into_any()
                } else {
                    view! { <ButtonForm form_key="admin-user-reactivate" action=AdminUserReactivate::PATH hidden=vec![("user_id", uid.to_string())] label=Key::AdminReactivate /> }.into_any()
                }}
            </section>
            {(u.role == Role::Pdm).then(|| view! {
                <section aria-labelledby="user-partners" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                    <h2 id="user-partners" class="text-lg font-medium">{i18n.t(Key::AdminPdmPartners)}</h2>
                    {if data.assigned.is_empty() {
                        view! { <p class="mt-2 text-sm text-slate-700">{i18n.t(Key::AdminNoPartners)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-2 space-y-2">
                                {data.assigned.iter().map(|c| view! {
                                    <li class="flex flex-wrap items-center gap-3">
                                        <a href=format!("/admin/partners/{}", c.id) class=LINK_CLASS>{c.name.clone()}</a>
                                        <ButtonForm form_key=format!("admin-unassign-p{}", c.id) action=AdminUnassign::PATH hidden=vec![("pdm_id", uid.to_string()), ("partner_id", c.id.to_string())] label=Key::AdminUnassign />
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <Notice notice=unassigned.is_empty().then(|| assign.notice()).flatten() class="mt-2" />
                    {(!unassigned.is_empty()).then(|| view! {
                        <Form state=assign.clone() action=AdminAssign::PATH class="mt-4 flex flex-wrap items-end gap-3">
                            <input type="hidden" name="pdm_id" value=uid.to_string() />
                            <SelectField name="partner_id" id_prefix="assign" label=Key::AdminPartner options=unassigned.clone() selected="" />
                            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::AdminAssign)}</button>
                        </Form>
                    })}
                </section>
            })}
        </div>
    }
}
