//! `/unsubscribe/TOKEN`: the page a message's unsubscribe link opens. It
//! asks before it acts (a GET changes nothing: mail scanners open links);
//! its button posts to the same address (`server::mail::unsubscribe`), which
//! comes back here to say it is done. No sign-in: the link is the key.

use crate::api::settings::unsubscribe_status;
use crate::i18n::Key;
use crate::ui::forms::BUTTON_CLASS;
use crate::ui::i18n::use_i18n;
use crate::views::UnsubscribeView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let status = Resource::new(token, unsubscribe_status);
    view! {
        <Title text=i18n.t(Key::UnsubscribeTitle).to_string() />
        <div class="mx-auto mt-8 max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 class="mb-4 text-2xl font-semibold">{i18n.t(Key::UnsubscribeTitle)}</h1>
            <Suspense>
                {move || status.get().map(|s| match s.ok().flatten() {
                    None => view! { <p class="text-slate-700">{i18n.t(Key::UnsubscribeUnknown)}</p> }.into_any(),
                    Some(view) => view! { <Choice view token=token() /> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Choice(view: UnsubscribeView, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let args = [
        ("kind", i18n.t(view.kind.label())),
        ("email", view.email.as_str()),
    ];
    if view.off {
        return view! {
            <p role="status" tabindex="-1" autofocus=true class="rounded-md bg-emerald-50 p-3 text-emerald-900">
                {i18n.format(Key::UnsubscribeDone, &args)}
            </p>
        }
        .into_any();
    }
    view! {
        <p class="mb-4 text-slate-700">{i18n.format(Key::UnsubscribeAsk, &args)}</p>
        <form method="post" action=format!("/unsubscribe/{token}")>
            <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::UnsubscribeButton)}</button>
        </form>
    }
    .into_any()
}
