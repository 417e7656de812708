//! A Cancel link that asks before it throws away what was typed. Without
//! JavaScript the page says beside the link what leaving loses; live, the
//! link asks first when its form holds unsaved edits: a field changed on this
//! page, or edits carried from an earlier step of the form (the server marks
//! those with `data-unsaved`).

use super::dom::{IslandTexts, Part};
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Event;

const ISLAND: &str = "leave-guard";

/// The live layer over a [`CancelLink`], which the page passes in as children.
#[island]
pub fn LeaveGuard(children: Children) -> impl IntoView {
    view! { <span data-island=ISLAND on:click=clicked>{children()}</span> }
}

/// The link as the server renders it: where Cancel goes, what it loses
/// (said beside it), and whether the form already holds unsaved edits.
#[component]
pub fn CancelLink(href: String, class: &'static str, unsaved: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href=href class=class data-cancel="" data-unsaved=unsaved.then_some("") aria-describedby="cancel-loses">
            {i18n.t(Key::Cancel)}
        </a>
        <span id="cancel-loses" class="text-sm text-slate-700">{i18n.t(Key::CancelLosesEdits)}</span>
        <IslandTexts keys=&[Key::LeaveUnsavedQuestion] />
    }
}

fn clicked(event: leptos::ev::MouseEvent) {
    let event: &Event = event.as_ref();
    let Some(part) = Part::around(event, ISLAND) else {
        return;
    };
    let Some(link) = part.find("a[data-cancel]") else {
        return;
    };
    if !(link.has_attribute("data-unsaved") || form_changed(&link)) {
        return;
    }
    let question = part.text(Key::LeaveUnsavedQuestion);
    let leave = web_sys::window()
        .and_then(|w| w.confirm_with_message(&question).ok())
        .unwrap_or(true);
    if !leave {
        event.prevent_default();
    }
}

/// Whether any field of the form around `link` differs from what the page
/// was served with (its `defaultValue`).
fn form_changed(link: &web_sys::Element) -> bool {
    let Some(form) = link.closest("form").ok().flatten() else {
        return false;
    };
    let Ok(fields) = form.query_selector_all("input:not([type=hidden]), textarea") else {
        return false;
    };
    let property = |field: &JsValue, name: &str| {
        js_sys::Reflect::get(field, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    (0..fields.length())
        .filter_map(|i| fields.item(i))
        .any(|field| {
            let field: JsValue = field.unchecked_into();
            property(&field, "value") != property(&field, "defaultValue")
        })
}
