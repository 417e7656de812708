//! The frame around every page: skip link, header (partner switcher, area
//! navigation, language switcher, notifications bell, user menu) and the main
//! region.

use crate::api::session::Logout;
use crate::api::settings::SetLanguage;
use crate::i18n::Key;
use crate::model::area::{parse_workspace_path, Area};
use crate::model::{Locale, PartnerId, Role};
use crate::ui::i18n::use_i18n;
use crate::ui::islands::MenuKeys;
use crate::ui::session::use_session;
use crate::views::{PartnerView, SessionInfo};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Html, Title};
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Html {..} lang=i18n.locale().tag() />
        <Title formatter=move |page: String| {
            if page.is_empty() {
                i18n.t(Key::AppName).to_string()
            } else {
                format!("{page} · {}", i18n.t(Key::AppName))
            }
        } />
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
            {i18n.t(Key::SkipToContent)}
        </a>
        // The session is awaited as a future, not read with `.get()`: pages read
        // it again in Suspense boundaries of their own, and a resource read by
        // `.get()` in two boundaries can leave a server response hanging
        // (leptos-rs/leptos#4578, #4851).
        <Suspense>
            {move || Suspend::new(async move {
                let info = session.info.await.unwrap_or_default();
                view! { <Header info /> }
            })}
        </Suspense>
        <main id="main" tabindex="-1" class="mx-auto w-full max-w-6xl px-4 py-6 focus:outline-none">
            <Outlet />
        </main>
    }
}

#[component]
fn Header(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let user = info.user.clone();
    let partners = info.partners.clone();
    // The partner in view: the one in the path, else a member's own partner.
    let current = {
        let user = user.clone();
        Memo::new(move |_| {
            parse_workspace_path(&location.pathname.get()).or_else(|| {
                user.as_ref()
                    .and_then(|u| u.partner_id)
                    .map(|id| (id, None))
            })
        })
    };
    view! {
        <header class="border-b border-slate-200 bg-white print:hidden">
            // On a phone the header is two rows at most: this one (the
            // language and the portfolio link move into the menus) and the
            // area navigation.
            <div class="mx-auto flex w-full max-w-6xl items-center gap-x-3 gap-y-2 px-4 py-3 sm:flex-wrap sm:gap-x-4">
                <a href="/" class="shrink-0 rounded text-lg font-semibold text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                    {i18n.t(Key::AppName)}
                </a>
                {user
                    .as_ref()
                    .filter(|u| u.role != Role::Member)
                    .map(|_| view! {
                        <PartnerSwitcher partners=partners.clone() count=info.partner_count current />
                        <a href="/portfolio" class="hidden rounded text-sm font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:inline">
                            {i18n.t(Key::Portfolio)}
                        </a>
                    })}
                <div class="ml-auto flex shrink-0 items-center gap-3">
                    <div class=if user.is_some() { "hidden sm:block" } else { "" }>
                        <LanguageSwitcher current=info.locale />
                    </div>
                    {user.is_some().then(|| view! { <NotificationBell unread=info.unread_notifications /> })}
                    {user.clone().map(|u| view! { <UserMenu name=u.display_name role=u.role email=u.email locale=info.locale /> })}
                </div>
            </div>
            {move || {
                current
                    .get()
                    .filter(|_| user.is_some())
                    .map(|(partner, area)| view! { <AreaNav partner area /> })
            }}
        </header>
    }
}

