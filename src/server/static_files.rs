//! The built site's files (`/pkg/*`, favicon) through a real static file service:
//! precompressed brotli/gzip when the browser takes it, and caching by name:
//! a file whose name carries a content hash never changes, so it is kept a year.

use crate::server::http::plain_route;
use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

pub fn router<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    // Rooted at the site: the route keeps the `/pkg/` prefix in the path it serves.
    let pkg = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .route_service(plain_route("/pkg/{*file}"), pkg)
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
        let policy = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
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
    use super::is_hashed_name;

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed_name("/pkg/partner-map.Xk3_9aZq0bLm.js"));
        assert!(is_hashed_name("/pkg/partner-map.Xk3_9aZq0bLm.wasm"));
        assert!(!is_hashed_name("/pkg/partner-map.js"));
        assert!(!is_hashed_name("/pkg/partner-map_bg.wasm"));
        assert!(!is_hashed_name("/favicon.ico"));
    }
}
