//! The deals area: the list with its filters (`list`), the form to add or
//! edit one deal (`form`), and the import from a HubSpot export (`import`).

pub mod form;
pub mod import;
pub mod list;
pub mod stages;

use super::ErrorPage;
use crate::error::AppError;
use crate::i18n::Key;
use crate::model::PartnerId;
use crate::ui::i18n::use_i18n;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map};

/// Loads a partner page's data once the session is known: anonymous visitors
/// go to the login (and come back), errors become the error page.
#[component]
pub fn PartnerData<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let render = std::sync::Arc::new(render);
    // Both awaited as futures (see `ui::layout`): a resource read with `.get()`
    // in two Suspense boundaries can leave the response hanging.
    view! {
        <Suspense>
            {move || {
                let render = render.clone();
                let here = here();
                Suspend::new(async move {
                    let signed_in = session.info.await.ok().map(|i| i.user.is_some());
                    if signed_in == Some(false) {
                        let next = crate::model::deal_query::encode(&[("next", here)]);
                        return view! { <Redirect path=format!("/login{next}") /> }.into_any();
                    }
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The partner id in the page's path.
pub fn partner_param() -> impl Fn() -> Option<PartnerId> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("partner").and_then(|s| s.parse::<PartnerId>().ok()))
}

/// The partner's name above an area page's heading.
#[component]
pub fn PartnerLine(name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="text-sm text-slate-600">{i18n.label(Key::Partner)} {name}</p> }
}

pub const LINK_CLASS: &str = "rounded text-indigo-700 underline underline-offset-2 hover:text-indigo-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

pub const SECONDARY_BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