/// For PDMs and admins: a disclosure of the partners they may open, as links
/// (the first ones by name when there are many, then the whole portfolio).
#[component]
fn PartnerSwitcher(
    partners: Vec<PartnerView>,
    /// How many the user may open: more than listed links to the portfolio.
    count: usize,
    current: Memo<Option<(PartnerId, Option<Area>)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let more = (count > partners.len()).then(|| {
        view! {
            <li class="border-t border-slate-200">
                <a
                    href="/portfolio"
                    class="block px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
                >
                    {i18n.format(Key::AllPartners, &[("count", &count.to_string())])}
                </a>
            </li>
        }
    });
    let partners = StoredValue::new(partners);
    let current_name = move || {
        let id = current.get().map(|(id, _)| id);
        partners.with_value(|ps| ps.iter().find(|p| Some(p.id) == id).map(|p| p.name.clone()))
    };
    view! {
        <MenuKeys>
            <details class="relative min-w-0">
                <summary class="flex cursor-pointer list-none gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                    <span class="sr-only text-slate-600 sm:not-sr-only">{i18n.label(Key::SwitchPartner)}</span>
                    <span class="truncate font-medium">{move || current_name().unwrap_or_else(|| "—".into())}</span>
                </summary>
                <ul class="absolute left-0 z-20 mt-1 min-w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
                    {move || {
                        let area = current.get().and_then(|(_, a)| a).unwrap_or(Area::Goals);
                        partners
                            .get_value()
                            .into_iter()
                            .map(|p| {
                                let here = current.get().map(|(id, _)| id) == Some(p.id);
                                view! {
                                    <li>
                                        <a
                                            href=area.path(p.id)
                                            aria-current=here.then_some("page")
                                            class="block px-3 py-2 text-sm hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none aria-[current=page]:font-semibold"
                                        >
                                            {p.name}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    // On a phone the header's portfolio link is here: as "all
                    // partners" when the list is cut short, else on its own.
                    {match more {
                        Some(more) => more.into_any(),
                        None => view! {
                            <li class="border-t border-slate-200 sm:hidden">
                                <a
                                    href="/portfolio"
                                    class="block px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
                                >
                                    {i18n.t(Key::Portfolio)}
                                </a>
                            </li>
                        }.into_any(),
                    }}
                </ul>
            </details>
        </MenuKeys>
    }
}

#[component]
fn AreaNav(partner: PartnerId, area: Option<Area>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-label=i18n.t(Key::MainNavigation) class="mx-auto w-full max-w-6xl overflow-x-auto px-4">
            <ul class="flex gap-1">
                {Area::ALL
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li>
                                <a
                                    href=a.path(partner)
                                    aria-current=(area == Some(a)).then_some("page")
                                    class="inline-block whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:text-slate-900 aria-[current=page]:border-indigo-600 aria-[current=page]:font-medium aria-[current=page]:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                                >
                                    {i18n.t(a.title())}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// One small form per language: a plain form post that comes back to the same
/// page, now rendered in the chosen language.
#[component]
fn LanguageSwitcher(current: Locale) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="group" aria-label=i18n.t(Key::Language) class="flex items-center gap-1 text-sm">
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    let is_current = locale == current;
                    view! {
                        <form method="post" action=SetLanguage::PATH>
                            <input type="hidden" name="locale" value=locale.tag() />
                            <button
                                type="submit"
                                lang=locale.tag()
                                aria-pressed=if is_current { "true" } else { "false" }
                                class="rounded px-2 py-1 hover:bg-slate-100 aria-pressed:bg-indigo-50 aria-pressed:font-semibold aria-pressed:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
                            >
                                {locale.native_name()}
                            </button>
                        </form>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A link to the notifications, named with the unread count in words; the
/// badge shows the count to the eye only.
#[component]
fn NotificationBell(unread: u32) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let label = i18n.format(Key::NotificationsBell, &[("count", &unread.to_string())]);
    let badge = match unread {
        0 => None,
        1..=99 => Some(unread.to_string()),
        _ => Some("99+".to_string()),
    };
    view! {
        <a
            href="/notifications"
            aria-label=label
            aria-current=move || (location.pathname.get() == "/notifications").then_some("page")
            class="relative inline-flex items-center rounded-md p-1.5 text-slate-700 hover:bg-slate-100 aria-[current=page]:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
            <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.5" class="h-6 w-6">
                <path stroke-linecap="round" stroke-linejoin="round" d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0" />
            </svg>
            {badge.map(|count| view! {
                <span aria-hidden="true" class="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold leading-5 text-white">
                    {count}
                </span>
            })}
        </a>
    }
}

#[component]
fn UserMenu(name: String, role: Role, email: String, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <MenuKeys>
            <details class="relative">
                <summary class="block max-w-32 cursor-pointer list-none truncate rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600 sm:max-w-none">
                    <span class="sr-only">{i18n.label(Key::Account)}</span>
                    {name.clone()}
                </summary>
                <div class="absolute right-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg">
                    <p class="font-medium">{i18n.format(Key::SignedInAs, &[("name", &name)])}</p>
                    <p class="text-slate-600">{email}</p>
                    <p class="text-slate-600">{i18n.t(role.label())}</p>
                    // The header's language choice, on a phone.
                    <div class="mt-2 sm:hidden">
                        <LanguageSwitcher current=locale />
                    </div>
                    <hr class="my-2 border-slate-200" />
                    <a href="/settings" class="block rounded px-2 py-1.5 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                        {i18n.t(Key::Settings)}
                    </a>
                    {(role == Role::Admin).then(|| view! {
                        <a href="/admin" class="block rounded px-2 py-1.5 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                            {i18n.t(Key::Administration)}
                        </a>
                        <a href="/admin/default-tasks" class="block rounded px-2 py-1.5 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                            {i18n.t(Key::DefaultTasksTitle)}
                        </a>
                    })}
                    <form method="post" action=Logout::PATH>
                        <button type="submit" class="w-full rounded px-2 py-1.5 text-left hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                            {i18n.t(Key::LogOut)}
                        </button>
                    </form>
                </div>
            </details>
        </MenuKeys>
    }
}
