//! kill -9: the real server on a real database, killed with SIGKILL at
//! random moments while people save tasks, deals and goal plans, and started
//! again each time. Every write that got a success answer is there at the
//! end, and SQLite's `integrity_check` says ok. 30 cycles on SQLite, 10 on
//! PostgreSQL.

use crate::support::{self, PASSWORD};
use partner_map::model::{Locale, PartnerId, Role};
use partner_map::server::admin::{self, UserInput};
use partner_map::server::app;
use partner_map::server::config::Config;
use partner_map::server::db::with_db;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EMAIL: &str = "crash@acme.test";

/// What got a success answer.
#[derive(Default)]
struct Acked {
    tasks: Vec<String>,
    deals: Vec<String>,
    plans: Vec<i32>,
}

/// One HTTP/1.1 exchange on its own connection: the status, and whether the
/// whole answer arrived; `None` when the server was gone.
fn exchange(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    accept: &str,
    body: &str,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nReferer: http://{addr}{path}\r\n\
         Sec-Fetch-Site: same-origin\r\nCookie: {cookie}\r\nAccept: {accept}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, rest) = answer.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    // Complete only if the body is as long as announced (every answer here has a length).
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_string())
        })?
        .parse()
        .ok()?;
    (rest.len() == length).then(|| (status, head.to_string()))
}

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

