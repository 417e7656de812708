//! The time-zone field: a plain `<select>` of every zone without JavaScript;
//! live, a searchable combobox over it (the ARIA 1.2 combobox pattern with a
//! listbox popup): type "taip", pick Asia/Taipei with the mouse or the arrow
//! keys and Enter. The hidden select keeps the choice, so the form posts it.
//!
//! Every option is rendered once, on the server; typing only hides the ones
//! that do not match (by `model::TimeZoneName::matches`). That keeps the
//! island's code, and so everyone's download, small.

use crate::i18n::Key;
use crate::model::{Locale, TimeZoneName};
use crate::ui::forms::INPUT_CLASS;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const SELECT_ID: &str = "field-time_zone";
const INPUT_ID: &str = "field-time_zone-search";
const LISTBOX_ID: &str = "tz-list";
const HINT_ID: &str = "field-time_zone-hint";
const ERROR_ID: &str = "field-time_zone-error";

/// The picker's texts, in the page's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZoneTexts {
    label: String,
    hint: String,
    suggestions: String,
    no_match: String,
    /// With `{count}` for the number of matches.
    matches: String,
}

impl ZoneTexts {
    pub fn new(locale: Locale) -> ZoneTexts {
        ZoneTexts {
            label: Key::TimeZone.text(locale).into(),
            hint: Key::TimeZoneSearchHint.text(locale).into(),
            suggestions: Key::TimeZoneSuggestions.text(locale).into(),
            no_match: Key::TimeZoneNoMatch.text(locale).into(),
            matches: Key::TimeZoneMatches.text(locale).into(),
        }
    }
}

#[island]
pub fn TimeZonePicker(
    texts: ZoneTexts,
    /// The form field's name.
    name: String,
    zones: Vec<String>,
    selected: String,
    /// The field's error from a failed post, already in the user's language.
    error: Option<String>,
) -> impl IntoView {
    // Effects run only in the browser: the combobox shows once the island is live.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    let zones = StoredValue::new(zones);
    let chosen = RwSignal::new(selected.clone());
    let query = RwSignal::new(selected.clone());
    let open = RwSignal::new(false);
    // The highlighted option, as an index into `zones`.
    let active = RwSignal::new(None::<usize>);
    let shown = Memo::new(move |_| {
        let q = query.get();
        // The current choice in the box lists everything, as a select would.
        let q = if q == chosen.get() { String::new() } else { q };
        zones.with_value(|all| {
            all.iter()
                .map(|z| TimeZoneName::matches(z, &q))
                .collect::<Vec<_>>()
        })
    });
    let choose = move |zone: String| {
        chosen.set(zone.clone());
        query.set(zone);
        open.set(false);
    };
    // The next shown option after (or, going up, before) the highlighted one.
    let step = move |down: bool| {
        shown.with(|shown| {
            let last = shown.len();
            let from = active.get_untracked();
            let mut candidates: Box<dyn Iterator<Item = usize>> = match (from, down) {
                (Some(i), true) => Box::new(i + 1..last),
                (None, true) => Box::new(0..last),
                (Some(i), false) => Box::new((0..i).rev()),
                (None, false) => Box::new((0..last).rev()),
            };
            candidates.find(|&i| shown[i]).or(from)
        })
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            open.set(true);
            active.set(step(ev.key() == "ArrowDown"));
        }
        "Enter" if open.get_untracked() => {
            // Picks the highlighted zone instead of submitting the form.
            ev.prevent_default();
            let first_shown = shown.with(|s| s.iter().position(|&v| v));
            if let Some(i) = active.get_untracked().or(first_shown) {
                choose(zones.with_value(|z| z[i].clone()));
            }
        }
        "Escape" if open.get_untracked() => {
            ev.prevent_default();
            open.set(false);
            query.set(chosen.get_untracked());
        }
        _ => {}
    };
    let on_blur = move |_| {
        open.set(false);
        // A name typed in full counts as picked; anything else goes back to the choice.
        let typed = query.get_untracked();
        match zones.with_value(|all| {
            all.iter()
                .find(|z| z.eq_ignore_ascii_case(typed.trim()))
                .cloned()
        }) {
            Some(zone) => choose(zone),
            None => query.set(chosen.get_untracked()),
        }
    };
    // Short ids and no per-option classes (the list styles its children):
    // the list is some 600 options long, in every settings page's HTML.
    let option_id = |i: usize| format!("tz-{i}");
    let announcement = {
        let texts = texts.clone();
        move || {
            let count = shown.with(|s| s.iter().filter(|v| **v).count());
            open.get().then(|| match count {
                0 => texts.no_match.clone(),
                n => texts.matches.replace("{count}", &n.to_string()),
            })
        }
    };
    let has_error = error.is_some();
    let described_by = if has_error {
        format!("{HINT_ID} {ERROR_ID}")
    } else {
        HINT_ID.to_string()
    };
    let options = zones.with_value(|all| {
        all.iter()
            .enumerate()
            .map(|(i, zone)| {
                let picked = zone.clone();
                view! {
                    <li
                        id=option_id(i)
                        role="option"
                        hidden=move || !shown.with(|s| s[i])
                        aria-selected=move || (active.get() == Some(i)).then_some("true")
                        // mousedown, not click: the input keeps its focus.
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            choose(picked.clone());
                        }
                        on:mousemove=move |_| active.set(Some(i))
                    >
                        {zone.clone()}
                    </li>
                }
            })
            .collect_view()
    });

    view! {
        <div class="space-y-1">
            <label for=move || if live.get() { INPUT_ID } else { SELECT_ID } class="block text-sm font-medium text-slate-800">
                {texts.label.clone()}
            </label>
            <select
                id=SELECT_ID
                name=name
                hidden=move || live.get()
                prop:value=move || chosen.get()
                on:change=move |ev| choose(event_target_value(&ev))
                aria-invalid=has_error.then_some("true")
                aria-describedby=has_error.then_some(ERROR_ID)
                class=INPUT_CLASS
            >
                {zones.with_value(|all| {
                    all.iter()
                        .map(|z| view! { <option value=z.clone() selected=*z == selected>{z.clone()}</option> })
                        .collect_view()
                })}
            </select>
            <div class="relative" hidden=move || !live.get()>
                <input
                    id=INPUT_ID
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls=LISTBOX_ID
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-activedescendant=move || open.get().then(|| active.get().map(option_id)).flatten()
                    aria-describedby=described_by
                    aria-invalid=has_error.then_some("true")
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(None);
                        open.set(true);
                    }
                    on:keydown=on_keydown
                    on:blur=on_blur
                    on:click=move |_| open.update(|o| *o = !*o)
                    class=INPUT_CLASS
                />
                <ul
                    id=LISTBOX_ID
                    role="listbox"
                    aria-label=texts.suggestions.clone()
                    hidden=move || !open.get()
                    class="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg *:cursor-pointer *:px-3 *:py-1.5 *:aria-selected:bg-indigo-50 *:aria-selected:text-indigo-900"
                >
                    {options}
                </ul>
                <p aria-live="polite" class="sr-only">{announcement}</p>
                <p id=HINT_ID class="mt-1 text-sm text-slate-600">{texts.hint.clone()}</p>
            </div>
            {error.map(|m| view! { <p id=ERROR_ID class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}
