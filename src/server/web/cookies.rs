//! Cookies a server function sets on its response: the session, the language
//! remembered before login.

use crate::model::Locale;
use crate::server::auth;
use crate::server::authz::Access;
use crate::server::config::Config;
use chrono::Duration;
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Remembers the language in a cookie, for pages served before login.
pub fn remember_locale(access: &Access, locale: Locale) {
    set(auth::set_cookie(
        auth::LOCALE_COOKIE,
        locale.tag(),
        Duration::days(365),
        false,
        secure(access),
    ));
}

pub fn set_session(access: &Access, token: &str) {
    set(auth::set_cookie(
        auth::SESSION_COOKIE,
        token,
        auth::ABSOLUTE_TIMEOUT,
        true,
        secure(access),
    ));
}

pub fn clear_session(access: &Access) {
    set(auth::set_cookie(
        auth::SESSION_COOKIE,
        "",
        Duration::zero(),
        true,
        secure(access),
    ));
}

/// Marks this browser as one that signed in (see `server::accounts::attempts`).
pub fn set_device(access: &Access, token: &str) {
    set(auth::set_cookie(
        auth::DEVICE_COOKIE,
        token,
        auth::DEVICE_LIFETIME,
        true,
        secure(access),
    ));
}

/// The value of a cookie the request carries.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| auth::cookie_value(h, name))
}

/// The device cookie the request's browser brought, if any.
pub fn device(access: &Access) -> Option<&str> {
    read(&access.parts.headers, auth::DEVICE_COOKIE)
}

fn secure(access: &Access) -> bool {
    secure_for(&access.state.config, &access.parts.headers)
}

/// Cookies are `Secure` when the site is served over https (directly or, as the
/// proxy says, in front of us).
pub fn secure_for(config: &Config, headers: &HeaderMap) -> bool {
    config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https")
}

fn set(cookie: String) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}
