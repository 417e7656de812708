//! Email, delivered to a real SMTP server (scripts/smtp-sink.py, aiosmtpd)
//! on SQLite and on PostgreSQL: what arrives and in which language, once;
//! retries after 451 and giving up on 550; two instances sending one outbox;
//! a second copy after a crash keeping its Message-ID; one-click unsubscribe
//! without a session; nothing for people who lost access; the file
//! transport and `/admin/mail`; and the settings.

use crate::support::smtp::{Received, SmtpSink};
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, Utc};
use partner_map::model::mail::MailChoices;
use partner_map::model::{Locale, PartnerId, Role, TaskId, UserId};
use partner_map::server::admin::{self, Actor, UserInput};
use partner_map::server::db::with_db;
use partner_map::server::mail::worker::send_due;
use partner_map::server::store::mail_choices;

const SITE: &str = "https://maps.example";

/// The app sending through `sink`, its links on [`SITE`].
async fn app_with(sink: &SmtpSink) -> TestApp {
    let url = sink.url();
    spawn_app_with(move |c| {
        c.mail.smtp_url = Some(url);
        c.mail.from = "partner-map <maps@vendor.example>".into();
        c.public_url = Some(SITE.into());
    })
    .await
}

/// The panel's form for a new task given to `assignee`, titled `title`.
fn new_task(title: &str, assignee: UserId) -> String {
    serde_urlencoded::to_string([
        ("_form", "task"),
        ("title", title),
        ("kind", "call"),
        ("priority", "high"),
        ("assignee", &assignee.to_string()),
        ("due_preset", "custom"),
        ("due_date", "2030-12-15"),
        ("due_time", "09:30"),
        ("reminder", "none"),
        ("notes", "Ask about <the> Q1 promotion & more."),
    ])
    .unwrap()
}

