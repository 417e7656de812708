//! What the benches share: a database of their own, requests as the server
//! receives them, a signed-in session, and percentiles.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use partner_map::server::app;
use partner_map::server::config::Config;
use partner_map::server::state::AppState;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceExt;

pub const PASSWORD: &str = "bench password 1";

/// A fresh database: a SQLite file in the temp folder, or a database of its
/// own on the server PARTNER_MAP_TEST_POSTGRES names
/// (scripts/with-postgres.sh), which goes with that throwaway cluster.
pub struct Scratch {
    pub url: String,
    dir: Option<std::path::PathBuf>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

async fn database(bench: &str) -> Scratch {
    let name = format!("bench_{bench}_{}", std::process::id());
    match std::env::var("PARTNER_MAP_TEST_POSTGRES") {
        Ok(server) => {
            let admin = sqlx::PgPool::connect(&server).await.expect("PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create database");
            admin.close().await;
            let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
            Scratch {
                url: format!("{base}/{name}"),
                dir: None,
            }
        }
        Err(_) => {
            let dir = std::env::temp_dir().join(name);
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch {
                url: format!("sqlite://{}/bench.db", dir.display()),
                dir: Some(dir),
            }
        }
    }
}

/// The app as `partner-map serve` builds it, on a fresh database (dropped
/// last: it removes a SQLite file's folder).
pub async fn app(bench: &str) -> (AppState, axum::Router, Scratch) {
    let scratch = database(bench).await;
    let state = app::connect(Config::for_database(&scratch.url))
        .await
        .expect("connect");
    let router = app::router(state.clone());
    (state, router, scratch)
}

/// Runs a bench on a runtime like the server's: pages render deep view
/// trees, and the server gives its workers the same room.
pub fn block_on(bench: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
        .unwrap()
        .block_on(bench);
}

/// How the database under test is kept, for the heading of a bench's table.
pub fn described(backend: &str) -> &'static str {
    if backend == "postgres" {
        "throwaway cluster, fsync off"
    } else {
        "file in the temp folder"
    }
}

/// `req` as it reaches the Router from a client (the server adds its address).
pub fn from_client(mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    req
}

/// Signs `email` in (password [`PASSWORD`]); the `pm_session=...` pair to send back.
pub async fn login(router: &axum::Router, email: &str) -> String {
    let body = serde_urlencoded::to_string([("email", email), ("password", PASSWORD)]).unwrap();
    let req = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    let res = router.clone().oneshot(from_client(req)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "login of {email}");
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("pm_session="))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string()
}

/// The `q` quantile (0 to 1) of sorted samples, in milliseconds.
pub fn percentile(sorted: &[Duration], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
}
