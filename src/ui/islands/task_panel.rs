//! The task panel, live. Without JavaScript every field is shown, the custom
//! dates with a hint saying when they apply. Live, a custom date field shows
//! only while "Custom date" is chosen in its group, and Escape closes the
//! panel (its Close link).

use super::dom::{self, Part};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, KeyboardEvent};

const ISLAND: &str = "task-panel";
const CUSTOM: &str = "custom";

#[island]
pub fn TaskPanel(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            show_custom_fields(&Part::new(root.into()));
        }
    });
    view! {
        <div node_ref=root data-island=ISLAND on:change=changed on:keydown=key>
            {children()}
        </div>
    }
}

/// Each preset group's custom fields, shown only while "custom" is chosen.
fn show_custom_fields(part: &Part) {
    for group in part.find_all("[data-preset-group]") {
        let Some(name) = group.get_attribute("data-preset-group") else {
            continue;
        };
        let custom = part
            .find(&format!("select[name=\"{name}\"]"))
            .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .is_some_and(|s| s.value() == CUSTOM);
        for field in part.find_all(&format!("[data-custom-for=\"{name}\"]")) {
            dom::set_hidden(&field, !custom);
        }
    }
}

fn changed(event: Event) {
    if let Some(part) = Part::around(&event, ISLAND) {
        show_custom_fields(&part);
    }
}

fn key(event: KeyboardEvent) {
    if event.key() != "Escape" {
        return;
    }
    let close = Part::around(&event, ISLAND)
        .and_then(|p| p.find("[data-close]"))
        .and_then(|c| c.dyn_into::<HtmlElement>().ok());
    if let Some(close) = close {
        close.click();
    }
}