/// Saves a new task as the panel does without JavaScript; its id.
async fn create_task(
    app: &TestApp,
    partner: PartnerId,
    cookie: &str,
    title: &str,
    assignee: UserId,
) -> TaskId {
    let reply = app
        .send(plain_post(
            &format!("/p/{partner}/tasks/save"),
            &new_task(title, assignee),
            &format!("/p/{partner}/tasks?new=open"),
            Some(cookie),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let id: i64 = with_db!(&app.db, |e| sqlx::query_scalar(
        "SELECT id FROM tasks WHERE title = $1"
    )
    .bind(title)
    .fetch_one(e)
    .await)
    .unwrap();
    TaskId(id)
}

async fn add_member(app: &TestApp, email: &str, partner: PartnerId, locale: Locale) -> UserId {
    let input = UserInput {
        email,
        name: "Amy Lin",
        role: Role::Member,
        partner_id: Some(partner),
        password: PASSWORD,
        locale,
        time_zone: "Asia/Taipei",
    };
    admin::add_user(&app.db, input).await.unwrap()
}

/// Each message's (state, attempts, last error), oldest first.
async fn outbox(app: &TestApp) -> Vec<(String, i32, Option<String>)> {
    with_db!(&app.db, |e| sqlx::query_as::<
        _,
        (String, i32, Option<String>),
    >(
        "SELECT state, attempts, last_error FROM mail_outbox ORDER BY id"
    )
    .fetch_all(e)
    .await)
    .unwrap()
}

fn to(message: &Received) -> &str {
    message.rcpt_tos.first().map(String::as_str).unwrap_or("")
}

#[tokio::test]
async fn a_task_given_by_someone_else_arrives_once_in_the_recipients_language() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    admin::assign_pdm(&app.db, "pdm@vendor.test", app.formosa)
        .await
        .unwrap();
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    let yijun = app.user_id("member@formosa.test").await;
    let title = "<b>Q1</b> plan & \"kick-off\"\r\nBcc: evil@example.com";
    let task = create_task(&app, app.acme, &pdm, title, amy).await;
    create_task(&app, app.formosa, &pdm, "拜訪經銷商", yijun).await;
    // Given to oneself: nobody needs telling.
    let me = app.user_id("pdm@vendor.test").await;
    create_task(&app, app.acme, &pdm, "Own task", me).await;

    assert_eq!(send_due(&app.state, Utc::now()).await.unwrap(), 2);
    let received = sink.wait_for(2).await;
    assert_eq!(received.len(), 2, "{received:#?}");
    let english = received
        .iter()
        .find(|m| to(m) == "member@acme.test")
        .unwrap();
    assert_eq!(
        english.subject(),
        "pdm@vendor.test assigned you a task: <b>Q1</b> plan & \"kick-off\" Bcc: evil@example.com (Acme)"
    );
    assert!(english.header("Bcc").is_none());
    assert!(english.defects.is_empty(), "{:?}", english.defects);
    let link = format!("{SITE}/p/{}/tasks?task={}", app.acme, task);
    assert!(english.text.contains(&link), "{}", english.text);
    assert!(
        english.text.contains("Due: 2030-12-15 09:30 (UTC)"),
        "{}",
        english.text
    );
    assert!(english
        .html
        .contains("&lt;b&gt;Q1&lt;/b&gt; plan &amp; &quot;kick-off&quot;"));
    assert!(!english.html.contains("<b>Q1"));
    assert!(english
        .html
        .contains("Ask about &lt;the&gt; Q1 promotion &amp; more."));
    assert!(english.html.contains("<html lang=\"en\">"));
    let unsubscribe = english.unsubscribe_url();
    assert!(
        unsubscribe.starts_with(&format!("{SITE}/unsubscribe/")),
        "{unsubscribe}"
    );
    assert_eq!(
        english.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(
        english.header("From"),
        Some("partner-map <maps@vendor.example>")
    );
    assert_eq!(english.header("Auto-Submitted"), Some("auto-generated"));
    let id = english.header("Message-ID").unwrap();
    assert!(id.ends_with("@vendor.example>"), "{id}");

    let chinese = received
        .iter()
        .find(|m| to(m) == "member@formosa.test")
        .unwrap();
    assert_eq!(
        chinese.subject(),
        "pdm@vendor.test 指派了一項任務給您：拜訪經銷商（Formosa）"
    );
    assert!(chinese.text.contains("開啟任務"), "{}", chinese.text);
    assert!(chinese.html.contains("<html lang=\"zh-TW\">"));

    // An edit that keeps the assignee sends nothing more; nor does a second run.
    assert_eq!(send_due(&app.state, Utc::now()).await.unwrap(), 0);
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn a_temporary_refusal_is_tried_again_and_a_permanent_one_given_up_with_its_reason() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let busy = add_member(&app, "tempfail-1-amy@acme.test", app.acme, Locale::En).await;
    let gone = add_member(&app, "reject-bob@acme.test", app.acme, Locale::En).await;
    let pdm = app.login("pdm@vendor.test").await;
    create_task(&app, app.acme, &pdm, "For the busy one", busy).await;
    create_task(&app, app.acme, &pdm, "For the one who left", gone).await;
    let now = Utc::now();

    assert_eq!(send_due(&app.state, now).await.unwrap(), 0);
    let states = outbox(&app).await;
    assert_eq!(states[0].0, "queued");
    assert!(
        states[0].2.as_deref().unwrap().contains("451"),
        "{states:?}"
    );
    assert_eq!(states[1].0, "failed");
    assert!(
        states[1].2.as_deref().unwrap().contains("550"),
        "{states:?}"
    );
    // Not again before its time (a minute after the first failure).
    assert_eq!(
        send_due(&app.state, now + Duration::seconds(30))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        send_due(&app.state, now + Duration::minutes(2))
            .await
            .unwrap(),
        1
    );
    let states = outbox(&app).await;
    assert_eq!((states[0].0.as_str(), states[0].1), ("sent", 2));
    assert_eq!(
        states[1].0, "failed",
        "a permanent refusal is not tried again"
    );
    let received = sink.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(to(&received[0]), "tempfail-1-amy@acme.test");

    // The admin sees both, the failure with its reason.
    let admin = app.login("admin@vendor.test").await;
    let page = app.get("/admin/mail", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("reject-bob@acme.test"));
    assert!(page.body.contains("550"), "the reason is shown");
    assert!(page.body.contains("Failed") && page.body.contains("Sent"));
    let failed = app.get("/admin/mail?state=failed", Some(&admin)).await;
    assert!(failed.body.contains("reject-bob@acme.test"));
    assert!(!failed.body.contains("tempfail-1-amy@acme.test"));
    let member = app.login("member@acme.test").await;
    let refused = app.get("/admin/mail", Some(&member)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_message_is_given_up_after_a_day_of_temporary_failures() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let busy = add_member(&app, "tempfail-99-amy@acme.test", app.acme, Locale::En).await;
    let pdm = app.login("pdm@vendor.test").await;
    create_task(&app, app.acme, &pdm, "Never lands", busy).await;
    let mut now = Utc::now();
    for _ in 0..40 {
        send_due(&app.state, now).await.unwrap();
        now += Duration::hours(1);
    }
    let states = outbox(&app).await;
    assert_eq!(states[0].0, "failed", "{states:?}");
    assert!(states[0].1 > 20 && states[0].1 < 40, "{states:?}");
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn two_instances_send_each_message_exactly_once() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    for n in 0..60 {
        create_task(&app, app.acme, &pdm, &format!("Task {n}"), amy).await;
    }
    let second = partner_map::server::app::connect((*app.state.config).clone())
        .await
        .unwrap();
    let now = Utc::now();
    let (a, b) = tokio::join!(send_due(&app.state, now), send_due(&second, now));
    assert_eq!(a.unwrap() + b.unwrap(), 60);
    let received = sink.wait_for(60).await;
    assert_eq!(received.len(), 60);
    let mut ids: Vec<&str> = received
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "every message once");
    assert!(outbox(&app).await.iter().all(|(s, ..)| s == "sent"));
}

#[tokio::test]
async fn a_message_sent_again_after_a_crash_keeps_its_message_id() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    create_task(&app, app.acme, &pdm, "Sent twice", amy).await;
    let now = Utc::now();
    send_due(&app.state, now).await.unwrap();
    // The instance died after the server accepted it, before marking it sent:
    // the row is still claimed, until its claim runs out.
    with_db!(&app.db, |e| sqlx::query(
        "UPDATE mail_outbox SET state = 'sending', next_attempt_at = $1, sent_at = NULL"
    )
    .bind(now + Duration::minutes(10))
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
    assert_eq!(
        send_due(&app.state, now + Duration::minutes(5))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        send_due(&app.state, now + Duration::minutes(11))
            .await
            .unwrap(),
        1
    );
    let received = sink.wait_for(2).await;
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].header("Message-ID"),
        received[1].header("Message-ID")
    );
}

