//! Menus that open from a button (the account menu, the partner switcher,
//! "Create task"). The page renders each as a `<details>` disclosure, which
//! works without JavaScript: its summary is the button, and Enter and Space
//! open and close it. Live, the menu takes the keys of the WAI-ARIA menu
//! button pattern: Enter, Space and the arrows open it onto an item, the
//! arrows, Home and End move between its items, Escape closes it and returns
//! focus to its button, and focus moving elsewhere closes it.
//!
//! It stays a disclosure to assistive technology (no `role="menu"`): the
//! account menu holds text and forms besides links, which a menu may not, and
//! a page without JavaScript could not honour a menu role's keys.

use super::dom::{self, Part};
use leptos::ev::{FocusEvent, KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Node};

const ISLAND: &str = "menu";
/// What a person can reach in an open menu.
const ITEMS: &str = "a[href], button:not([disabled]), select, input:not([type=hidden])";

/// The live layer over one `<details>` menu, which the page passes in.
#[island]
pub fn MenuKeys(children: Children) -> impl IntoView {
    view! {
        <div data-island=ISLAND class="contents" on:keydown=keydown on:click=clicked on:focusout=focus_left>
            {children()}
        </div>
    }
}

fn keydown(event: KeyboardEvent) {
    let Some(part) = Part::around(event.as_ref(), ISLAND) else {
        return;
    };
    let (Some(menu), Some(button)) = (part.find("details"), summary(&part)) else {
        return;
    };
    let open = menu.has_attribute("open");
    let on_button = dom::target(event.as_ref()).is_some_and(|t| button.is_same_node(Some(&t)));
    let items = items(&menu);
    let current = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|active| items.iter().position(|i| i.is_same_node(Some(&active))));
    let last = items.len().checked_sub(1);
    let next = match event.key().as_str() {
        "Escape" if open => {
            dom::set_attr(&menu, "open", None);
            let _ = button.focus();
            None
        }
        "ArrowDown" if on_button || open => Some(current.map_or(0, |i| i + 1)),
        "ArrowUp" if on_button || open => match current {
            Some(0) | None => last,
            Some(i) => Some(i - 1),
        },
        "Home" if open => Some(0),
        "End" if open => last,
        _ => return,
    };
    event.prevent_default();
    if let Some(next) = next {
        dom::set_attr(&menu, "open", Some(""));
        // Past the last item the arrows come round to the first.
        let next = if Some(next) > last { 0 } else { next };
        if let Some(item) = items.get(next) {
            let _ = item.focus();
        }
    }
}

/// Enter or Space on the closed menu's button (a click with no pointer
/// behind it) opens the menu onto its first item; a pointer's click opens it
/// as a disclosure does, focus staying on the button.
fn clicked(event: MouseEvent) {
    if event.detail() != 0 {
        return;
    }
    let Some(part) = Part::around(event.as_ref(), ISLAND) else {
        return;
    };
    let (Some(menu), Some(button)) = (part.find("details"), summary(&part)) else {
        return;
    };
    let on_button = dom::target(event.as_ref()).is_some_and(|t| button.contains(Some(&t)));
    if on_button && !menu.has_attribute("open") {
        // Opened here rather than by the summary, which would open it after
        // this handler, when the items cannot take focus yet.
        event.prevent_default();
        dom::set_attr(&menu, "open", Some(""));
        if let Some(first) = items(&menu).first() {
            let _ = first.focus();
        }
    }
}

/// Focus moved to something outside the menu (Tab away, a click on another
/// control): the menu closes, as a menu does.
fn focus_left(event: FocusEvent) {
    let Some(part) = Part::around(event.as_ref(), ISLAND) else {
        return;
    };
    let Some(menu) = part.find("details") else {
        return;
    };
    let to = event
        .related_target()
        .and_then(|t| t.dyn_into::<Node>().ok());
    if to.is_some_and(|to| !menu.contains(Some(&to))) {
        dom::set_attr(&menu, "open", None);
    }
}

fn summary(part: &Part) -> Option<HtmlElement> {
    part.find("summary")?.dyn_into().ok()
}

/// The menu's items a person can see, in order (an item for phones only is
/// hidden on a wide screen, and skipped there).
fn items(menu: &Element) -> Vec<HtmlElement> {
    let Ok(list) = menu.query_selector_all(ITEMS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|item| item.offset_width() > 0 || item.offset_height() > 0)
        .collect()
}
