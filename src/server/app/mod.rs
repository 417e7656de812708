//! The HTTP application: one function assembles the Router that `serve` runs and
//! the tests call. Cross-cutting concerns are layers, not code in handlers.

pub mod connections;
pub mod jobs;
pub mod serve;

use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::deals;
use crate::server::events::Events;
use crate::server::hashing::PasswordWork;
use crate::server::state::AppState;
use crate::server::tasks::{self, calendar_feed};
use crate::server::web::page_cache::PageCache;
use crate::server::web::routes::plain_route;
use crate::server::web::{api_status, forms, guard, page_cache, security, session, static_files};
use crate::server::{goals, progress, reviews};
use crate::ui::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_http::CompressionLevel;

const REQUEST_ID: HeaderName = HeaderName::from_static(guard::REQUEST_ID_HEADER);

/// Connects to the configured database, migrates it and returns the app state.
pub async fn connect(config: Config) -> Result<AppState, String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db.migrate()
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    let mail = crate::server::mail::Mailer::new(&config)?;
    Ok(AppState {
        mail: Arc::new(mail),
        api_limits: Arc::default(),
        events: Events::start(&db),
        figures: Arc::default(),
        db,
        passwords: PasswordWork::start(),
        leptos_options: leptos_options(&config),
        config: Arc::new(config),
    })
}

/// Where the built site lives, and under which names: hashed names when the
/// release build wrote a hash file beside the binary.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("partner-map")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(hash_files)
        .build()
}

/// The page routes, listed once per process. Listing them renders the app
/// with leptos_server's process-wide "suppress resource loads" flag set, and a
/// resource first polled meanwhile, on any thread, waits for good
/// (leptos-rs/leptos#4773): a page being served while a second Router was
/// built (every integration test builds one) never finished. Listed before
/// the first Router exists, never again.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application. Requests pass the layers from the outside in, in
/// the order listed here (each `.layer` wraps everything above it); each
/// says what it reads and what it writes.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new(), Arc::default())
}

