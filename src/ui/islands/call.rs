//! How an island calls a server function: the same urlencoded POST a plain form
//! sends, to the function's fixed path, with a JSON answer. It does what the
//! server_fn client would for these calls in a few lines, and keeps its client
//! machinery (about 18 KB gzip of WASM) out of every visitor's download. A
//! refusal is read with the browser's own `JSON.parse`, so no JSON parser ships
//! in the WASM either.

use super::dom::Part;
use crate::i18n::Key;

/// Why a call did not go through: what an island shows about an
/// [`AppError`](crate::error::AppError), by the messages' numbers on the wire.
#[derive(Clone, Debug, PartialEq)]
// Built only from an answer read in the browser.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Refusal {
    /// Each refused field's name, with its message's key number.
    Invalid(Vec<(String, u32)>),
    TooManyAttempts {
        minutes: u32,
    },
    NotSignedIn,
    Busy,
    Internal {
        reference: String,
    },
    /// Any other refusal, or an answer that could not be read.
    Other,
    /// No answer at all (offline, say): the user can retry.
    Unanswered,
}

/// Posts `fields` to the server function at `path`.
pub async fn call(path: &str, fields: &[(&str, &str)]) -> Result<(), Refusal> {
    #[cfg(feature = "hydrate")]
    {
        send(path, fields).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        // Islands call this only once live, in the browser.
        let _ = (path, fields);
        Err(Refusal::Unanswered)
    }
}

#[cfg(feature = "hydrate")]
async fn send(path: &str, fields: &[(&str, &str)]) -> Result<(), Refusal> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let unanswered = |_| Refusal::Unanswered;
    let body = web_sys::UrlSearchParams::new().map_err(unanswered)?;
    for (name, value) in fields {
        body.append(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(unanswered)?;
    request
        .headers()
        .set("Accept", "application/json")
        .map_err(unanswered)?;
    let window = web_sys::window().ok_or(Refusal::Unanswered)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(unanswered)?
        .dyn_into()
        .map_err(unanswered)?;
    if response.ok() {
        return Ok(());
    }
    let text = JsFuture::from(response.text().map_err(unanswered)?)
        .await
        .map_err(unanswered)?
        .as_string()
        .unwrap_or_default();
    Err(js_sys::JSON::parse(&text)
        .map(|json| read_refusal(&json))
        .unwrap_or(Refusal::Other))
}

/// `AppError` as serde writes it: a unit variant is its name, any other
/// variant an object with the name as its one key.
#[cfg(feature = "hydrate")]
fn read_refusal(json: &wasm_bindgen::JsValue) -> Refusal {
    use wasm_bindgen::JsCast;
    let get = |value: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(value, &key.into()).unwrap_or_default()
    };
    let number = |value: wasm_bindgen::JsValue| value.as_f64().unwrap_or_default() as u32;
    if let Some(name) = json.as_string() {
        return match name.as_str() {
            "NotSignedIn" => Refusal::NotSignedIn,
            "Busy" => Refusal::Busy,
            _ => Refusal::Other,
        };
    }
    let invalid = get(json, "Invalid");
    if let Some(fields) = invalid.dyn_ref::<js_sys::Array>() {
        return Refusal::Invalid(
            fields
                .iter()
                .map(|f| {
                    let field = get(&f, "field").as_string().unwrap_or_default();
                    (field, number(get(&f, "message")))
                })
                .collect(),
        );
    }
    let too_many = get(json, "TooManyAttempts");
    if too_many.is_object() {
        return Refusal::TooManyAttempts {
            minutes: number(get(&too_many, "retry_after_minutes")),
        };
    }
    let internal = get(json, "Internal");
    if internal.is_object() {
        return Refusal::Internal {
            reference: get(&internal, "reference").as_string().unwrap_or_default(),
        };
    }
    Refusal::Other
}

impl Refusal {
    /// The texts [`Refusal::form_message`] may need, for the island's
    /// [`IslandTexts`](super::dom::IslandTexts).
    pub const TEXTS: &'static [Key] = &[
        Key::TooManyAttempts,
        Key::ErrNotSignedIn,
        Key::ErrBusy,
        Key::ErrInternal,
    ];

    /// What the form as a whole says; field errors are shown on their fields.
    pub fn form_message(&self, part: &Part) -> Option<String> {
        Some(match self {
            Refusal::Invalid(_) => return None,
            Refusal::TooManyAttempts { minutes } => part
                .text(Key::TooManyAttempts)
                .replace("{minutes}", &minutes.to_string()),
            Refusal::NotSignedIn => part.text(Key::ErrNotSignedIn),
            Refusal::Busy | Refusal::Unanswered => part.text(Key::ErrBusy),
            Refusal::Internal { reference } => part
                .text(Key::ErrInternal)
                .replace("{reference}", reference),
            Refusal::Other => part.text(Key::ErrInternal).replace("{reference}", "-"),
        })
    }
}
