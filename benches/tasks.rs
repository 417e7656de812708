//! `make bench` (tasks): saving tasks under 32 concurrent writers, and how
//! long a save takes to reach another person's open page as an event, on a
//! fresh SQLite file or, when PARTNER_MAP_TEST_POSTGRES names a server
//! (scripts/with-postgres.sh), a fresh PostgreSQL database.
//!
//! - 32 writers each edit their own task over its current version, 50 times
//!   (no conflict is expected); then 32 writers create 50 tasks each in the
//!   same partner. Every save goes through the app's Router as the panel posts
//!   it, with an assignee, a due preset and a reminder. Any answer but 200 is
//!   an error; a SQLITE_BUSY would be a 500, and is also counted from the
//!   server's own error log (every warning and error it logs is read).
//! - Event delay: a second person's page holds the events stream open over a
//!   real TCP connection (axum::serve on 127.0.0.1, a plain HTTP/1.1 client),
//!   so the figure includes what a browser's stream goes through: hyper's
//!   chunked writes, the response layers (compression among them) and the
//!   socket. From just before a save is sent until its `event: task` frame
//!   (same task, same version) arrives; on PostgreSQL that is the
//!   NOTIFY / LISTEN round trip.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use partner_map::model::{Locale, PartnerId, Role, UserId};
use partner_map::server::admin::{self, UserInput};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

mod support;

use support::{from_client, login, percentile, PASSWORD};

/// The server's own log, counted: every error it logs, and every warning or
/// error that names a locked database (SQLITE_BUSY, code 5, or a locked table).
mod server_log {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tracing::field::{Field, Visit};
    use tracing::{Event, Level, Subscriber};
    use tracing_subscriber::filter::LevelFilter;
    use tracing_subscriber::layer::{Context, SubscriberExt};
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;

    static ERRORS: AtomicUsize = AtomicUsize::new(0);
    static BUSY: AtomicUsize = AtomicUsize::new(0);

    pub fn errors() -> usize {
        ERRORS.load(Ordering::Relaxed)
    }

    pub fn busy() -> usize {
        BUSY.load(Ordering::Relaxed)
    }

    struct Counter;

    struct Locked(bool);

    impl Visit for Locked {
        fn record_debug(&mut self, _: &Field, value: &dyn std::fmt::Debug) {
            let text = format!("{value:?}");
            self.0 |= text.contains("database is locked")
                || text.contains("database table is locked")
                || text.contains("SQLITE_BUSY");
        }
    }

