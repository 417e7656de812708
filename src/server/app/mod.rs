//! The HTTP application: one function assembles the Router that `serve` runs and
//! the tests call. Cross-cutting concerns are layers, not code in handlers.

pub mod jobs;
pub mod serve;

use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::deals::files as deal_files;
use crate::server::events::Events;
use crate::server::hashing::PasswordWork;
use crate::server::state::AppState;
use crate::server::tasks::{self, calendar_feed};
use crate::server::web::routes::plain_route;
use crate::server::web::{
    api_status as edge, forms, island_scripts, page_cache, security, session, static_files,
};
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
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_http::CompressionLevel;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Connects to the configured database, migrates it and returns the app state.
pub async fn connect(config: Config) -> Result<AppState, String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db.migrate()
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    Ok(AppState {
        events: Events::start(&db),
        figures: Arc::default(),
        pages: Arc::default(),
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

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let site_root = state.leptos_options.site_root.to_string();
    let max_body = state.config.max_body_bytes;
    let leptos_options = state.leptos_options.clone();
    // Pages, server functions and the 404 page need the caller's session and
    // language; static files, the health check and calendar feeds (opened by
    // their secret) do not, so they skip the session lookup (a database query)
    // altogether.
    // An upload may be far larger than any form post; only its route reads that much.
    let uploads = Router::new()
        .route(
            plain_route("/p/{partner}/deals/upload"),
            post(deal_files::upload),
        )
        .layer(DefaultBodyLimit::max(deal_files::UPLOAD_BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(deal_files::UPLOAD_BODY_LIMIT));
    let app = Router::new()
        .leptos_routes(&state, routes, move || {
            security::set_page_policy();
            shell(leptos_options.clone())
        })
        .route(
            plain_route("/p/{partner}/deals.csv"),
            get(deal_files::export),
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
        .fallback(not_found_page(state.clone()))
        .layer(RequestBodyLimitLayer::new(max_body))
        .merge(uploads)
        .layer(middleware::from_fn(island_scripts::only_where_used))
        // Inside the session (it needs the caller and the flash) and the
        // first-password gate; outside the island-script trimming, so a kept
        // page is kept trimmed.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ))
        .layer(middleware::from_fn(edge::api_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            forms::plain_posts,
        ))
        .layer(middleware::from_fn(
            crate::server::accounts::first_password::require,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        // Outermost, so the layers above read plain bodies. Static files come
        // precompressed; pages and API answers are gzipped as they leave, at
        // the fastest level: the default level took a third of a page's
        // server time, for pages about 10 % smaller.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .quality(CompressionLevel::Fastest),
        );
    Router::new()
        .route(plain_route("/healthz"), get(healthz))
        .route(plain_route(calendar_feed::ROUTE), get(calendar_feed::serve))
        .merge(static_files::router(&site_root))
        .merge(app)
        .layer(middleware::from_fn(security::refuse_cross_site))
        .layer(middleware::from_fn(security::headers))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
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
