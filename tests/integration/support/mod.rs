//! Test harness: the same Router that `partner-map serve` runs, on a fresh
//! database per test. SQLite by default; PostgreSQL when
//! PARTNER_MAP_TEST_POSTGRES names a server (scripts/with-postgres.sh does).

#![allow(dead_code)]

pub mod smtp;
pub mod wire;

use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use partner_map::i18n::Key;
use partner_map::model::tasks::{Priority, ReminderPreset, TaskType};
use partner_map::model::{Locale, PartnerId, Role, TaskId, UserId};
use partner_map::server::admin::{self, UserInput};
use partner_map::server::app;
use partner_map::server::config::Config;
use partner_map::server::db::Db;
use partner_map::server::store::tasks::{self, TaskFields};
use partner_map::server::web::page_cache::PageCache;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

/// Longer than any request takes on a loaded machine (a debug build hashing
/// passwords on two cores), far shorter than a stalled CI run.
const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(60);

pub struct TestApp {
    pub router: Router,
    /// The pages the router keeps (`web::page_cache`).
    pub pages: Arc<PageCache>,
    pub state: partner_map::server::state::AppState,
    pub db: Db,
    pub acme: PartnerId,
    pub formosa: PartnerId,
    _dir: Option<TempDir>,
}

/// A folder removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}_{}_{}", std::process::id(), n, nanos)
}

pub fn backend() -> &'static str {
    if std::env::var("PARTNER_MAP_TEST_POSTGRES").is_ok() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A database URL of its own for one test.
pub async fn fresh_database() -> (String, Option<TempDir>) {
    match std::env::var("PARTNER_MAP_TEST_POSTGRES") {
        Ok(server) => {
            let name = unique_name();
            let admin = sqlx::PgPool::connect(&server)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create database");
            admin.close().await;
            let base = server
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&server)
                .to_string();
            (format!("{base}/{name}"), None)
        }
        Err(_) => {
            let dir = std::env::temp_dir().join(format!("partner-map-test-{}", unique_name()));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}/test.db", dir.display());
            (url, Some(TempDir(dir)))
        }
    }
}

/// The app with two partners, a member of each, a PDM assigned to Acme only and an admin.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The same app with its configuration changed first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    let (url, dir) = fresh_database().await;
    let mut config = Config::for_database(&url);
    configure(&mut config);
    let state = app::connect(config).await.expect("connect");
    let db = state.db.clone();
    assert_eq!(db.backend_name(), backend());
    let acme = admin::add_partner(&db, "Acme", "USD", "America/New_York")
        .await
        .unwrap();
    let formosa = admin::add_partner(&db, "Formosa", "TWD", "Asia/Taipei")
        .await
        .unwrap();
    for (email, role, partner, locale) in [
        ("member@acme.test", Role::Member, Some(acme), Locale::En),
        (
            "member@formosa.test",
            Role::Member,
            Some(formosa),
            Locale::ZhTw,
        ),
        ("pdm@vendor.test", Role::Pdm, None, Locale::En),
        ("admin@vendor.test", Role::Admin, None, Locale::En),
    ] {
        let input = UserInput {
            email,
            name: email,
            role,
            partner_id: partner,
            password: PASSWORD,
            locale,
            time_zone: "UTC",
        };
        admin::add_user(&db, input).await.unwrap();
    }
    admin::assign_pdm(&db, "pdm@vendor.test", acme)
        .await
        .unwrap();
    let pages = Arc::new(PageCache::default());
    TestApp {
        router: app::router_with(state.clone(), Router::new(), pages.clone()),
        pages,
        state,
        db,
        acme,
        formosa,
        _dir: dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The session cookie this reply sets, if any (an empty value clears it).
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("pm_session="))
            .map(str::to_string)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether this JSON reply refused `field` with `message`.
    pub fn refuses(&self, field: &str, message: Key) -> bool {
        let errors = self.json()["Invalid"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        errors
            .iter()
            .any(|e| e["field"] == field && e["message"] == message.id())
    }
}

