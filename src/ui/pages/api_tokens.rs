//! `/p/{partner}/api-tokens` and `/admin/api-tokens`: tokens for the JSON
//! API. Make one (a name, its scopes, how long it lives) and read its secret
//! the one time it is shown; see each token's scopes, maker, last use and
//! expiry; revoke one. Plain form posts, so it all works without JavaScript.

use super::admin::AdminData;
use super::deals::{partner_param, PartnerData, PartnerLine, LINK_CLASS, SECONDARY_BUTTON_CLASS};
use crate::api::tokens::{api_tokens, CreateApiToken, RevokeApiToken, SECRET_FIELD};
use crate::i18n::Key;
use crate::model::api_token::{Lifetime, Scope};
use crate::ui::forms::{
    ErrorSummary, Field, Form, FormState, Notice, SelectField, BUTTON_CLASS, FORM_KEY, INPUT_CLASS,
};
use crate::ui::i18n::use_i18n;
use crate::ui::table::TableScroll;
use crate::views::{ApiTokenView, ApiTokensView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

const CREATE_FORM: &str = "api_token_create";
const REVOKE_FORM: &str = "api_token_revoke";

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let partner_id = partner_param();
    let data = Resource::new(partner_id, |id| async move {
        match id {
            Some(id) => api_tokens(Some(id)).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! { <PartnerData resource=data render=|v: ApiTokensView| view! { <Tokens view=v /> } /> }
}

#[component]
pub fn AdminApiTokensPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| api_tokens(None));
    view! { <AdminData resource=data render=|v: ApiTokensView| view! { <Tokens view=v /> } /> }
}

#[component]
fn Tokens(view: ApiTokensView) -> impl IntoView {
    let i18n = use_i18n();
    let partner_id = view.partner.as_ref().map(|p| p.id);
    let title = i18n.t(Key::ApiTokens).to_string();
    let create = FormState::on_page(CREATE_FORM);
    let revoke = FormState::on_page(REVOKE_FORM);
    // Only the flash of the post that made it holds the secret: the store keeps its hash.
    let secret = create.value(SECRET_FIELD).filter(|s| !s.is_empty());
    let page_title = match &view.partner {
        Some(p) => format!("{title} · {}", p.name),
        None => title.clone(),
    };
    let lifetimes = Lifetime::ALL
        .iter()
        .filter(|l| view.may_make_unending || **l != Lifetime::Never)
        .map(|l| (l.as_str().to_string(), i18n.t(l.label()).to_string()))
        .collect::<Vec<_>>();
    // A refused post shows what was ticked; a fresh form suggests reading deals.
    let refused = create.error().is_some();
    let scopes = Scope::ALL
        .iter()
        .map(|&scope| {
            let id = format!("field-{}", scope.form_field());
            // Only what the refused post carried: an unticked box is not posted.
            let ticked = refused && create.has_value(scope.form_field());
            view! {
                <div class="flex items-start gap-3">
                    <input id=id.clone() type="checkbox" name=scope.form_field() value="on" checked=ticked
                        class="mt-1 h-4 w-4 rounded border-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600" />
                    <label for=id class="text-sm text-slate-800">
                        <span class="font-medium">{i18n.t(scope.label())}</span>
                        " "<code class="rounded bg-slate-100 px-1 text-xs text-slate-700">{scope.as_str()}</code>
                    </label>
                </div>
            }
        })
        .collect_view();
    let scopes_error = create.field_error("scopes").map(|k| i18n.t(k));
    let show_partner = partner_id.is_none();
    let list = if view.tokens.is_empty() {
        view! { <p class="mt-3 text-slate-700">{i18n.t(Key::ApiTokensNone)}</p> }.into_any()
    } else {
        let caption = i18n.t(Key::ApiTokensActive).to_string();
        view! {
            <div class="mt-3">
                <TableScroll label=caption.clone() class=""><table class="w-full border-collapse bg-white text-left text-sm shadow-sm">
                    <caption class="sr-only">{caption}</caption>
                    <thead class="border-b border-slate-200 bg-slate-50">
                        <tr>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenName)}</th>
                            {show_partner.then(|| view! { <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenPartner)}</th> })}
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenScopes)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenMadeBy)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenLastUsed)}</th>
                            <th scope="col" class="px-3 py-2">{i18n.t(Key::ApiTokenExpires)}</th>
                            <th scope="col" class="px-3 py-2"><span class="sr-only">{i18n.t(Key::ApiTokenRevoke)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.tokens.into_iter().map(|t| view! { <Row t partner_id show_partner /> }).collect_view()}
                    </tbody>
                </table></TableScroll>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=page_title />
        {view.partner.as_ref().map(|p| view! { <PartnerLine name=p.name.clone() /> })}
        <h1 class="mt-1 text-2xl font-semibold">{title}</h1>
        <p class="mt-1 max-w-3xl text-sm text-slate-700">
            {i18n.t(Key::ApiTokensIntro)}" "
            <a href="/api-docs" class=LINK_CLASS>{i18n.t(Key::ApiReference)}</a>
        </p>
        {secret.map(|secret| view! {
            <div class="mt-4 space-y-1 rounded-lg border border-amber-300 bg-amber-50 p-4">
                <label for="new-api-token" class="block text-sm font-medium text-slate-900">{i18n.t(Key::ApiTokenNew)}</label>
                <input id="new-api-token" type="text" readonly=true value=secret aria-describedby="new-api-token-hint" class=format!("{INPUT_CLASS} font-mono") />
                <p id="new-api-token-hint" class="text-sm font-medium text-amber-900">{i18n.t(Key::ApiTokenShownOnce)}</p>
            </div>
        })}
        <section aria-labelledby="new-token-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="new-token-heading" class="text-lg font-medium">{i18n.t(Key::ApiTokenCreate)}</h2>
            <Form state=create action=CreateApiToken::PATH class="mt-3 max-w-xl space-y-4">
                {partner_id.map(|id| view! { <input type="hidden" name="partner_id" value=id.to_string() /> })}
                <Field name="name" label=Key::ApiTokenName hint=Key::ApiTokenNameHint />
                <fieldset class="space-y-2" aria-describedby=scopes_error.map(|_| "scopes-error")>
                    <legend class="text-sm font-medium text-slate-800">{i18n.t(Key::ApiTokenScopes)}</legend>
                    {scopes}
                    {scopes_error.map(|m| view! { <p id="scopes-error" class="text-sm text-red-700">{m}</p> })}
                </fieldset>
                <SelectField name="lifetime" label=Key::ApiTokenLifetime options=lifetimes selected="90" />
                <button type="submit" class=BUTTON_CLASS>{i18n.t(Key::ApiTokenCreateButton)}</button>
            </Form>
        </section>
        <section aria-labelledby="tokens-heading" class="mt-6">
            <h2 id="tokens-heading" class="text-lg font-medium">{i18n.t(Key::ApiTokensActive)}</h2>
            <div class="mt-2"><ErrorSummary error=revoke.error() /><Notice notice=revoke.notice() /></div>
            {list}
        </section>
    }
}

