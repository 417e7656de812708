//! The time-zone field: a plain `<select>` of every zone without JavaScript;
//! live, a searchable combobox over it (the ARIA 1.2 combobox pattern with a
//! listbox popup): type "taip", pick Asia/Taipei with the mouse or the arrow
//! keys and Enter. The hidden select keeps the choice, so the form posts it.
//!
//! Every option is rendered once, on the server; typing only hides the ones
//! that do not match (by `model::TimeZoneName::matches`). The open state, the
//! highlighted option and the choice live in the page itself (`aria-expanded`,
//! `aria-activedescendant`, the select's value), where assistive technology
//! reads them too.

use super::dom::{self, IslandTexts, Part};
use crate::i18n::Key;
use crate::model::TimeZoneName;
use crate::ui::forms::INPUT_CLASS;
use crate::ui::i18n::use_i18n;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

const ISLAND: &str = "time-zone";
const SELECT_ID: &str = "field-time_zone";
const INPUT_ID: &str = "field-time_zone-search";
const LISTBOX_ID: &str = "tz-list";
const HINT_ID: &str = "field-time_zone-hint";
const ERROR_ID: &str = "field-time_zone-error";

/// The live layer over [`TimeZoneField`], which the page passes in as children.
#[island]
pub fn TimeZonePicker(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    // Effects run only in the browser: the combobox replaces the select once live.
    Effect::new(move |_| {
        if let Some(combobox) = root.get().and_then(|r| Combobox::of(&Part::new(r.into()))) {
            combobox.go_live();
        }
    });
    view! {
        <div
            node_ref=root
            data-island=ISLAND
            on:input=with(Combobox::typed)
            on:keydown=with(Combobox::key)
            on:focusout=with(Combobox::left)
            on:click=with(Combobox::clicked)
            on:mousedown=with(Combobox::pressed)
            on:mousemove=with(Combobox::hovered)
            on:change=with(Combobox::selected)
        >
            {children()}
        </div>
    }
}

/// An event handler that finds the combobox the event happened in.
fn with<E: AsRef<Event>>(act: fn(&Combobox, &Event)) -> impl Fn(E) + 'static {
    dom::on(ISLAND, Combobox::of, act)
}

/// The field as the server renders it: a labelled select that works without
/// JavaScript, and the combobox, hidden until the island is live.
#[component]
pub fn TimeZoneField(
    /// The form field's name.
    name: &'static str,
    zones: Vec<String>,
    selected: String,
    /// The field's error from a failed post, already in the user's language.
    error: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_error = error.is_some();
    let described_by = if has_error {
        format!("{HINT_ID} {ERROR_ID}")
    } else {
        HINT_ID.to_string()
    };
    view! {
        <div class="space-y-1">
            <label for=SELECT_ID class="block text-sm font-medium text-slate-800">{i18n.t(Key::TimeZone)}</label>
            <select
                id=SELECT_ID
                name=name
                aria-invalid=has_error.then_some("true")
                aria-describedby=has_error.then_some(ERROR_ID)
                class=INPUT_CLASS
            >
                {zones
                    .iter()
                    .map(|z| view! { <option value=z.clone() selected=*z == selected>{z.clone()}</option> })
                    .collect_view()}
            </select>
            <div class="relative" hidden=true data-combobox="">
                <input
                    id=INPUT_ID
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=LISTBOX_ID
                    aria-expanded="false"
                    aria-describedby=described_by
                    aria-invalid=has_error.then_some("true")
                    value=selected.clone()
                    class=INPUT_CLASS
                />
                // Short ids and no per-option classes (the list styles its
                // children): the list is some 600 options long.
                <ul
                    id=LISTBOX_ID
                    role="listbox"
                    aria-label=i18n.t(Key::TimeZoneSuggestions)
                    hidden=true
                    class="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg *:cursor-pointer *:px-3 *:py-1.5 *:aria-selected:bg-indigo-50 *:aria-selected:text-indigo-900"
                >
                    {zones
                        .into_iter()
                        .enumerate()
                        .map(|(i, zone)| view! { <li id=format!("tz-{i}") role="option">{zone}</li> })
                        .collect_view()}
                </ul>
                <p aria-live="polite" class="sr-only" data-count=""></p>
                <p id=HINT_ID class="mt-1 text-sm text-slate-600">{i18n.t(Key::TimeZoneSearchHint)}</p>
            </div>
            {error.map(|m| view! { <p id=ERROR_ID class="text-sm text-red-700">{m}</p> })}
            <IslandTexts keys=&[Key::TimeZoneMatches, Key::TimeZoneNoMatch] />
        </div>
    }
}

/// The combobox's elements, found in its part of the page.
struct Combobox {
    part: Part,
    select: HtmlSelectElement,
    input: HtmlInputElement,
    list: Element,
    count: Element,
}

impl Combobox {
    fn of(part: &Part) -> Option<Combobox> {
        Some(Combobox {
            select: part.find(&format!("#{SELECT_ID}"))?.dyn_into().ok()?,
            input: part.find(&format!("#{INPUT_ID}"))?.dyn_into().ok()?,
            list: part.find(&format!("#{LISTBOX_ID}"))?,
            count: part.find("[data-count]")?,
            part: part.clone(),
        })
    }

    /// Shows the combobox in the select's place; the label now names it.
    fn go_live(&self) {
        dom::set_hidden(&self.select, true);
        if let Some(combobox) = self.part.find("[data-combobox]") {
            dom::set_hidden(&combobox, false);
        }
        if let Some(label) = self.part.find(&format!("label[for={SELECT_ID}]")) {
            dom::set_attr(&label, "for", Some(INPUT_ID));
        }
        self.input.set_value(&self.select.value());
    }