impl TestApp {
    /// Sends one request through the Router. A response that never ends fails
    /// the test, naming the request, instead of stalling the whole run.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let what = format!("{} {}", req.method(), req.uri());
        let res: Response<Body> =
            tokio::time::timeout(ANSWER_WITHIN, self.router.clone().oneshot(req))
                .await
                .unwrap_or_else(|_| panic!("no answer to {what} within {ANSWER_WITHIN:?}"))
                .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes =
            tokio::time::timeout(ANSWER_WITHIN, to_bytes(res.into_body(), 16 * 1024 * 1024))
                .await
                .unwrap_or_else(|_| panic!("the body of {what} ({status}) never ended"))
                .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A server function call as an island (or any JSON client) makes it.
    pub async fn call(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        self.send(api_request(path, form, cookie, "127.0.0.1:50000"))
            .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Opens the partner's live task stream as its page does; the stream,
    /// past its first event.
    pub async fn open_stream(&self, partner: PartnerId, cookie: &str) -> Body {
        let res = self.stream_request(partner, cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
        let mut body = res.into_body();
        assert!(read_until(&mut body, "event: ready")
            .await
            .contains("event: ready"));
        body
    }

    /// The answer to a request for the partner's live task stream.
    pub async fn stream_request(&self, partner: PartnerId, cookie: &str) -> Response<Body> {
        let req = Request::get(format!("/p/{partner}/tasks/events"))
            .header(header::ACCEPT, "text/event-stream")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        self.router.clone().oneshot(req).await.unwrap()
    }

    /// The id of the user with this email.
    pub async fn user_id(&self, email: &str) -> UserId {
        admin::user_id_by_email(&self.db, email).await.unwrap()
    }

    /// A login with this password, as the login form sends it.
    pub async fn login_with(&self, email: &str, password: &str) -> Reply {
        self.call(
            "/api/login",
            &[("email", email), ("password", password)],
            None,
        )
        .await
    }

    /// Logs in and returns the `pm_session=...` pair to send back.
    pub async fn login(&self, email: &str) -> String {
        let reply = self
            .call(
                "/api/login",
                &[("email", email), ("password", PASSWORD)],
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "login of {email}: {}",
            reply.body
        );
        cookie_pair(&reply.session_cookie().expect("a session cookie"))
    }
}

/// What a live stream sent until `wanted` appeared, it ended or 5 s passed.
pub async fn read_until(body: &mut Body, wanted: &str) -> String {
    read_for(body, wanted, std::time::Duration::from_secs(5))
        .await
        .0
}

/// What a live stream sent until `wanted` appeared, it ended or `limit`
/// passed; and whether it ended.
pub async fn read_for(body: &mut Body, wanted: &str, limit: std::time::Duration) -> (String, bool) {
    use http_body_util::BodyExt;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + limit;
    while !seen.contains(wanted) {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    seen.push_str(&String::from_utf8_lossy(data));
                }
            }
            Ok(None) | Ok(Some(Err(_))) => return (seen, true),
            Err(_) => break,
        }
    }
    (seen, false)
}

