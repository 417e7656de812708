//! The page as an island's state. Islands here take no serialized props: the
//! server renders the whole control as plain HTML that works without
//! JavaScript (values in its inputs, numbers in `data-` attributes, the texts
//! it may show later in an [`IslandTexts`] block), and the island improves that
//! HTML in place through these few helpers. Reading the page rather than JSON
//! props keeps a JSON parser (serde_json, some 25 KB gzip) out of every
//! visitor's download, and there is one copy of each value: the one the
//! visitor sees.

use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlTemplateElement};

/// The texts an island may show later (a live check's verdict, a server's
/// refusal), in the page's language. A `<template>`'s content is not part of
/// the page: nobody sees or hears it until the island copies a text out.
#[component]
pub fn IslandTexts(keys: &'static [Key]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <template data-texts="">
            {keys
                .iter()
                .map(|key| view! { <span data-key=key.id()>{i18n.t(*key)}</span> })
                .collect_view()}
        </template>
    }
}

/// One island's part of the page: the element marked `data-island="{name}"`.
#[derive(Clone)]
pub struct Part(Element);

impl Part {
    pub fn new(root: Element) -> Part {
        Part(root)
    }

    /// The part around the element an event happened on.
    pub fn around(event: &Event, name: &str) -> Option<Part> {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let root = target
            .closest(&format!("[data-island=\"{name}\"]"))
            .ok()??;
        Some(Part(root))
    }

    pub fn root(&self) -> &Element {
        &self.0
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.0.query_selector(selector).ok()?
    }

    pub fn find_all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.0.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Option<HtmlInputElement> {
        self.find(&format!("[name=\"{name}\"]"))?.dyn_into().ok()
    }

    pub fn value(&self, name: &str) -> String {
        self.input(name).map(|i| i.value()).unwrap_or_default()
    }

    /// A text from the part's [`IslandTexts`], by its key's number on the wire.
    pub fn text_by_id(&self, id: u32) -> Option<String> {
        let selector = format!("[data-key=\"{id}\"]");
        self.find_all("template[data-texts]")
            .into_iter()
            .find_map(|t| {
                let template = t.dyn_into::<HtmlTemplateElement>().ok()?;
                template
                    .content()
                    .query_selector(&selector)
                    .ok()??
                    .text_content()
            })
    }

    pub fn text(&self, key: Key) -> String {
        self.text_by_id(key.id()).unwrap_or_default()
    }
}

/// An event handler for an island's root: finds the island's controller
/// around the element the event happened on (`of`), and lets it act.
pub fn on<T: 'static, E: AsRef<Event>>(
    island: &'static str,
    of: fn(&Part) -> Option<T>,
    act: fn(&T, &Event),
) -> impl Fn(E) + 'static {
    move |event: E| {
        let event = event.as_ref();
        if let Some(controller) = Part::around(event, island).and_then(|p| of(&p)) {
            act(&controller, event);
        }
    }
}

/// The input an event happened on, if it happened on one.
pub fn target_input(event: &Event) -> Option<HtmlInputElement> {
    event.target()?.dyn_into().ok()
}

/// The element an event happened on.
pub fn target(event: &Event) -> Option<Element> {
    event.target()?.dyn_into().ok()
}

/// Sets an attribute, or removes it for `None`.
pub fn set_attr(element: &Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}

pub fn set_hidden(element: &Element, hidden: bool) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.set_hidden(hidden);
    }
}

pub fn set_text(element: &Element, text: &str) {
    element.set_text_content(Some(text));
}