    impl<S: Subscriber> Layer<S> for Counter {
        fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
            if *event.metadata().level() == Level::ERROR {
                ERRORS.fetch_add(1, Ordering::Relaxed);
            }
            let mut locked = Locked(false);
            event.record(&mut locked);
            if locked.0 {
                BUSY.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Counts from now on what the server logs at WARN and above.
    pub fn count() {
        tracing_subscriber::registry()
            .with(Counter.with_filter(LevelFilter::WARN))
            .init();
    }
}

const WRITERS: usize = 32;
const SAVES_EACH: usize = 50;
const EVENT_SAMPLES: usize = 100;
const SAVE_TARGET_MS: f64 = 30.0;
const EVENT_TARGET_MS: f64 = 1_000.0;

/// Who saves: a member of the partner and its PDM, each a possible assignee.
#[derive(Clone)]
struct Person {
    id: UserId,
    cookie: String,
}

/// The panel's fields as it posts them; `task` is `(id, version)` for an edit.
fn task_form(title: &str, assignee: UserId, task: Option<(i64, i64)>) -> String {
    let assignee = assignee.to_string();
    let mut form = vec![
        ("_form", "task".to_string()),
        ("title", title.to_string()),
        ("kind", "call".into()),
        ("priority", "high".into()),
        ("assignee", assignee),
        ("due_preset", "in_1_week".into()),
        ("due_date", String::new()),
        ("due_time", "09:30".into()),
        ("reminder", "before_1h".into()),
        ("remind_date", String::new()),
        ("remind_time", String::new()),
        ("notes", "Ask about\nthe Q1 promotion.".into()),
    ];
    if let Some((id, version)) = task {
        form.push(("task_id", id.to_string()));
        form.push(("version", version.to_string()));
    }
    serde_urlencoded::to_string(form).unwrap()
}

/// One save as the panel island sends it; the status and, on success, the
/// task's id and new version.
async fn save(
    router: &axum::Router,
    partner: PartnerId,
    cookie: &str,
    form: String,
) -> (StatusCode, Option<(i64, i64)>) {
    let req = Request::post(format!("/p/{partner}/tasks/save"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(form))
        .unwrap();
    let res = router.clone().oneshot(from_client(req)).await.unwrap();
    let status = res.status();
    let body = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let saved = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .filter(|_| status == StatusCode::OK)
        .and_then(|v| Some((v["id"].as_i64()?, v["version"].as_i64()?)));
    (status, saved)
}

/// Latencies and refusals of one concurrent run.
#[derive(Default)]
struct Run {
    latencies: Vec<Duration>,
    refused: Vec<StatusCode>,
    took: Duration,
}

/// `WRITERS` tasks at once, writer `w` saving `SAVES_EACH` times as `people[w % 2]`:
/// `edit` says whether each writer edits a task of its own or creates new ones.
async fn writers(
    router: &axum::Router,
    partner: PartnerId,
    people: &[Person; 2],
    edit: bool,
) -> Run {
    let mut owns = Vec::new();
    for w in 0..WRITERS {
        let own = if edit {
            let person = &people[w % 2];
            let form = task_form(&format!("Writer {w}"), person.id, None);
            let own = save(router, partner, &person.cookie, form).await.1;
            assert!(own.is_some(), "writer {w} could not create its task");
            own
        } else {
            None
        };
        owns.push(own);
    }
    let started = Instant::now();
    let runs = owns.into_iter().enumerate().map(|(w, mut own)| {
        let (router, person, other) = (
            router.clone(),
            people[w % 2].clone(),
            people[(w + 1) % 2].id,
        );
        tokio::spawn(async move {
            let mut run = Run::default();
            for i in 0..SAVES_EACH {
                // Alternate the assignee so each save changes the task.
                let assignee = if i % 2 == 0 { other } else { person.id };
                let form = task_form(&format!("Writer {w}, save {i}"), assignee, own);
                let started = Instant::now();
                let (status, saved) = save(&router, partner, &person.cookie, form).await;
                run.latencies.push(started.elapsed());
                match saved {
                    Some(saved) if edit => own = Some(saved),
                    Some(_) => {}
                    None => run.refused.push(status),
                }
            }
            run
        })
    });
    let mut all = Run::default();
    for run in futures_util::future::join_all(runs).await {
        let run = run.unwrap();
        all.latencies.extend(run.latencies);
        all.refused.extend(run.refused);
    }
    all.took = started.elapsed();
    all
}

fn report_saves(name: &str, mut run: Run, busy: usize) {
    run.latencies.sort();
    let (p50, p99) = (
        percentile(&run.latencies, 0.5),
        percentile(&run.latencies, 0.99),
    );
    let (count, errors) = (run.latencies.len(), run.refused.len());
    let rate = count as f64 / run.took.as_secs_f64();
    let verdict = if p99 <= SAVE_TARGET_MS && errors == 0 && busy == 0 {
        "ok"
    } else {
        "OVER"
    };
    println!(
        "{name:<40} {p50:>7.1} {p99:>7.1} {SAVE_TARGET_MS:>7.0} {count:>6} {rate:>7.0} {errors:>6} {busy:>5} {verdict:>5}"
    );
    if errors > 0 {
        let mut statuses: Vec<u16> = run.refused.iter().map(|s| s.as_u16()).collect();
        statuses.sort();
        statuses.dedup();
        println!("  (refused with {statuses:?})");
    }
}

/// An events stream read over TCP, as a browser's `EventSource` holds it.
struct Stream {
    socket: TcpStream,
    seen: Vec<u8>,
}

impl Stream {
    async fn open(addr: SocketAddr, partner: PartnerId, cookie: &str) -> Stream {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        socket.set_nodelay(true).unwrap();
        let request = format!(
            "GET /p/{partner}/tasks/events HTTP/1.1\r\nHost: {addr}\r\n\
             Accept: text/event-stream\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n\
             Cache-Control: no-cache\r\nCookie: {cookie}\r\n\r\n"
        );
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut stream = Stream {
            socket,
            seen: Vec::new(),
        };
        let head = stream.until(b"event: ready").await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        stream
    }

    /// Reads until `wanted` has arrived (at most 5 s); what arrived, and when.
    async fn until(&mut self, wanted: &[u8]) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let mut buf = [0u8; 4096];
        while !self.seen.windows(wanted.len()).any(|w| w == wanted) {
            match tokio::time::timeout_at(deadline, self.socket.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => self.seen.extend_from_slice(&buf[..n]),
                _ => panic!(
                    "{} never arrived; the stream sent: {}",
                    String::from_utf8_lossy(wanted),
                    String::from_utf8_lossy(&self.seen)
                ),
            }
        }
        String::from_utf8_lossy(&std::mem::take(&mut self.seen)).into_owned()
    }
}

/// From just before each save until its event reaches `watcher`'s stream.
async fn event_delays(
    router: &axum::Router,
    partner: PartnerId,
    saver: &Person,
    watcher: &Person,
) -> Vec<Duration> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = Stream::open(addr, partner, &watcher.cookie).await;
    let form = task_form("Watched", saver.id, None);
    let (_, created) = save(router, partner, &saver.cookie, form).await;
    let mut task = created.expect("the watched task");
    let mut delays = Vec::new();
    for i in 0..EVENT_SAMPLES {
        let form = task_form(&format!("Watched, change {i}"), saver.id, Some(task));
        let expected = format!(
            r#""task":{},"change":"updated","version":{}"#,
            task.0,
            task.1 + 1
        );
        let started = Instant::now();
        let (arrived, (status, saved)) = tokio::join!(
            async {
                stream.until(expected.as_bytes()).await;
                started.elapsed()
            },
            save(router, partner, &saver.cookie, form)
        );
        assert_eq!(status, StatusCode::OK);
        task = saved.unwrap();
        delays.push(arrived);
    }
    server.abort();
    delays
}

async fn run() {
    let (state, router, _scratch) = support::app("tasks").await;
    let db = state.db.clone();
    let partner = admin::add_partner(&db, "Bench", "USD", "UTC")
        .await
        .unwrap();
    let mut people = Vec::new();
    for (email, role) in [
        ("member@bench.test", Role::Member),
        ("pdm@bench.test", Role::Pdm),
    ] {
        let input = UserInput {
            email,
            name: email,
            role,
            partner_id: (role == Role::Member).then_some(partner),
            password: PASSWORD,
            locale: Locale::En,
            time_zone: "UTC",
        };
        let id = admin::add_user(&db, input).await.unwrap();
        if role == Role::Pdm {
            admin::assign_pdm(&db, email, partner).await.unwrap();
        }
        people.push(Person {
            id,
            cookie: login(&router, email).await,
        });
    }
    let people: [Person; 2] = people.try_into().ok().unwrap();

    println!(
        "tasks on {} ({}), {WRITERS} writers x {SAVES_EACH} saves, through the Router:",
        db.backend_name(),
        support::described(db.backend_name())
    );
    println!(
        "{:<40} {:>7} {:>7} {:>7} {:>6} {:>7} {:>6} {:>5}",
        "figure", "p50 ms", "p99 ms", "target", "saves", "per s", "errors", "busy"
    );
    for (name, edit) in [
        ("save own task over its version", true),
        ("create a task (one partner)", false),
    ] {
        let busy_before = server_log::busy();
        let run = writers(&router, partner, &people, edit).await;
        report_saves(name, run, server_log::busy() - busy_before);
    }
    println!(
        "  (errors: answers other than 200, a SQLITE_BUSY among them as a 500; \
         busy: a locked database in the server's log; {} errors logged)",
        server_log::errors()
    );

    let mut delays = event_delays(&router, partner, &people[0], &people[1]).await;
    delays.sort();
    let (p50, p99) = (percentile(&delays, 0.5), percentile(&delays, 0.99));
    let verdict = if p99 < EVENT_TARGET_MS { "ok" } else { "OVER" };
    println!(
        "{:<40} {p50:>7.1} {p99:>7.1} {EVENT_TARGET_MS:>7.0} {:>6} {:>7} {:>6} {:>5} {verdict:>5}",
        "save to event at another page (TCP)",
        delays.len(),
        "",
        "",
        "",
    );
    state.events.close();
    db.close().await;
}

fn main() {
    server_log::count();
    support::block_on(run());
}
