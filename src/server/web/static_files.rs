//! The built site's files (`/pkg/*`, favicon), with caching by name: a file
//! whose name carries a content hash never changes, so it is kept a year.
//!
//! Hashed files (every file of a release build) are read into memory once, at
//! start, with their precompressed `.br` and `.gz` siblings, and served from
//! there: a file service that opens, stats and reads each file per request
//! goes through tokio's blocking pool three times and served the CSS at a
//! third of `/healthz`'s rate. Anything else (a development build's unhashed
//! names) goes to that file service, so edits show without a restart.

use crate::server::web::routes::plain_route;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, VARY,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    // Rooted at the site: the route keeps the `/pkg/` prefix in the path it serves.
    let files = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip();
    let memory = Arc::new(Assets::load(&Path::new(site_root).join("pkg")));
    let pkg = move |req: Request| {
        let files = files.clone();
        let memory = memory.clone();
        async move {
            // The route takes GET (and so HEAD) only.
            match memory.get(req.uri().path()) {
                Some(asset) => asset.respond(req.headers()),
                None => files.oneshot(req).await.into_response(),
            }
        }
    };
    Router::new()
        .route(plain_route("/pkg/{*file}"), axum::routing::get(pkg))
        .route_service(
            plain_route("/favicon.ico"),
            ServeFile::new(format!("{site_root}/favicon.ico")),
        )
        .layer(middleware::from_fn(cache_control))
}

async fn cache_control(req: Request, next: Next) -> Response {
    let immutable = is_hashed_name(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let policy = if immutable { IMMUTABLE } else { "no-cache" };
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// The hashed files of a directory, by their URL path (`/pkg/<name>`).
#[derive(Default)]
struct Assets(HashMap<String, Asset>);

struct Asset {
    content_type: &'static str,
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

impl Assets {
    /// Reads `dir`'s hashed files. A missing directory (tests, a build not
    /// made yet) is an empty set: everything then goes to the file service.
    fn load(dir: &Path) -> Assets {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Assets::default();
        };
        let mut assets = HashMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("/pkg/{name}");
            if name.ends_with(".br") || name.ends_with(".gz") || !is_hashed_name(&path) {
                continue;
            }
            let Some(content_type) = content_type(&name) else {
                continue;
            };
            let Ok(identity) = std::fs::read(entry.path()) else {
                continue;
            };
            let sibling = |ext: &str| {
                std::fs::read(dir.join(format!("{name}.{ext}")))
                    .ok()
                    .map(Bytes::from)
            };
            let asset = Asset {
                content_type,
                identity: Bytes::from(identity),
                gzip: sibling("gz"),
                brotli: sibling("br"),
            };
            assets.insert(path, asset);
        }
        Assets(assets)
    }

    fn get(&self, path: &str) -> Option<&Asset> {
        self.0.get(path)
    }
}

impl Asset {
    fn respond(&self, request: &HeaderMap) -> Response {
        let accepted = request
            .get_all(ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let (body, encoding) = match (&self.brotli, &self.gzip) {
            (Some(br), _) if accepts(&accepted, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts(&accepted, "gzip") => (gz.clone(), Some("gzip")),
            _ => (self.identity.clone(), None),
        };
        let length = body.len();
        let mut res = Response::new(Body::from(body));
        let headers = res.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        if let Some(encoding) = encoding {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        if self.gzip.is_some() || self.brotli.is_some() {
            headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
        }
        res
    }
}

/// Whether an Accept-Encoding value takes `coding`: listed by name (or `*`)
/// and not refused with `q=0`.
pub fn accepts(header: &str, coding: &str) -> bool {
    let mut star = false;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .or_else(|| p.strip_prefix("Q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if name.eq_ignore_ascii_case(coding) {
            return !refused;
        }
        if name == "*" {
            star = !refused;
        }
    }
    star
}

fn content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "css" => "text/css",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => return None,
    })
}

/// `partner-map.1a2b3c4d5e6f.js`: a name with a hash part of 8 or more hex-like characters.
fn is_hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|p| {
            p.len() >= 8
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;
    use axum::http::StatusCode;
    use http_body_util::BodyExt;

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed_name("/pkg/partner-map.Xk3_9aZq0bLm.js"));
        assert!(is_hashed_name("/pkg/partner-map.Xk3_9aZq0bLm.wasm"));
        assert!(!is_hashed_name("/pkg/partner-map.js"));
        assert!(!is_hashed_name("/pkg/partner-map_bg.wasm"));
        assert!(!is_hashed_name("/favicon.ico"));
    }

    #[test]
    fn reads_accept_encoding_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("br;q=0.5", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("br;q=0, gzip", "gzip"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("*, gzip;q=0", "gzip"));
        assert!(!accepts("", "gzip"));
    }

    async fn get(app: &Router, path: &str, encoding: Option<&str>) -> (Response, Vec<u8>) {
        let mut req = HttpRequest::get(path);
        if let Some(encoding) = encoding {
            req = req.header(ACCEPT_ENCODING, encoding);
        }
        let res = app
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes().to_vec();
        (Response::from_parts(parts, Body::empty()), bytes)
    }

    #[tokio::test]
    async fn serves_hashed_files_from_memory_in_the_encoding_taken() {
        let root = std::env::temp_dir().join(format!("pm-static-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("app.abcdefgh12.css"), "body{}").unwrap();
        std::fs::write(pkg.join("app.abcdefgh12.css.br"), "BROTLI").unwrap();
        std::fs::write(pkg.join("app.abcdefgh12.css.gz"), "GZIP").unwrap();
        std::fs::write(pkg.join("dev.css"), "dev{}").unwrap();
        let app: Router = router(root.to_str().unwrap());
        // The files change on disk: hashed ones were read at start, others are read now.
        std::fs::write(pkg.join("app.abcdefgh12.css"), "changed").unwrap();
        std::fs::write(pkg.join("dev.css"), "dev2{}").unwrap();

        let (res, body) = get(&app, "/pkg/app.abcdefgh12.css", Some("gzip, br")).await;
        assert_eq!(body, b"BROTLI");
        assert_eq!(res.headers()[CONTENT_ENCODING], "br");
        assert_eq!(res.headers()[CONTENT_TYPE], "text/css");
        assert_eq!(res.headers()[CACHE_CONTROL], IMMUTABLE);
        assert_eq!(res.headers()[VARY], "accept-encoding");
        let (res, body) = get(&app, "/pkg/app.abcdefgh12.css", Some("gzip")).await;
        assert_eq!(body, b"GZIP");
        assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
        let (res, body) = get(&app, "/pkg/app.abcdefgh12.css", None).await;
        assert_eq!(body, b"body{}");
        assert!(res.headers().get(CONTENT_ENCODING).is_none());

        let (res, body) = get(&app, "/pkg/dev.css", None).await;
        assert_eq!(body, b"dev2{}");
        assert_eq!(res.headers()[CACHE_CONTROL], "no-cache");
        let (res, _) = get(&app, "/pkg/missing.abcdefgh12.css", None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        std::fs::remove_dir_all(root).unwrap();
    }
}
