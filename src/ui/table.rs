//! Tables that fit any screen.

use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// Where a table goes. On a screen narrower than the table, the table scrolls
/// sideways inside this region instead of widening the page; the region is
/// named ("{label}, table": `label` is usually the table's caption, often
/// also its section's name, and two landmarks may not share one) and
/// reachable by keyboard,
/// so that it can be scrolled without a mouse (axe:
/// `scrollable-region-focusable`), and the table's first column stays in
/// view while the rest scrolls (`.table-scroll` in style/tailwind.css).
/// The region is positioned, so that what is hidden for the eye inside the
/// table (`sr-only` text, placed absolutely) stays inside it too rather than
/// widen the page. `class` adds to the region's own (margins, a border).
#[component]
pub fn TableScroll(
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let label = use_i18n().format(Key::TableRegion, &[("name", &label)]);
    view! {
        <div class=format!("table-scroll relative overflow-x-auto print:overflow-visible {class}") role="region" tabindex="0" aria-label=label>
            {children()}
        </div>
    }
}
