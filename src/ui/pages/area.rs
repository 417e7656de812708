//! A partner's area page (Goals, Progress, Deals, Tasks, Reviews). For now each
//! says what it will hold; the partner is loaded through its access check.

use super::ErrorPage;
use crate::api::partners::partner_workspace;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::area::Area;
use crate::model::PartnerId;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::not_found::NotFound;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn AreaPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let partner_id = Memo::new(move |_| {
        params.with(|p| p.get("partner").and_then(|s| s.parse::<PartnerId>().ok()))
    });
    let area = Memo::new(move |_| params.with(|p| p.get("area").and_then(|s| Area::from_slug(&s))));
    let partner = Resource::new(
        move || partner_id.get(),
        |id| async move {
            match id {
                Some(id) => partner_workspace(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let location = use_location();
    let login_path = move || format!("/login?next={}", location.pathname.get());
    view! {
        <Suspense>
            {move || {
                let signed_in = session.info.get().and_then(|r| r.ok()).map(|i| i.user.is_some());
                if signed_in == Some(false) {
                    return view! { <Redirect path=login_path() /> }.into_any();
                }
                let Some(area) = area.get() else {
                    return view! { <NotFound /> }.into_any();
                };
                partner
                    .get()
                    .map(|result| match result {
                        Ok(p) => {
                            let name = p.name.clone();
                            view! {
                                <Title text=move || format!("{} · {}", i18n.t(area.title()), name) />
                                <p class="text-sm text-slate-600">{i18n.label(Key::Partner)} {p.name.clone()}</p>
                                <h1 class="mt-1 text-2xl font-semibold">{i18n.t(area.title())}</h1>
                                <section class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6">
                                    <p class="text-slate-700">{i18n.t(Key::AreaBeingBuilt)}</p>
                                    <p class="mt-2 text-slate-900">{i18n.t(area.about())}</p>
                                </section>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    })
                    .into_any()
            }}
        </Suspense>
    }
}