fn start(db: &str, addr: SocketAddr) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_partner-map"))
        .arg("serve")
        .env("DATABASE_URL", db)
        .env("LEPTOS_SITE_ADDR", addr.to_string())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut s) = TcpStream::connect(addr) {
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut out = String::new();
            if s.read_to_string(&mut out).is_ok() && out.starts_with("HTTP/1.1 200") {
                return child;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not start on {addr}");
}

fn login(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    let body = form(&[("email", EMAIL), ("password", PASSWORD)]);
    write!(
        s,
        "POST /api/login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nSec-Fetch-Site: same-origin\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let line = out
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: pm_session=")
        })
        .unwrap_or_else(|| panic!("no session: {out}"));
    line["set-cookie: ".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// One writer's work until `stop`: a task, a deal or a goal plan per request.
#[allow(clippy::too_many_arguments)]
fn write_until(
    kind: usize,
    worker: usize,
    addr: SocketAddr,
    partner: PartnerId,
    cookie: &str,
    stop: &AtomicBool,
    year: &AtomicI32,
    acked: &Mutex<Acked>,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let tag = format!("{worker}-{n}-{}", std::process::id());
        match kind {
            0 => {
                let title = format!("crash task {tag}");
                let body = form(&[
                    ("title", &title),
                    ("kind", "todo"),
                    ("priority", "none"),
                    ("assignee", ""),
                    ("due_preset", "custom"),
                    ("due_date", "2026-12-15"),
                    ("due_time", "09:30"),
                    ("reminder", "none"),
                    ("remind_date", ""),
                    ("remind_time", ""),
                    ("notes", ""),
                ]);
                let path = format!("/p/{partner}/tasks/save");
                if let Some((200, _)) = exchange(addr, &path, cookie, "application/json", &body) {
                    acked.lock().unwrap().tasks.push(title);
                }
            }
            1 => {
                let name = format!("crash deal {tag}");
                let body = form(&[
                    ("partner_id", &partner.to_string()),
                    ("external_id", &tag),
                    ("name", &name),
                    ("kind", "sourced"),
                    ("stage", "open"),
                    ("create_date", "2026-01-10"),
                    ("close_date", ""),
                    ("mrr", "10"),
                    ("owner", ""),
                    ("company", ""),
                    ("notes", ""),
                ]);
                if let Some((200, _)) =
                    exchange(addr, "/api/deal_create", cookie, "application/json", &body)
                {
                    acked.lock().unwrap().deals.push(name);
                }
            }
            _ => {
                let y = year.fetch_add(1, Ordering::Relaxed);
                if y > 2100 {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                let y_text = y.to_string();
                let goal = format!("crash plan {y}");
                let body = form(&[
                    ("_form", "goals"),
                    ("year", &y_text),
                    ("version", ""),
                    ("step", "2"),
                    ("action", "save"),
                    ("growth", ""),
                    ("reason", ""),
                    ("goal_revenue", &goal),
                    ("sourced_deals_created_1", "3"),
                ]);
                let path = format!("/p/{partner}/goals/edit");
                if let Some((303, head)) = exchange(addr, &path, cookie, "text/html", &body) {
                    if head.contains(&format!("/p/{partner}/goals?year={y}")) {
                        acked.lock().unwrap().plans.push(y);
                    }
                }
            }
        }
    }
}

#[test]
fn every_acknowledged_write_survives_kill_9() {
    let cycles = if support::backend() == "postgres" {
        10
    } else {
        30
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (url, _dir) = runtime.block_on(support::fresh_database());
    let partner = runtime.block_on(async {
        let state = app::connect(Config::for_database(&url)).await.unwrap();
        let partner = admin::add_partner(&state.db, "Acme", "USD", "UTC")
            .await
            .unwrap();
        let input = UserInput {
            email: EMAIL,
            name: "Crash Tester",
            role: Role::Member,
            partner_id: Some(partner),
            password: PASSWORD,
            locale: Locale::En,
            time_zone: "UTC",
        };
        admin::add_user(&state.db, input).await.unwrap();
        state.db.close().await;
        partner
    });
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let acked = Arc::new(Mutex::new(Acked::default()));
    let year = Arc::new(AtomicI32::new(2000));
    // A fixed seed: the same moments every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cookie = String::new();
    for cycle in 0..cycles {
        let mut server = start(&url, addr);
        if cycle == 0 {
            cookie = login(addr);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..5)
            .map(|w| {
                let (stop, acked, year, cookie) =
                    (stop.clone(), acked.clone(), year.clone(), cookie.clone());
                std::thread::spawn(move || {
                    write_until(
                        w % 3,
                        cycle * 10 + w,
                        addr,
                        partner,
                        &cookie,
                        &stop,
                        &year,
                        &acked,
                    )
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150 + next() % 600));
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.join().unwrap();
        }
    }
    let acked = acked.lock().unwrap();
    runtime.block_on(async {
        let state = app::connect(Config::for_database(&url)).await.unwrap();
        let db = &state.db;
        let count = |sql: &'static str, value: String| async move {
            with_db!(db, |e| sqlx::query_scalar::<_, i64>(sql)
                .bind(value)
                .fetch_one(e)
                .await)
            .unwrap()
        };
        for title in &acked.tasks {
            assert_eq!(
                count("SELECT COUNT(*) FROM tasks WHERE title = $1", title.clone()).await,
                1,
                "{title}"
            );
        }
        for name in &acked.deals {
            assert_eq!(
                count("SELECT COUNT(*) FROM deals WHERE name = $1", name.clone()).await,
                1,
                "{name}"
            );
        }
        for year in &acked.plans {
            let plans: i64 = with_db!(db, |e| sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM goal_plans WHERE year = $1 AND partner_id = $2"
            )
            .bind(*year)
            .bind(partner)
            .fetch_one(e)
            .await)
            .unwrap();
            assert_eq!(plans, 1, "plan {year}");
        }
        if support::backend() == "sqlite" {
            let check: String = with_db!(db, |e| sqlx::query_scalar::<_, String>(
                "PRAGMA integrity_check"
            )
            .fetch_one(e)
            .await)
            .unwrap();
            assert_eq!(check, "ok");
        }
        state.db.close().await;
    });
    let total = acked.tasks.len() + acked.deals.len() + acked.plans.len();
    println!(
        "kill -9 × {cycles} on {}: {total} acknowledged writes kept ({} tasks, {} deals, {} plans)",
        support::backend(),
        acked.tasks.len(),
        acked.deals.len(),
        acked.plans.len()
    );
    assert!(
        acked.tasks.len() > cycles && !acked.deals.is_empty() && !acked.plans.is_empty(),
        "too few writes to mean anything"
    );
}
