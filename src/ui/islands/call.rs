//! How an island calls a server function: the same urlencoded POST a plain form
//! sends, to the function's fixed path, with a JSON answer. It does what the
//! server_fn client would for these calls in a few lines, and keeps its client
//! machinery (about 18 KB gzip of WASM) out of every visitor's download.

use crate::error::AppError;

/// Posts `fields` to the server function at `path`; a refusal comes back as the
/// function's own [`AppError`].
pub async fn call(path: &str, fields: &[(&str, &str)]) -> Result<(), AppError> {
    #[cfg(feature = "hydrate")]
    {
        send(path, fields).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        // Islands call this only once live, in the browser.
        let _ = (path, fields);
        Err(AppError::BadRequest)
    }
}

#[cfg(feature = "hydrate")]
async fn send(path: &str, fields: &[(&str, &str)]) -> Result<(), AppError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    // The request never got an answer (offline, say): the user can retry.
    let unanswered = || AppError::Busy;
    let body = web_sys::UrlSearchParams::new().map_err(|_| unanswered())?;
    for (name, value) in fields {
        body.append(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| unanswered())?;
    request
        .headers()
        .set("Accept", "application/json")
        .map_err(|_| unanswered())?;
    let window = web_sys::window().ok_or_else(unanswered)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| unanswered())?
        .dyn_into()
        .map_err(|_| unanswered())?;
    if response.ok() {
        return Ok(());
    }
    let text = JsFuture::from(response.text().map_err(|_| unanswered())?)
        .await
        .map_err(|_| unanswered())?
        .as_string()
        .unwrap_or_default();
    Err(serde_json::from_str(&text).unwrap_or(AppError::BadRequest))
}