#[tokio::test]
async fn one_click_unsubscribes_that_kind_for_that_person_without_a_session() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    create_task(&app, app.acme, &pdm, "First", amy).await;
    send_due(&app.state, Utc::now()).await.unwrap();
    let message = sink.wait_for(1).await.remove(0);
    let path = message.unsubscribe_url().replace(SITE, "");

    // Opening the link changes nothing: it asks.
    let page = app.get(&path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Stop sending Tasks assigned to me to member@acme.test?"),
        "{}",
        page.body
    );
    assert!(mail_choices::get(&app.db, amy).await.unwrap().assignments);

    // The mail provider's POST, from its own servers, another site's.
    let one_click = Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://mail.provider.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    let reply = app.send(one_click).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let choices = mail_choices::get(&app.db, amy).await.unwrap();
    assert_eq!(
        choices,
        MailChoices {
            assignments: false,
            ..MailChoices::default()
        },
        "only that kind"
    );
    assert!(app
        .get(&path, None)
        .await
        .body
        .contains("no longer receives"));

    // No more of that kind; nothing queued for it either.
    create_task(&app, app.acme, &pdm, "Second", amy).await;
    assert_eq!(send_due(&app.state, Utc::now()).await.unwrap(), 0);
    assert_eq!(sink.received().len(), 1);
    assert_eq!(outbox(&app).await.len(), 1);

    // A made-up token unsubscribes nobody, and an odd one is not echoed back.
    let unknown = Request::post("/unsubscribe/0123abcd")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    assert_eq!(app.send(unknown).await.status, StatusCode::NOT_FOUND);
    let odd = plain_post("/unsubscribe/%0d%0aSet-Cookie:x", "", "/", None);
    let reply = app.send(odd).await;
    assert_eq!(reply.header("location"), Some("/unsubscribe/unknown"));
    assert!(app
        .get("/unsubscribe/unknown", None)
        .await
        .body
        .contains("This link is not valid"));
}

