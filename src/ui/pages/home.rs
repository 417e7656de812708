//! The start page: who is signed in and the partners they may open.

use crate::i18n::Key;
use crate::model::area::Area;
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Key::YourPartners).to_string() />
        <Suspense>
            {move || {
                session
                    .info
                    .get()
                    .map(|r| {
                        let info = r.unwrap_or_default();
                        match info.user {
                            None => view! { <Redirect path="/login" /> }.into_any(),
                            Some(user) => {
                                let name = user.display_name.clone();
                                view! {
                                    <h1 class="text-2xl font-semibold">{i18n.format(Key::Welcome, &[("name", &name)])}</h1>
                                    <h2 class="mt-6 text-lg font-medium">{i18n.t(Key::YourPartners)}</h2>
                                    {(info.partner_count > info.partners.len()).then(|| view! {
                                        <p class="mt-2 text-sm text-slate-700">
                                            {i18n.format(Key::FirstPartnersShown, &[("shown", &info.partners.len().to_string()), ("count", &info.partner_count.to_string())])}
                                            " "
                                            <a href="/portfolio" class="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                                                {i18n.t(Key::Portfolio)}
                                            </a>
                                        </p>
                                    })}
                                    {if info.partners.is_empty() {
                                        view! { <p class="mt-2 text-slate-600">{i18n.t(Key::NoPartners)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                                                {info
                                                    .partners
                                                    .into_iter()
                                                    .map(|p| {
                                                        view! {
                                                            <li class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                                                                <a href=Area::Goals.path(p.id) class="text-lg font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                                                                    {p.name.clone()}
                                                                </a>
                                                                <p class="mt-1 text-sm text-slate-600">
                                                                    {i18n.label(Key::Currency)} {p.currency.code()} " · "
                                                                    {i18n.label(Key::TimeZone)} {p.time_zone.clone()}
                                                                </p>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                }
                                    .into_any()
                            }
                        }
                    })
            }}
        </Suspense>
    }
}
