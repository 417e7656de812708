//! The time-zone field: a plain `<select>` of every zone without JavaScript;
//! live, a searchable combobox over it (the ARIA 1.2 combobox pattern with a
//! listbox popup): type "taip", pick Asia/Taipei with the mouse or the arrow
//! keys and Enter. The hidden select keeps the choice, so the form posts it.

use crate::i18n::Key;
use crate::model::{Locale, TimeZoneName};
use crate::ui::forms::INPUT_CLASS;
use leptos::prelude::*;

/// At most this many matches are listed; typing more narrows them.
const SHOWN: usize = 50;
const SELECT_ID: &str = "field-time_zone";
const INPUT_ID: &str = "field-time_zone-search";
const LISTBOX_ID: &str = "field-time_zone-listbox";

#[island]
pub fn TimeZonePicker(
    locale: Locale,
    /// The form field's name.
    name: String,
    zones: Vec<String>,
    selected: String,
    /// The field's error from a failed post, already in the user's language.
    error: Option<String>,
) -> impl IntoView {
    let t = move |key: Key| key.text(locale).to_string();
    // Effects run only in the browser: the combobox appears once the island is live.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    let zones = StoredValue::new(zones);
    let chosen = RwSignal::new(selected.clone());
    let query = RwSignal::new(selected.clone());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0_usize);
    let matches = Memo::new(move |_| {
        let q = query.get();
        // The current choice shown in the box lists everything, as a select would.
        let q = if q == chosen.get() { String::new() } else { q };
        zones.with_value(|all| {
            all.iter()
                .filter(|z| TimeZoneName::matches(z, &q))
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let choose = move |zone: String| {
        chosen.set(zone.clone());
        query.set(zone);
        open.set(false);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = matches.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if open.get_untracked() {
                    active.update(|a| *a = (*a + 1).min(count.saturating_sub(1)));
                } else {
                    open.set(true);
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" if open.get_untracked() => {
                // Picks the highlighted zone instead of submitting the form.
                ev.prevent_default();
                if let Some(zone) = matches.with(|m| m.get(active.get_untracked()).cloned()) {
                    choose(zone);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                query.set(chosen.get_untracked());
            }
            _ => {}
        }
    };
    let on_blur = move |_| {
        open.set(false);
        // A name typed in full counts as picked; anything else goes back to the choice.
        let typed = query.get_untracked();
        match zones.with_value(|all| all.iter().find(|z| z.eq_ignore_ascii_case(typed.trim())).cloned()) {
            Some(zone) => choose(zone),
            None => query.set(chosen.get_untracked()),
        }
    };
    let option_id = |zone: &str| {
        let slug: String = zone
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{LISTBOX_ID}-{slug}")
    };
    let active_id = move || {
        open.get()
            .then(|| matches.with(|m| m.get(active.get()).map(|z| option_id(z))))
            .flatten()
    };
    let announcement = move || {
        let count = matches.with(Vec::len);
        open.get().then(|| match count {
            0 => t(Key::TimeZoneNoMatch),
            n => Key::TimeZoneMatches.format(locale, &[("count", &n.to_string())]),
        })
    };
    let error_id = "field-time_zone-error";
    let has_error = error.is_some();
    let label = t(Key::TimeZone);

    view! {
        <div class="space-y-1">
            <label for=move || if live.get() { INPUT_ID } else { SELECT_ID } class="block text-sm font-medium text-slate-800">
                {label.clone()}
            </label>
            <select
                id=SELECT_ID
                name=name
                hidden=move || live.get()
                prop:value=move || chosen.get()
                on:change=move |ev| choose(event_target_value(&ev))
                aria-invalid=has_error.then_some("true")
                aria-describedby=has_error.then_some(error_id)
                class=INPUT_CLASS
            >
                {zones.with_value(|all| {
                    all.iter()
                        .map(|z| view! { <option value=z.clone() selected=*z == selected>{z.clone()}</option> })
                        .collect_view()
                })}
            </select>
            <Show when=move || live.get()>
                <div class="relative">
                    <input
                        id=INPUT_ID
                        type="text"
                        role="combobox"
                        autocomplete="off"
                        spellcheck="false"
                        aria-autocomplete="list"
                        aria-controls=LISTBOX_ID
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-activedescendant=active_id
                        aria-describedby=if has_error { "field-time_zone-hint field-time_zone-error" } else { "field-time_zone-hint" }
                        aria-invalid=has_error.then_some("true")
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            active.set(0);
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
                        aria-label=label.clone()
                        hidden=move || !open.get()
                        class="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
                    >
                        <For each=move || matches.get().into_iter().enumerate() key=|(i, z)| (*i, z.clone()) let((i, zone))>
                            <li
                                id=option_id(&zone)
                                role="option"
                                aria-selected=move || if active.get() == i { "true" } else { "false" }
                                // mousedown, not click: the input keeps its focus.
                                on:mousedown={
                                    let zone = zone.clone();
                                    move |ev| {
                                        ev.prevent_default();
                                        choose(zone.clone());
                                    }
                                }
                                on:mousemove=move |_| active.set(i)
                                class="cursor-pointer px-3 py-1.5 aria-selected:bg-indigo-50 aria-selected:text-indigo-900"
                            >
                                {zone.clone()}
                            </li>
                        </For>
                    </ul>
                    <p aria-live="polite" class="sr-only">{announcement}</p>
                </div>
                <p id="field-time_zone-hint" class="text-sm text-slate-600">{t(Key::TimeZoneSearchHint)}</p>
            </Show>
            {error.map(|m| view! { <p id=error_id class="text-sm text-red-700">{m}</p> })}
        </div>
    }
}
