//! The task list, live: it follows the partner's task changes as the server
//! pushes them (`server::events`, server-sent events) and reloads itself in
//! place, so a change made by the partner or the PDM shows within a moment
//! without reloading the page. The list itself is the server's: the island
//! fetches the page again and takes the new list out of it, so there is one
//! way to render a list. A dropped connection is retried by the browser, and
//! the list reloads when it opens again, catching up whatever was missed.
//!
//! The root says whether it is listening (`data-live="on"`), which the
//! browser tests wait for.

use super::dom::Part;
use leptos::html::Div;
use leptos::prelude::*;

const ISLAND: &str = "task-board";
/// The element whose content is the list, and which names the event stream.
pub const LIST_ATTR: &str = "data-task-list";

#[island]
pub fn TaskBoard(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    // Effects run only in the browser.
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            live::listen(Part::new(root.into()));
            live::focus_named();
        }
    });
    view! {
        <div node_ref=root data-island=ISLAND>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use super::LIST_ATTR;
    use crate::i18n::Key;
    use crate::ui::islands::dom::{self, Part};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DomParser, EventSource, SupportedType};

    /// Back from the task panel, the URL names what opened it (`#task-7`,
    /// `#create-task`): focus returns there, not to the top of the page.
    pub fn focus_named() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let hash = window.location().hash().unwrap_or_default();
        let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
            return;
        };
        let element = window
            .document()
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    }

    pub fn listen(part: Part) {
        let Some(list) = part.find(&format!("[{LIST_ATTR}]")) else {
            return;
        };
        let Some(url) = list.get_attribute("data-events") else {
            return;
        };
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        // The first "ready" is the page as loaded; every later one follows a
        // reconnection, after which the list may be behind.
        let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_ready = {
            let part = part.clone();
            Closure::<dyn Fn()>::new(move || {
                dom::set_attr(part.root(), "data-live", Some("on"));
                if opened.replace(true) {
                    refresh(part.clone());
                }
            })
        };
        let on_change = {
            let part = part.clone();
            Closure::<dyn Fn()>::new(move || refresh(part.clone()))
        };
        let on_error = {
            let part = part.clone();
            Closure::<dyn Fn()>::new(move || dom::set_attr(part.root(), "data-live", Some("off")))
        };
        let listen = |name: &str, f: &Closure<dyn Fn()>| {
            let _ = source.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
        };
        listen("ready", &on_ready);
        listen("task", &on_change);
        listen("reload", &on_change);
        listen("error", &on_error);
        // The listeners live as long as the page.
        on_ready.forget();
        on_change.forget();
        on_error.forget();
    }

    /// Loads this page again and puts its list in place of ours.
    fn refresh(part: Part) {
        wasm_bindgen_futures::spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let Ok(href) = window.location().href() else {
                return;
            };
            let Ok(answer) = JsFuture::from(window.fetch_with_str(&href)).await else {
                return;
            };
            let Ok(answer) = answer.dyn_into::<web_sys::Response>() else {
                return;
            };
            if !answer.ok() {
                return;
            }
            let Ok(text) = answer.text() else { return };
            let Some(html) = JsFuture::from(text).await.ok().and_then(|t| t.as_string()) else {
                return;
            };
            let selector = format!("[{LIST_ATTR}]");
            let fresh = DomParser::new()
                .ok()
                .and_then(|p| p.parse_from_string(&html, SupportedType::TextHtml).ok())
                .and_then(|doc| doc.query_selector(&selector).ok().flatten());
            if let (Some(fresh), Some(list)) = (fresh, part.find(&selector)) {
                list.set_inner_html(&fresh.inner_html());
                if let Some(status) = part.find("[data-live-status]") {
                    dom::set_text(&status, &part.text(Key::TasksUpdated));
                }
            }
        });
    }
}

#[cfg(not(feature = "hydrate"))]
mod live {
    use crate::ui::islands::dom::Part;

    /// On the server there is nothing to listen to, and nothing to focus.
    pub fn listen(_: Part) {}
    pub fn focus_named() {}
}