pub fn api_request(
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
    client: &str,
) -> Request<Body> {
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    let addr: SocketAddr = client.parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

/// Sends `n` logins at once through the real Router, login `i` from its own
/// address, with the email and password `login(i)` gives; their statuses.
pub async fn parallel_logins(
    app: &TestApp,
    n: usize,
    login: impl Fn(usize) -> (String, String),
) -> Vec<StatusCode> {
    let calls: Vec<_> = (0..n)
        .map(|i| {
            let (email, password) = login(i);
            let req = api_request(
                "/api/login",
                &[("email", &email), ("password", &password)],
                None,
                &format!("10.{}.{}.{}:5000", 1 + i / 62_500, i / 250 % 250, i % 250),
            );
            tokio::spawn(tower::ServiceExt::oneshot(app.router.clone(), req))
        })
        .collect();
    let mut statuses = Vec::new();
    for call in calls {
        statuses.push(call.await.unwrap().unwrap().status());
    }
    statuses
}

/// A browser's own form submission (no JavaScript): urlencoded, wanting a page
/// back, from a page of this site at `from`.
pub fn plain_post(path: &str, body: &str, from: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, format!("http://127.0.0.1:3000{from}"))
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let mut req = req.body(Body::from(body.to_string())).unwrap();
    let addr: SocketAddr = "127.0.0.1:50000".parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

/// The `name=value` pair of the cookie `name` that a reply sets.
pub fn set_cookie_pair(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(cookie_pair)
}

/// `pm_session=abc; Path=/; ...` → `pm_session=abc`.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestApp {
    /// Follows a plain form post's 303 as the browser does, bringing the flash
    /// cookie it set: the page it lands on, and that cookie.
    pub async fn land(&self, reply: &Reply, session: Option<&str>) -> (Reply, Option<String>) {
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let location = reply.header("location").unwrap().to_string();
        assert!(!location.contains("__err"), "{location}");
        let flash = set_cookie_pair(reply, "pm_flash");
        let cookies: Vec<String> = session
            .into_iter()
            .map(str::to_string)
            .chain(flash.clone())
            .collect();
        let page = self.get(&location, Some(&cookies.join("; "))).await;
        (page, flash)
    }

    /// Uploads a deals file as the browser's import form does (multipart);
    /// the reply is the 303 to the preview or back to the form.
    pub async fn upload(
        &self,
        partner: PartnerId,
        file_name: &str,
        bytes: &[u8],
        cookie: Option<&str>,
    ) -> Reply {
        let boundary = "----partner-map-test-boundary";
        let mut body = Vec::new();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"_form\"\r\n\r\nimport\r\n"
            )
            .as_bytes(),
        );
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = Request::post(format!("/p/{partner}/deals/upload"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ACCEPT, "text/html")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Adds a deal straight to the store, for tests that need one to exist.
    pub async fn add_deal(
        &self,
        partner: PartnerId,
        record_id: &str,
    ) -> partner_map::model::DealId {
        use partner_map::model::deal::{DealFields, DealKind, DealStage};
        let deal = DealFields {
            external_id: Some(record_id.to_string()),
            name: format!("Deal {record_id}"),
            kind: DealKind::Sourced,
            stage: DealStage::Open,
            create_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            close_date: None,
            mrr: 10_000,
            owner: String::new(),
            company: String::new(),
            notes: String::new(),
            pipeline_stage: None,
            probability: None,
        };
        let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
        partner_map::server::store::deals::create(&self.db, &scope, &deal, None, chrono::Utc::now())
            .await
            .unwrap()
    }

    /// Posts the goal wizard's form as the browser does without JavaScript.
    pub async fn goals_post(
        &self,
        partner: PartnerId,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Reply {
        let body = serde_urlencoded::to_string(form).unwrap();
        let from = format!("/p/{partner}/goals/edit");
        self.send(plain_post(&from, &body, &from, cookie)).await
    }

    /// Whether a partner has a plan for `year`.
    pub async fn has_plan(&self, partner: PartnerId, year: i32) -> bool {
        let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
        partner_map::server::store::goals::load(&self.db, &scope, year)
            .await
            .unwrap()
            .is_some()
    }

    /// Adds an open task straight to the store, due in a week.
    pub async fn add_task(&self, partner: PartnerId, title: &str) -> TaskId {
        self.store_task(partner, &open_task(title)).await
    }

    /// Adds a task straight to the store.
    pub async fn store_task(&self, partner: PartnerId, task: &TaskFields) -> TaskId {
        let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
        let mut tx = self.db.begin().await.unwrap();
        let id = tasks::create(&mut tx, &scope, task, None, chrono::Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// The titles of a partner's tasks, by due time.
    pub async fn task_titles(&self, partner: PartnerId) -> Vec<String> {
        let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
        let query = partner_map::server::store::tasks::ListQuery::default();
        partner_map::server::store::tasks::list(&self.db, &scope, &query)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    }

    /// How many deals a partner has.
    pub async fn deal_count(&self, partner: PartnerId) -> i64 {
        let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
        partner_map::server::store::deals::count(&self.db, &scope)
            .await
            .unwrap()
    }
}

/// An open task due in a week, with no reminder.
pub fn open_task(title: &str) -> TaskFields {
    TaskFields {
        title: title.to_string(),
        kind: TaskType::Todo,
        priority: Priority::None,
        assignee: None,
        due_at: chrono::Utc::now() + chrono::Duration::days(7),
        reminder: ReminderPreset::None,
        remind_at: None,
        notes: String::new(),
        completed: false,
    }
}