/// The application with `extra` routes beside the pages, inside every layer
/// (for tests that need a handler the app does not have, one that panics or
/// never answers, to meet the same edge), keeping its pages in `pages`.
pub fn router_with(state: AppState, extra: Router<AppState>, pages: Arc<PageCache>) -> Router {
    let routes = page_routes();
    let site_root = state.leptos_options.site_root.to_string();
    let max_body = state.config.max_body_bytes;
    let timeout = state.config.request_timeout;
    let leptos_options = state.leptos_options.clone();
    // An upload may be far larger than any form post; only its route reads that much.
    let uploads = Router::new()
        .route(
            plain_route("/p/{partner}/deals/upload"),
            post(deals::files::upload),
        )
        .layer(DefaultBodyLimit::max(deals::files::UPLOAD_BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(deals::files::UPLOAD_BODY_LIMIT));
    // Pages, server functions and the plain routes that need the caller.
    let app = Router::new()
        .leptos_routes(&state, routes, move || {
            security::set_page_policy();
            shell(leptos_options.clone())
        })
        .route(
            plain_route("/p/{partner}/deals.csv"),
            get(deals::files::export),
        )
        .route(
            plain_route("/p/{partner}/goals/edit"),
            post(goals::wizard_post),
        )
        .route(plain_route("/p/{partner}/goals.csv"), get(goals::export))
        .route(
            plain_route("/p/{partner}/progress.csv"),
            get(progress::export),
        )
        .route(
            plain_route("/p/{partner}/tasks/save"),
            post(tasks::save_post),
        )
        .route(plain_route("/p/{partner}/tasks/events"), get(tasks::events))
        .route(
            plain_route("/p/{partner}/reviews/start"),
            post(reviews::start_post),
        )
        .route(
            plain_route("/p/{partner}/reviews/{review}/save"),
            post(reviews::save_post),
        )
        .route(
            plain_route(crate::server::mail::unsubscribe::ROUTE),
            post(crate::server::mail::unsubscribe::post),
        )
        .merge(extra)
        .fallback(not_found_page(state.clone()))
        // Reads: the query, and a form or JSON body (buffered). Writes: a 400
        // for a NUL character in either.
        .layer(middleware::from_fn(security::refuse_nul))
        // Reads: the body's length. Refuses a body over the limit (413).
        .layer(RequestBodyLimitLayer::new(max_body))
        .merge(uploads)
        // The one layer that reads a page's HTML (buffered, once). Reads:
        // the caller, the flash and the language (the session's extensions),
        // the matched route, and the page stamp from the database. Writes: a
        // kept page's answer (with a fresh nonce); else the rendered page
        // without the WASM loader when it has no island, kept when it may be.
        .layer(middleware::from_fn_with_state(
            (state.clone(), pages),
            page_cache::serve,
        ))
        // Reads: a failed server function's JSON error (buffered, 500s of
        // /api/ only). Writes: the status that error stands for.
        .layer(middleware::from_fn(api_status::status_from_error))
        // Reads: a plain form post's fields (buffered) and the server
        // function's answer, with its x-pm-landing, x-pm-notice and
        // x-pm-carry headers. Writes: a 303 to the landing page, with the
        // outcome in a one-time flash.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            forms::plain_posts,
        ))
        // Reads: the caller. Writes: a redirect to choose a password, for a
        // user signed in with a one-time password.
        .layer(middleware::from_fn(
            crate::server::accounts::first_password::require,
        ))
        // Reads: the language. Writes: a 503 in it when no answer comes in
        // time, dropping the work (the upload, which the client sends at its
        // own pace, has longer, by its declared length; an event stream's
        // body is not timed).
        .layer(middleware::from_fn_with_state(timeout, guard::time_limit))
        // Reads: the session and language cookies, Accept-Language, the
        // client's address. Writes: the caller, the language (a `Locale`), the
        // client address and the flash into the request's extensions.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        // Writes: gzip, at the fastest level, of pages and API answers (static
        // files come precompressed). Outside the layers above, so they read
        // plain bodies; the default level took a third of a page's server
        // time, for pages about 10 % smaller.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .quality(CompressionLevel::Fastest),
        );
    // Static files, the health check and calendar feeds (opened by their
    // secret) need no session: they skip its lookup, a database query.
    Router::new()
        .route(plain_route("/healthz"), get(healthz))
        .route(
            plain_route(calendar_feed::ROUTE),
            get(calendar_feed::serve)
                .layer(middleware::from_fn_with_state(timeout, guard::time_limit)),
        )
        .merge(static_files::router(&site_root))
        // The JSON API: a token, never a session; its own edge (`server::rest`).
        .merge(crate::server::rest::router(&state))
        .merge(app)
        // Reads: Sec-Fetch-Site, Origin, Host. Writes: a 403 for a
        // state-changing request another site made the browser send.
        .layer(middleware::from_fn(security::refuse_cross_site))
        // Reads: the request id. Writes: a 500 quoting it for a handler that
        // panicked, and makes it known to the code that answers.
        .layer(middleware::from_fn(guard::catch_panic))
        // Writes: the security headers, and the default policy where a page
        // set none.
        .layer(middleware::from_fn(security::headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        // Writes: one span per request, named by its id, method and route.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %logged_path(req.uri().path()))
        }))
        // Writes: the request id (x-request-id), outermost, so every layer
        // and every log line has it.
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// A request's path as log lines show it: a calendar feed's path is its
/// secret, so the route stands in for it.
fn logged_path(path: &str) -> &str {
    let feeds = calendar_feed::ROUTE.trim_end_matches("{file}");
    let unsubscribe = crate::server::mail::unsubscribe::ROUTE.trim_end_matches("{token}");
    if path.starts_with(feeds) {
        calendar_feed::ROUTE
    } else if path.starts_with(unsubscribe) {
        crate::server::mail::unsubscribe::ROUTE
    } else {
        path
    }
}

/// For monitoring: 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, format!("ok {}\n", state.db.backend_name())),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable\n".to_string(),
            )
        }
    }
}

/// Any other path: the app renders its "page not found" (status 404) in the
/// user's language.
fn not_found_page(
    state: AppState,
) -> impl Fn(
    axum::extract::Request,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = axum::response::Response> + Send>>
       + Clone
       + Send
       + 'static {
    let options = state.leptos_options.clone();
    leptos_axum::render_app_to_stream_with_context(
        move || leptos::prelude::provide_context(state.clone()),
        move || {
            security::set_page_policy();
            shell(options.clone())
        },
    )
}