#[tokio::test]
async fn nobody_is_sent_anything_about_a_partner_they_can_no_longer_open() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    let other = add_member(&app, "other@acme.test", app.acme, Locale::En).await;
    create_task(&app, app.acme, &pdm, "For Amy", amy).await;
    create_task(&app, app.acme, &pdm, "For the other", other).await;
    // Between queueing and sending, Amy's account is deactivated and the
    // other member moves to Formosa.
    admin::set_user_active(&app.db, &Actor::CommandLine, amy, false)
        .await
        .unwrap();
    with_db!(&app.db, |e| sqlx::query(
        "UPDATE users SET partner_id = $1 WHERE id = $2"
    )
    .bind(app.formosa)
    .bind(other)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
    assert_eq!(send_due(&app.state, Utc::now()).await.unwrap(), 0);
    let states = outbox(&app).await;
    assert!(states.iter().all(|(s, ..)| s == "skipped"), "{states:?}");
    assert_eq!(states[0].2.as_deref(), Some("deactivated"));
    assert_eq!(states[1].2.as_deref(), Some("no_access"));
    // The admin reads why in their language.
    let admin = app.login("admin@vendor.test").await;
    let page = app.get("/admin/mail", Some(&admin)).await;
    assert!(page
        .body
        .contains("The recipient may no longer open this partner."));
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn a_due_reminder_is_emailed_when_the_bell_rings() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let amy = app.user_id("member@acme.test").await;
    let now = Utc::now();
    let mut task = open_task("Send the quote");
    task.assignee = Some(amy);
    task.reminder = partner_map::model::tasks::ReminderPreset::Custom;
    task.remind_at = Some(now - Duration::minutes(1));
    app.store_task(app.acme, &task).await;
    assert_eq!(
        partner_map::server::tasks::reminders::deliver_due(&app.db, now)
            .await
            .unwrap(),
        1
    );
    assert_eq!(send_due(&app.state, now).await.unwrap(), 1);
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].subject(), "Reminder: Send the quote (Acme)");
    assert_eq!(to(&received[0]), "member@acme.test");
    // Turned off, the next reminder rings the bell only.
    let choices = MailChoices {
        reminders: false,
        ..MailChoices::default()
    };
    mail_choices::set(&app.db, amy, &choices).await.unwrap();
    task.title = "Call back".into();
    app.store_task(app.acme, &task).await;
    assert_eq!(
        partner_map::server::tasks::reminders::deliver_due(&app.db, now)
            .await
            .unwrap(),
        1
    );
    assert_eq!(send_due(&app.state, now).await.unwrap(), 0);
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_quarter_that_ended_unreviewed_is_emailed_to_members_and_pdms_once() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    // Acme was made today; its quarter ends in New York some day after.
    let ended: DateTime<Utc> = (Utc::now() + Duration::days(100))
        .date_naive()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    let told = partner_map::server::reviews::due::notify(&app.db, ended)
        .await
        .unwrap();
    assert!(told >= 2, "{told}");
    assert_eq!(send_due(&app.state, ended).await.unwrap(), 3);
    let received = sink.wait_for(3).await;
    let mut to_whom: Vec<&str> = received.iter().map(to).collect();
    to_whom.sort();
    assert_eq!(
        to_whom,
        ["member@acme.test", "member@formosa.test", "pdm@vendor.test"]
    );
    let acme = received
        .iter()
        .find(|m| to(m) == "member@acme.test")
        .unwrap();
    assert!(
        acme.subject().starts_with("Acme: the quarterly review of "),
        "{}",
        acme.subject()
    );
    assert!(acme
        .text
        .contains(&format!("{SITE}/p/{}/reviews", app.acme)));
    let formosa = received
        .iter()
        .find(|m| to(m) == "member@formosa.test")
        .unwrap();
    assert!(
        formosa.subject().contains("季度檢討尚未開始"),
        "{}",
        formosa.subject()
    );
    // A second run tells nobody again.
    partner_map::server::reviews::due::notify(&app.db, ended)
        .await
        .unwrap();
    assert_eq!(send_due(&app.state, ended).await.unwrap(), 0);
}

