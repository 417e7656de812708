//! `/api-docs`: the JSON API's reference for people. Every operation is
//! listed on the page itself (so it reads without JavaScript); with it,
//! Swagger UI (served from `/pkg/api-docs/`, never a CDN) renders the whole
//! OpenAPI document below, with its types and examples.

use super::deals::LINK_CLASS;
use crate::api::tokens::api_operations;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use crate::views::ApiOperationView;
use leptos::prelude::*;
use leptos_meta::Title;

/// What a reader sends to push a deal and read progress, on this server.
const EXAMPLE: &str = "curl -X POST \"$SITE/api/v1/partners/$PARTNER/deals/bulk\" \\
  -H \"Authorization: Bearer $TOKEN\" -H \"Content-Type: application/json\" \\
  -d '{\"deals\": [{\"external_id\": \"18234567\", \"name\": \"Cloud migration\", \"kind\": \"sourced\",
       \"stage\": \"closed_won\", \"create_date\": \"2026-03-02\", \"close_date\": \"2026-04-15\", \"mrr\": \"1234.50\"}]}'
curl -H \"Authorization: Bearer $TOKEN\" \"$SITE/api/v1/partners/$PARTNER/progress/2026?view=quarterly\"";

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let operations = Resource::new(|| (), |_| api_operations());
    let i18n = use_i18n();
    let title = i18n.t(Key::ApiReference).to_string();
    view! {
        <Title text=title.clone() />
        <h1 class="text-2xl font-semibold">{title}</h1>
        <p class="mt-1 max-w-3xl text-sm text-slate-700">{i18n.t(Key::ApiDocsIntro)}</p>
        <p class="mt-2 text-sm">
            <a href="/api/v1/openapi.json" class=LINK_CLASS>{i18n.t(Key::ApiDocsDocument)}</a>
        </p>
        <h2 class="mt-6 text-lg font-medium">{i18n.t(Key::ApiDocsExample)}</h2>
        <pre class="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100" tabindex="0" aria-label=i18n.t(Key::ApiDocsExample)><code>{EXAMPLE}</code></pre>
        <Suspense>
            {move || Suspend::new(async move {
                let list = operations.await.unwrap_or_default();
                view! { <Operations list /> }
            })}
        </Suspense>
        <link rel="stylesheet" href="/pkg/api-docs/swagger-ui.css" />
        <link rel="stylesheet" href="/pkg/api-docs/overrides.css" />
        <section aria-label=i18n.t(Key::ApiDocsViewer) class="mt-6">
            <div id="swagger-ui" hidden=true></div>
        </section>
        <script src="/pkg/api-docs/swagger-ui-bundle.js" defer=true></script>
        <script src="/pkg/api-docs/init.js" defer=true></script>
    }
}

#[component]
fn Operations(list: Vec<ApiOperationView>) -> impl IntoView {
    let i18n = use_i18n();
    let caption = i18n.t(Key::ApiDocsOperations).to_string();
    view! {
        <h2 class="mt-6 text-lg font-medium">{caption.clone()}</h2>
        <div class="mt-2">
            <TableScroll label=caption.clone() class=""><table class="w-full border-collapse bg-white text-left text-sm shadow-sm">
                <caption class="sr-only">{caption}</caption>
                <thead class="border-b border-slate-200 bg-slate-50">
                    <tr>
                        <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiDocsMethod)}</th>
                        <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiDocsPath)}</th>
                        <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiDocsWhat)}</th>
                        <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenScopes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|o| view! {
                        <tr class="border-b border-slate-100 align-top">
                            <td class="px-3 py-2 font-mono text-xs">{o.method}</td>
                            <th scope="row" class="px-3 py-2 font-mono text-xs font-normal break-all">{o.path}</th>
                            <td class="px-3 py-2">{i18n.t(o.summary)}</td>
                            <td class="px-3 py-2 font-mono text-xs">{o.scope}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></TableScroll>
        </div>
    }
}
