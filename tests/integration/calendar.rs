//! The private calendar feed, as a user makes it on the settings page and a
//! calendar application fetches it: it lists exactly the tasks its owner may
//! see, parses with a real iCalendar parser (Python's `icalendar`, installed
//! by `scripts/install-tools.sh --test`), and a replaced, revoked or unknown
//! URL answers 404.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use partner_map::model::PartnerId;
use partner_map::server::db::with_db;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

const ORIGIN: &str = "http://127.0.0.1:3000";

/// A task as the tasks store would write it.
struct NewTask<'a> {
    partner: PartnerId,
    title: &'a str,
    notes: &'a str,
    due_at: DateTime<Utc>,
    remind_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

async fn add_task(app: &TestApp, task: NewTask<'_>) -> i64 {
    let now = Utc::now();
    let reminder = if task.remind_at.is_some() {
        "custom"
    } else {
        "none"
    };
    with_db!(&app.db, |e| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO tasks (partner_id, title, kind, priority, due_at, reminder, remind_at, notes, \
                            completed_at, created_at, updated_at, version) \
         VALUES ($1, $2, 'todo', 'none', $3, $4, $5, $6, $7, $8, $8, 1) RETURNING id"
    )
    .bind(task.partner)
    .bind(task.title)
    .bind(task.due_at)
    .bind(reminder)
    .bind(task.remind_at)
    .bind(task.notes)
    .bind(task.completed_at)
    .bind(now)
    .fetch_one(e)
    .await
    })
    .unwrap()
}

