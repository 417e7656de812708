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
    let key = event.key();
    let open = menu.has_attribute("open");
    if key == "Escape" && open {
        event.prevent_default();
        dom::set_attr(&menu, "open", None);
        let _ = button.focus();
        return;
    }
    let on_button = dom::target(event.as_ref()).is_some_and(|t| button.is_same_node(Some(&t)));
    let opens = !open && on_button && matches!(key.as_str(), "ArrowDown" | "ArrowUp");
    if !(open || opens) || !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
        return;
    }
    event.prevent_default();
    // Opened before its items are read: a closed menu's items are not laid
    // out, and so not among those a person can see.
    dom::set_attr(&menu, "open", Some(""));
    let items = items(&menu);
    let Some(last) = items.len().checked_sub(1) else {
        return;
    };
    let current = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|active| items.iter().position(|i| i.is_same_node(Some(&active))));
    // The arrows come round at either end.
    let next = match (key.as_str(), current) {
        ("ArrowDown", Some(i)) if i < last => i + 1,
        ("ArrowDown", _) | ("Home", _) => 0,
        ("ArrowUp", Some(i)) if i > 0 => i - 1,
        _ => last,
    };
    let _ = items[next].focus();
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