#[tokio::test]
async fn without_smtp_messages_are_files_that_admins_see_listed() {
    let dir = std::env::temp_dir().join(format!("partner-map-mail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let folder = dir.clone();
    let app = spawn_app_with(move |c| c.mail.dir = folder).await;
    let pdm = app.login("pdm@vendor.test").await;
    let amy = app.user_id("member@acme.test").await;
    create_task(&app, app.acme, &pdm, "On file", amy).await;
    assert_eq!(send_due(&app.state, Utc::now()).await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: "), "{eml}");
    assert!(eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let admin = app.login("admin@vendor.test").await;
    let page = app.get("/admin/mail", Some(&admin)).await;
    assert!(
        page.body.contains("assigned you a task: On file"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&dir.display().to_string()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn people_choose_their_emails_on_the_settings_page() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let amy = app.user_id("member@acme.test").await;
    let page = app.get("/settings", Some(&cookie)).await;
    assert!(page.body.contains("Weekly digest"));
    // Only the ticked boxes are posted.
    let reply = app
        .send(plain_post(
            "/api/mail_choices",
            "_form=mail_choices&reminders=on&alerts=on&digest_weekday=5",
            "/settings",
            Some(&cookie),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        mail_choices::get(&app.db, amy).await.unwrap(),
        MailChoices {
            reminders: true,
            assignments: false,
            reviews: false,
            digest: false,
            alerts: true,
            digest_weekday: 5,
        }
    );
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert!(page.body.contains("Saved."));
    assert!(
        page.body.contains(r#"<option value="5" selected"#),
        "{}",
        page.body
    );
    // A day that is not one is refused in the person's language.
    let reply = app
        .call(
            "/api/mail_choices",
            &[("digest_weekday", "8"), ("digest", "on")],
            Some(&cookie),
        )
        .await;
    assert!(reply.refuses("digest_weekday", partner_map::i18n::Key::ErrWeekdayInvalid));
    assert_eq!(
        mail_choices::get(&app.db, amy)
            .await
            .unwrap()
            .digest_weekday,
        5
    );
    // Refused as a plain post, the page shows what was ticked, and only that:
    // a box left unticked is not posted, and must not come back ticked.
    let reply = app
        .send(plain_post(
            "/api/mail_choices",
            "_form=mail_choices&digest=on&digest_weekday=8",
            "/settings",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    let ticked = |field: &str| {
        let at = page
            .body
            .find(&format!(r#"id="field-mail-{field}""#))
            .unwrap();
        let start = page.body[..at].rfind('<').unwrap();
        let tag = &page.body[start..start + page.body[start..].find('>').unwrap()];
        tag.contains("checked")
    };
    assert!(ticked("digest"));
    for field in ["reminders", "assignments", "reviews", "alerts"] {
        assert!(!ticked(field), "{field} came back ticked");
    }
}

/// `partner-map mail test`, the real binary, with `SMTP_URL` set as an operator would.
fn mail_test(smtp_url: &str, to: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_partner-map"))
        .args(["mail", "test", "--to", to, "--locale", "zh-TW"])
        .env("SMTP_URL", smtp_url)
        .env("MAIL_FROM", "maps@vendor.example")
        .env("RUST_LOG", "error")
        .output()
        .unwrap()
}

#[tokio::test]
async fn mail_test_sends_one_message_at_once_and_says_what_the_server_answered() {
    let sink = SmtpSink::start();
    let out = mail_test(&sink.url(), "ops@vendor.example");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("250 "), "{stdout}");
    let received = sink.wait_for(1).await;
    assert_eq!(to(&received[0]), "ops@vendor.example");
    assert_eq!(received[0].subject(), "partner-map：測試郵件");

    let refused = mail_test(&sink.url(), "reject-ops@vendor.example");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("550"));
    // Nobody listening: an error, not a hang.
    let nobody = mail_test("smtp://127.0.0.1:9", "ops@vendor.example");
    assert!(!nobody.status.success());
    let bad = mail_test("http://127.0.0.1:25", "ops@vendor.example");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SMTP_URL"));
}

async fn set_zone(app: &TestApp, email: &str, zone: &str) {
    with_db!(&app.db, |e| sqlx::query(
        "UPDATE users SET time_zone = $1 WHERE email = $2"
    )
    .bind(zone)
    .bind(email)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
}

/// Each queued digest as (recipient, week), in order.
async fn digests(app: &TestApp) -> Vec<(String, String)> {
    with_db!(&app.db, |e| sqlx::query_as::<_, (String, String)>(
        "SELECT u.email, m.period FROM mail_outbox m JOIN users u ON u.id = m.user_id \
         WHERE m.kind = 'digest' ORDER BY m.id"
    )
    .fetch_all(e)
    .await)
    .unwrap()
}

/// A deal closed won on `day`, straight to the store.
async fn won_deal(
    app: &TestApp,
    partner: PartnerId,
    id: &str,
    day: chrono::NaiveDate,
) -> partner_map::model::DealId {
    use partner_map::model::deal::{DealFields, DealKind, DealStage};
    let deal = DealFields {
        external_id: Some(id.to_string()),
        name: format!("Deal {id}"),
        kind: DealKind::Sourced,
        stage: DealStage::ClosedWon,
        create_date: day,
        close_date: Some(day),
        mrr: 50_000,
        owner: String::new(),
        company: String::new(),
        notes: String::new(),
        pipeline_stage: None,
        probability: None,
    };
    let scope = partner_map::server::authz::PartnerScope::for_operator(partner);
    partner_map::server::store::deals::create(&app.db, &scope, &deal, None, Utc::now())
        .await
        .unwrap()
}

/// Saves Acme's plan for `year` with `per_month` sourced deals closed won each month.
async fn plan_deals_won(app: &TestApp, cookie: &str, year: i32, per_month: u32) {
    use partner_map::model::metrics::Metric;
    let mut form: Vec<(String, String)> = vec![
        ("_form".into(), "goals".into()),
        ("year".into(), year.to_string()),
        ("version".into(), String::new()),
        ("step".into(), "2".into()),
        ("action".into(), "save".into()),
        ("growth".into(), String::new()),
        ("reason".into(), String::new()),
    ];
    for metric in Metric::ALL {
        for month in 1..=12 {
            let value = if metric == Metric::SourcedDealsClosedWon {
                per_month.to_string()
            } else {
                String::new()
            };
            form.push((format!("{}_{month}", metric.as_str()), value));
        }
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let reply = app.goals_post(app.acme, &pairs, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(app.has_plan(app.acme, year).await);
}

#[tokio::test]
async fn the_weekly_digest_comes_at_eight_where_each_reader_is_and_tells_their_week() {
    use chrono::{Datelike, TimeZone};
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    set_zone(&app, "member@acme.test", "Asia/Taipei").await;
    set_zone(&app, "member@formosa.test", "Asia/Taipei").await;
    set_zone(&app, "pdm@vendor.test", "America/New_York").await;
    let taipei: chrono_tz::Tz = "Asia/Taipei".parse().unwrap();
    // Next Monday in Taipei, 08:00 there (00:00 UTC).
    let today = Utc::now().with_timezone(&taipei).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        + Duration::days(7);
    let eight = taipei
        .from_local_datetime(&monday.and_hms_opt(8, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let amy = app.user_id("member@acme.test").await;
    let member = app.login("member@acme.test").await;
    plan_deals_won(&app, &member, Utc::now().year(), 30).await;
    for n in 0..3 {
        won_deal(&app, app.acme, &format!("W{n}"), monday - Duration::days(3)).await;
    }
    let mut late = open_task("Send the <signed> contract");
    late.assignee = Some(amy);
    late.due_at = eight - Duration::days(1);
    app.store_task(app.acme, &late).await;
    let mut soon = open_task("Prepare the QBR");
    soon.assignee = Some(amy);
    soon.due_at = eight + Duration::days(2);
    app.store_task(app.acme, &soon).await;

    use partner_map::server::mail::digest::queue_due;
    // A minute before eight in Taipei: nothing for Amy or Formosa's member
    // there. New York's PDM, on Sunday evening, is owed the week now ending.
    queue_due(&app.db, eight - Duration::minutes(1))
        .await
        .unwrap();
    let last = (monday - Duration::days(7)).to_string();
    let this = monday.to_string();
    let entry = |who: &str, week: &str| (who.to_string(), week.to_string());
    assert_eq!(digests(&app).await, [entry("pdm@vendor.test", &last)]);
    // At eight in Taipei, theirs; New York's PDM waits for its own Monday 08:00.
    queue_due(&app.db, eight).await.unwrap();
    queue_due(&app.db, eight + Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(
        digests(&app).await,
        [
            entry("pdm@vendor.test", &last),
            entry("member@acme.test", &this),
            entry("member@formosa.test", &this)
        ]
    );
    queue_due(&app.db, eight + Duration::hours(13))
        .await
        .unwrap();
    assert_eq!(digests(&app).await.len(), 4);
    assert_eq!(digests(&app).await[3], entry("pdm@vendor.test", &this));
    queue_due(&app.db, eight + Duration::hours(14))
        .await
        .unwrap();
    assert_eq!(digests(&app).await.len(), 4, "once a week");

    assert_eq!(
        send_due(&app.state, eight + Duration::hours(14))
            .await
            .unwrap(),
        3
    );
    let received = sink.wait_for(3).await;
    let amys = received
        .iter()
        .find(|m| to(m) == "member@acme.test")
        .unwrap();
    assert_eq!(
        amys.subject(),
        format!("Your week in partner-map: week of {this}")
    );
    let text = &amys.text;
    assert!(text.contains("Acme"), "{text}");
    assert!(
        text.contains("Sourced deals closed won: ") && text.contains(" of 360 ("),
        "{text}"
    );
    assert!(text.contains("Last week: 3 deals won"), "{text}");
    assert!(
        text.contains("Your overdue tasks\n- Send the <signed> contract"),
        "{text}"
    );
    assert!(
        text.contains("Your tasks due this week\n- Prepare the QBR"),
        "{text}"
    );
    assert!(amys.html.contains("Send the &lt;signed&gt; contract"));
    assert!(text.contains(&format!("{SITE}/p/{}/progress", app.acme)));
    // Formosa has no plan, no changes and no tasks for its member: no mail.
    let states = outbox(&app).await;
    assert!(
        states
            .iter()
            .any(|(s, _, why)| s == "skipped" && why.as_deref() == Some("nothing_to_tell")),
        "{states:?}"
    );
    assert!(!received.iter().any(|m| to(m) == "member@formosa.test"));
}

#[tokio::test]
async fn a_goal_that_falls_behind_when_a_deal_is_deleted_is_alerted_once() {
    use chrono::Datelike;
    use partner_map::server::mail::alerts::check;
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let member = app.login("member@acme.test").await;
    let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let today = Utc::now().with_timezone(&ny).date_naive();
    plan_deals_won(&app, &member, today.year(), 30).await;
    // As many won deals as are due by today: on track.
    let elapsed = partner_map::model::progress::Elapsed::of(today.year(), today);
    let due = 30 * i64::from(elapsed.whole_months) + (30.0 * elapsed.month_share).round() as i64;
    assert!(
        due >= 7,
        "the first days of a year have too little due to fall behind"
    );
    let first = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
    let mut deals = Vec::new();
    for n in 0..due {
        deals.push(won_deal(&app, app.acme, &format!("D{n}"), first).await);
    }
    let now = Utc::now();
    assert_eq!(
        check(&app.state, now).await.unwrap(),
        0,
        "first seen: no news"
    );
    // Deleting 15 % of them leaves the year's projection between 75 and 90 %: behind.
    let gone = (due as f64 * 0.15).round() as usize;
    delete_deals(&app, &member, &deals[..gone]).await;
    assert_eq!(
        check(&app.state, now).await.unwrap(),
        2,
        "Acme's member and PDM"
    );
    assert_eq!(check(&app.state, now).await.unwrap(), 0, "once");
    assert_eq!(send_due(&app.state, now).await.unwrap(), 2);
    let received = sink.wait_for(2).await;
    let mut to_whom: Vec<&str> = received.iter().map(to).collect();
    to_whom.sort();
    assert_eq!(to_whom, ["member@acme.test", "pdm@vendor.test"]);
    assert_eq!(
        received[0].subject(),
        "Acme: Sourced deals closed won is now Behind"
    );
    assert!(received[0].text.contains("At this pace the year ends at"));
    // Falling further (behind to at risk) is not news.
    delete_deals(&app, &member, &deals[gone..gone * 2]).await;
    assert_eq!(check(&app.state, now).await.unwrap(), 0);
    // Back on track is not news either; behind again in the same month is
    // not sent twice.
    let mut back = Vec::new();
    for n in 0..gone * 2 {
        back.push(won_deal(&app, app.acme, &format!("B{n}"), first).await);
    }
    assert_eq!(check(&app.state, now).await.unwrap(), 0);
    delete_deals(&app, &member, &back[..gone]).await;
    assert_eq!(
        check(&app.state, now).await.unwrap(),
        0,
        "once per goal and month"
    );
    assert_eq!(send_due(&app.state, now).await.unwrap(), 0);
}

/// Deletes deals as the deals page does, confirmed.
async fn delete_deals(app: &TestApp, cookie: &str, deals: &[partner_map::model::DealId]) {
    for deal in deals {
        let id = deal.to_string();
        let form = [
            ("deal_id", id.as_str()),
            ("version", "1"),
            ("confirm", "yes"),
        ];
        let reply = app.call("/api/deal_delete", &form, Some(cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

#[tokio::test]
async fn mail_digest_now_queues_at_once_for_everyone_or_one_person() {
    let sink = SmtpSink::start();
    let app = app_with(&sink).await;
    let url = app.state.config.database_url.clone();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_partner-map"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    };
    let one = run(&["mail", "digest", "--now", "--user", "member@acme.test"]);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert!(String::from_utf8_lossy(&one.stdout).starts_with("queued 1 digests"));
    let all = run(&["mail", "digest", "--now"]);
    assert!(
        String::from_utf8_lossy(&all.stdout).starts_with("queued 3 digests"),
        "members and PDMs, not admins"
    );
    let refused = run(&["mail", "digest"]);
    assert!(!refused.status.success());
    let unknown = run(&["mail", "digest", "--now", "--user", "nobody@acme.test"]);
    assert!(!unknown.status.success());
}