/// Makes (or replaces) the user's feed with the settings form, as a browser
/// without JavaScript does; the settings page it lands on, and the URL it shows.
async fn make_feed(app: &TestApp, cookie: &str) -> (Reply, String) {
    let reply = app
        .send(plain_post(
            "/api/calendar_feed_create",
            "_form=calendar_feed",
            "/settings",
            Some(cookie),
        ))
        .await;
    assert_eq!(reply.header("location"), Some("/settings"));
    let (page, _) = app.land(&reply, Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = format!(r#"value="{ORIGIN}/calendar/"#);
    let at = page
        .body
        .find(&start)
        .unwrap_or_else(|| panic!("no calendar URL on the page: {}", page.body));
    let url = page.body[at + r#"value=""#.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(url.ends_with(".ics"), "{url}");
    (page, url)
}

async fn revoke_feed(app: &TestApp, cookie: &str) -> Reply {
    let reply = app
        .send(plain_post(
            "/api/calendar_feed_revoke",
            "_form=calendar_feed_revoke",
            "/settings",
            Some(cookie),
        ))
        .await;
    app.land(&reply, Some(cookie)).await.0
}

/// A calendar application's fetch: no session, no cookies.
async fn fetch(app: &TestApp, url: &str) -> Reply {
    app.get(url.strip_prefix(ORIGIN).unwrap(), None).await
}

/// Reads a feed with Python's `icalendar` and reports what it found, as JSON.
const PARSE: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
print(json.dumps({
    "name": str(cal["X-WR-CALNAME"]),
    "version": str(cal["VERSION"]),
    "errors": [f"{c.name}: {e}" for c in cal.walk() for e in c.errors],
    "events": [{
        "uid": str(e["UID"]),
        "summary": str(e["SUMMARY"]),
        "description": str(e.get("DESCRIPTION", "")),
        "start": e.decoded("DTSTART").isoformat(),
        "alarms": [a.decoded("TRIGGER").isoformat() for a in e.walk("VALARM")],
    } for e in cal.walk("VEVENT")],
}))
"#;

fn parse_with_icalendar(feed: &str) -> serde_json::Value {
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-test/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/install-tools.sh --test",
        python.display()
    );
    let mut child = Command::new(&python)
        .args(["-c", PARSE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the icalendar parser");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(feed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar could not read the feed: {}\n{feed}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["errors"], serde_json::json!([]), "{feed}");
    parsed
}

fn uids(parsed: &serde_json::Value) -> BTreeSet<String> {
    parsed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect()
}

fn uid(id: i64) -> String {
    format!("task-{id}@partner-map")
}

fn instant(text: &serde_json::Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_feed_lists_the_tasks_its_owner_may_see_and_parses() {
    let app = spawn_app().await;
    let now = Utc::now().trunc_subsecs(0);
    let due = now + Duration::days(3);
    let notes = "Agenda; goals, targets \\ pacing\nSecond line\r\nThird line";
    let review = add_task(
        &app,
        NewTask {
            partner: app.acme,
            title: "Schedule the quarterly review, with the PDM",
            notes,
            due_at: due,
            remind_at: Some(due - Duration::hours(1)),
            completed_at: None,
        },
    )
    .await;
    let long_title = "與 PDM 安排季度檢討並規劃共同行銷活動".repeat(4);
    let long_notes = "決定目標對象、方案與預算，並向 PDM 詢問市場開發基金。".repeat(5);
    let campaign = add_task(
        &app,
        NewTask {
            partner: app.acme,
            title: &long_title,
            notes: &long_notes,
            due_at: now - Duration::days(2),
            remind_at: None,
            completed_at: None,
        },
    )
    .await;
    let lately_done = add_task(
        &app,
        NewTask {
            partner: app.acme,
            title: "Register new sourced deals",
            notes: "",
            due_at: now - Duration::days(3),
            remind_at: Some(now - Duration::days(4)),
            completed_at: Some(now - Duration::days(2)),
        },
    )
    .await;
    // Completed more than 30 days ago: no longer in any feed.
    add_task(
        &app,
        NewTask {
            partner: app.acme,
            title: "Complete a certification",
            notes: "",
            due_at: now - Duration::days(50),
            remind_at: None,
            completed_at: Some(now - Duration::days(40)),
        },
    )
    .await;
    let formosa_task = add_task(
        &app,
        NewTask {
            partner: app.formosa,
            title: "Plan a co-marketing campaign",
            notes: "",
            due_at: due,
            remind_at: None,
            completed_at: None,
        },
    )
    .await;
    let acme_tasks: BTreeSet<String> = [review, campaign, lately_done].map(uid).into();

    // Everyone sees what they may open: a member their partner's tasks, the
    // PDM those of the partner assigned to them, the admin every partner's.
    for (email, expected) in [
        ("member@acme.test", acme_tasks.clone()),
        ("member@formosa.test", [uid(formosa_task)].into()),
        ("pdm@vendor.test", acme_tasks.clone()),
        (
            "admin@vendor.test",
            acme_tasks
                .iter()
                .cloned()
                .chain([uid(formosa_task)])
                .collect(),
        ),
    ] {
        let cookie = app.login(email).await;
        let (_, url) = make_feed(&app, &cookie).await;
        let feed = fetch(&app, &url).await;
        assert_eq!(feed.status, StatusCode::OK, "{email}: {}", feed.body);
        assert_eq!(
            feed.header("content-type"),
            Some("text/calendar; charset=utf-8")
        );
        let parsed = parse_with_icalendar(&feed.body);
        assert_eq!(uids(&parsed), expected, "{email}");
    }

    let cookie = app.login("member@acme.test").await;
    let (_, url) = make_feed(&app, &cookie).await;
    let feed = fetch(&app, &url).await;
    // The wire format: CRLF line ends, no line over 75 octets, UTC times.
    assert!(feed.body.ends_with("END:VCALENDAR\r\n"));
    assert!(!feed.body.replace("\r\n", "").contains(['\r', '\n']));
    for line in feed.body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(feed
        .body
        .contains(&format!("DTSTART:{}\r\n", due.format("%Y%m%dT%H%M%SZ"))));
    let parsed = parse_with_icalendar(&feed.body);
    assert_eq!(parsed["version"], "2.0");
    assert_eq!(parsed["name"], "partner-map tasks");
    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    let event = |id| events.iter().find(|e| e["uid"] == uid(id)).unwrap();
    // Text comes back as it was written: escaping and folding undone.
    assert_eq!(
        event(review)["summary"],
        "Schedule the quarterly review, with the PDM"
    );
    assert_eq!(
        event(review)["description"],
        "Agenda; goals, targets \\ pacing\nSecond line\nThird line"
    );
    assert_eq!(instant(&event(review)["start"]), due);
    assert_eq!(event(campaign)["summary"], long_title.as_str());
    assert_eq!(event(campaign)["description"], long_notes.as_str());
    // The one reminder of an open task is an alarm at its instant; a
    // completed task is marked and reminds no more.
    let alarms: Vec<&serde_json::Value> = events
        .iter()
        .flat_map(|e| e["alarms"].as_array().unwrap())
        .collect();
    assert_eq!(alarms.len(), 1);
    assert_eq!(instant(alarms[0]), due - Duration::hours(1));
    assert_eq!(
        event(lately_done)["summary"],
        "✓ Register new sourced deals"
    );
}

#[tokio::test]
async fn a_replaced_revoked_or_unknown_url_is_not_found() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let settings = app.get("/settings", Some(&cookie)).await;
    assert!(settings.body.contains("No calendar URL is active."));

    let (page, first) = make_feed(&app, &cookie).await;
    assert!(page.body.contains("Your calendar URL is ready."));
    assert!(page.body.contains("it is shown only this once"));
    assert_eq!(fetch(&app, &first).await.status, StatusCode::OK);
    // Shown once: the next view of the page says only that a URL is active.
    let again = app.get("/settings", Some(&cookie)).await;
    assert!(!again.body.contains("/calendar/"), "{}", again.body);
    assert!(again.body.contains("A calendar URL is active since"));
    // Only the secret's hash is stored.
    let token = first.rsplit('/').next().unwrap().trim_end_matches(".ics");
    let stored: Vec<String> = with_db!(&app.db, |e| sqlx::query_scalar(
        "SELECT token_hash FROM calendar_feeds"
    )
    .fetch_all(e)
    .await)
    .unwrap();
    assert_eq!(stored, vec![partner_map::server::auth::token_hash(token)]);

    let (_, second) = make_feed(&app, &cookie).await;
    assert_ne!(first, second);
    assert_eq!(fetch(&app, &first).await.status, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &second).await.status, StatusCode::OK);

    let page = revoke_feed(&app, &cookie).await;
    assert!(page.body.contains("Sharing stopped"), "{}", page.body);
    assert!(page.body.contains("No calendar URL is active."));
    assert_eq!(fetch(&app, &second).await.status, StatusCode::NOT_FOUND);

    let unknown = format!("{ORIGIN}/calendar/{}.ics", "0".repeat(64));
    assert_eq!(fetch(&app, &unknown).await.status, StatusCode::NOT_FOUND);
    // A session opens no feed: only its secret does.
    let with_session = app
        .get(unknown.strip_prefix(ORIGIN).unwrap(), Some(&cookie))
        .await;
    assert_eq!(with_session.status, StatusCode::NOT_FOUND);
}

/// Everything the app logs while it lives, at every level.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn a_feed_is_never_stored_nor_its_secret_logged() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::NEW)
        .with_ansi(false)
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let (_, url) = make_feed(&app, &cookie).await;
    // Other tests' threads, with no subscriber, may have cached "not
    // interested" for the request span: ask every callsite again.
    tracing::callsite::rebuild_interest_cache();
    let feed = fetch(&app, &url).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(feed.header("cache-control"), Some("no-store"));
    let token = url.rsplit('/').next().unwrap().trim_end_matches(".ics");
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("path=/calendar/{file}"),
        "the request was logged: {logged}"
    );
    assert!(!logged.contains(token), "the secret is in the log");
}

#[tokio::test]
async fn a_feed_ends_with_its_owners_access() {
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let email = "member@acme.test";
    let member = app.user_id(email).await;
    let as_admin = |path: &'static str, args: Vec<(&'static str, String)>| {
        let (app, admin) = (&app, &admin);
        async move {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = app.call(path, &args, Some(admin)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
            reply
        }
    };
    let id = || vec![("user_id", member.to_string())];

    // Deactivation: the feed answers 404 at once, and stays ended when the
    // account comes back (the owner makes a new one if they want it).
    let (_, url) = make_feed(&app, &app.login(email).await).await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::OK);
    as_admin("/api/admin_user_deactivate", id()).await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::NOT_FOUND);
    as_admin("/api/admin_user_reactivate", id()).await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::NOT_FOUND);

    // A reset by an admin ends it in the same transaction as the sessions.
    let (_, url) = make_feed(&app, &app.login(email).await).await;
    let reset = as_admin("/api/admin_user_reset_password", id()).await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::NOT_FOUND);

    // Until they choose their own password, they cannot make a feed.
    let one_time: String = serde_json::from_str(&reset.body).unwrap();
    let login = app.login_with(email, &one_time).await;
    let cookie = cookie_pair(&login.session_cookie().unwrap());
    let refused = app
        .call("/api/calendar_feed_create", &[], Some(&cookie))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let feeds: i64 = with_db!(&app.db, |e| sqlx::query_scalar(
        "SELECT COUNT(*) FROM calendar_feeds"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    assert_eq!(feeds, 0);

    // Their own password change ends it too, and keeps them signed in.
    let change = |current: String, new: &'static str| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let reply = app
                .call(
                    "/api/password",
                    &[
                        ("current_password", &current),
                        ("new_password", new),
                        ("confirm_password", new),
                    ],
                    Some(cookie),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
    };
    change(one_time, "my very own passphrase").await;
    let (_, url) = make_feed(&app, &cookie).await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::OK);
    change("my very own passphrase".into(), "another own passphrase").await;
    assert_eq!(fetch(&app, &url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/settings", Some(&cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_feed_and_its_section_speak_the_owners_language() {
    let app = spawn_app().await;
    let cookie = app.login("member@formosa.test").await;
    let (page, url) = make_feed(&app, &cookie).await;
    assert!(page.body.contains("您的行事曆網址"), "{}", page.body);
    let again = app.get("/settings", Some(&cookie)).await;
    assert!(again.body.contains("行事曆網址自"), "{}", again.body);
    let feed = fetch(&app, &url).await;
    assert_eq!(parse_with_icalendar(&feed.body)["name"], "partner-map 任務");
    // The feed is read, never written, by its URL.
    let path = url.strip_prefix(ORIGIN).unwrap();
    let post = app
        .send(plain_post(path, "", "/settings", Some(&cookie)))
        .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
}