    fn options(&self) -> Vec<Element> {
        self.part.find_all("[role=option]")
    }

    fn is_open(&self) -> bool {
        self.input.get_attribute("aria-expanded").as_deref() == Some("true")
    }

    /// Opens or closes the list, and says how many zones match while open.
    fn open(&self, open: bool) {
        dom::set_attr(
            &self.input,
            "aria-expanded",
            Some(if open { "true" } else { "false" }),
        );
        dom::set_hidden(&self.list, !open);
        let said = if !open {
            String::new()
        } else {
            match self
                .options()
                .iter()
                .filter(|o| !o.has_attribute("hidden"))
                .count()
            {
                0 => self.part.text(Key::TimeZoneNoMatch),
                n => self
                    .part
                    .text(Key::TimeZoneMatches)
                    .replace("{count}", &n.to_string()),
            }
        };
        dom::set_text(&self.count, &said);
        if !open {
            self.highlight(None);
        }
    }

    /// Hides the zones that do not match what is typed. The current choice in
    /// the box lists everything, as a select would.
    fn filter(&self) {
        let typed = self.input.value();
        let query = if typed == self.select.value() {
            ""
        } else {
            typed.as_str()
        };
        for option in self.options() {
            let zone = option.text_content().unwrap_or_default();
            dom::set_hidden(&option, !TimeZoneName::matches(&zone, query));
        }
    }

    fn highlighted(&self) -> Option<Element> {
        let id = self.input.get_attribute("aria-activedescendant")?;
        self.part.find(&format!("#{id}"))
    }

    fn highlight(&self, option: Option<&Element>) {
        if let Some(old) = self.highlighted() {
            dom::set_attr(&old, "aria-selected", None);
        }
        let id = option.map(|o| o.id());
        dom::set_attr(&self.input, "aria-activedescendant", id.as_deref());
        if let Some(option) = option {
            dom::set_attr(option, "aria-selected", Some("true"));
            option.scroll_into_view_with_bool(false);
        }
    }

    fn choose(&self, zone: &str) {
        self.select.set_value(zone);
        self.input.set_value(zone);
        self.open(false);
        self.filter();
    }

    /// The next shown option after (or, going up, before) the highlighted one.
    fn step(&self, down: bool) {
        let shown: Vec<Element> = self
            .options()
            .into_iter()
            .filter(|o| !o.has_attribute("hidden"))
            .collect();
        let at = self
            .highlighted()
            .and_then(|h| shown.iter().position(|o| o.id() == h.id()));
        let next = match (at, down) {
            (Some(i), true) => (i + 1).min(shown.len().saturating_sub(1)),
            (None, true) => 0,
            (Some(i), false) => i.saturating_sub(1),
            (None, false) => shown.len().saturating_sub(1),
        };
        self.highlight(shown.get(next));
    }

    fn typed(&self, event: &Event) {
        if dom::target(event).is_some_and(|t| t.id() == INPUT_ID) {
            self.filter();
            self.open(true);
        }
    }

    fn key(&self, event: &Event) {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        match event.key().as_str() {
            key @ ("ArrowDown" | "ArrowUp") => {
                event.prevent_default();
                if !self.is_open() {
                    self.open(true);
                }
                self.step(key == "ArrowDown");
            }
            "Enter" if self.is_open() => {
                // Picks the highlighted zone instead of submitting the form.
                event.prevent_default();
                let first = || {
                    self.options()
                        .into_iter()
                        .find(|o| !o.has_attribute("hidden"))
                };
                if let Some(zone) = self
                    .highlighted()
                    .or_else(first)
                    .and_then(|o| o.text_content())
                {
                    self.choose(&zone);
                }
            }
            "Escape" if self.is_open() => {
                event.prevent_default();
                self.input.set_value(&self.select.value());
                self.open(false);
                self.filter();
            }
            _ => {}
        }
    }

    /// Leaving the box: a name typed in full counts as picked; anything else
    /// goes back to the choice.
    fn left(&self, event: &Event) {
        if !dom::target(event).is_some_and(|t| t.id() == INPUT_ID) {
            return;
        }
        let typed = self.input.value();
        let typed = typed.trim();
        let zone = self
            .options()
            .into_iter()
            .filter_map(|o| o.text_content())
            .find(|z| z.eq_ignore_ascii_case(typed))
            .unwrap_or_else(|| self.select.value());
        self.choose(&zone);
    }

    fn clicked(&self, event: &Event) {
        if dom::target(event).is_some_and(|t| t.id() == INPUT_ID) {
            self.open(!self.is_open());
        }
    }

    fn option_of(event: &Event) -> Option<Element> {
        dom::target(event).filter(|t| t.get_attribute("role").as_deref() == Some("option"))
    }

    fn pressed(&self, event: &Event) {
        // mousedown, not click: the input keeps its focus.
        if let Some(zone) = Self::option_of(event).and_then(|o| o.text_content()) {
            event.prevent_default();
            self.choose(&zone);
        }
    }

    fn hovered(&self, event: &Event) {
        if let Some(option) = Self::option_of(event) {
            self.highlight(Some(&option));
        }
    }

    /// The select changed (by a script or a test): the box follows it.
    fn selected(&self, event: &Event) {
        if dom::target(event).is_some_and(|t| t.id() == SELECT_ID) {
            self.input.set_value(&self.select.value());
        }
    }
}