#[component]
fn Row(
    t: ApiTokenView,
    partner_id: Option<crate::model::PartnerId>,
    show_partner: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let scopes = t
        .scopes
        .iter()
        .map(|s| view! { <li><code class="text-xs">{s.as_str()}</code></li> })
        .collect_view();
    let last_used = match &t.last_used {
        Some((at, addr)) => i18n.format(Key::ApiTokenUsedFrom, &[("when", at), ("address", addr)]),
        None => i18n.t(Key::ApiTokenNeverUsed).to_string(),
    };
    let expires = match (&t.expires, t.expired) {
        (Some(at), true) => i18n.format(Key::ApiTokenExpiredOn, &[("date", at)]),
        (Some(at), false) => at.clone(),
        (None, _) => i18n.t(Key::TokenLifetimeNever).to_string(),
    };
    let creator = t
        .creator
        .clone()
        .unwrap_or_else(|| i18n.t(Key::AuditCommandLine).to_string());
    let partner = t
        .partner
        .clone()
        .unwrap_or_else(|| i18n.t(Key::ApiTokenEveryPartner).to_string());
    let revoke_label = i18n.format(Key::ApiTokenRevokeNamed, &[("name", &t.name)]);
    view! {
        <tr class="border-b border-slate-100 align-top">
            <th scope="row" class="px-3 py-2 font-medium">
                {t.name.clone()}
                <span class="block font-mono text-xs font-normal text-slate-600">{format!("{}…", t.prefix)}</span>
            </th>
            {show_partner.then(|| view! { <td class="px-3 py-2">{partner}</td> })}
            <td class="px-3 py-2"><ul>{scopes}</ul></td>
            <td class="px-3 py-2">{creator}<span class="block text-xs text-slate-600">{t.created_at.clone()}</span></td>
            <td class="px-3 py-2">{last_used}</td>
            <td class="px-3 py-2">{expires}</td>
            <td class="px-3 py-2">
                // A plain form of its own: what revoking did is said once, above the list.
                <form method="post" action=RevokeApiToken::PATH>
                    <input type="hidden" name=FORM_KEY value=REVOKE_FORM />
                    <input type="hidden" name="token_id" value=t.id.to_string() />
                    {partner_id.map(|id| view! { <input type="hidden" name="partner_id" value=id.to_string() /> })}
                    <button type="submit" class=SECONDARY_BUTTON_CLASS aria-label=revoke_label>{i18n.t(Key::ApiTokenRevoke)}</button>
                </form>
            </td>
        </tr>
    }
}
