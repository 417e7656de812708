//! Task reminders become in-app notifications: once each, for the right
//! person, with several instances at once and after a restart; and the bell
//! and the notifications page that show them.

use crate::support::*;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use partner_map::model::{PartnerId, TaskId, UserId};
use partner_map::server::db::{with_db, Db};
use partner_map::server::store::{notifications, users};
use partner_map::server::tasks::reminders::deliver_due;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

/// The worker's clock in these tests.
fn now() -> DateTime<Utc> {
    at(9)
}

async fn user(db: &Db, email: &str) -> UserId {
    users::find_by_email(db, email).await.unwrap().unwrap().id
}

/// A task as the task store would save it, reduced to what reminders read.
struct NewTask {
    partner: PartnerId,
    title: String,
    assignee: Option<UserId>,
    creator: Option<UserId>,
    remind_at: Option<DateTime<Utc>>,
    completed: bool,
}

impl NewTask {
    fn due(
        partner: PartnerId,
        title: &str,
        assignee: Option<UserId>,
        creator: Option<UserId>,
    ) -> NewTask {
        NewTask {
            partner,
            title: title.to_string(),
            assignee,
            creator,
            remind_at: Some(now() - Duration::minutes(5)),
            completed: false,
        }
    }
}

async fn add_task(db: &Db, task: NewTask) -> TaskId {
    let reminder = if task.remind_at.is_some() {
        "custom"
    } else {
        "none"
    };
    let completed_at = task.completed.then_some(now() - Duration::hours(2));
    with_db!(db, |e| sqlx::query_scalar::<_, TaskId>(
        "INSERT INTO tasks (partner_id, title, kind, priority, assignee_id, due_at, reminder, \
         remind_at, notes, completed_at, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, 'todo', 'none', $3, $4, $5, $6, '', $7, $8, $9, $9, 1) RETURNING id",
    )
    .bind(task.partner)
    .bind(&task.title)
    .bind(task.assignee)
    .bind(at(12))
    .bind(reminder)
    .bind(task.remind_at)
    .bind(completed_at)
    .bind(task.creator)
    .bind(at(8))
    .fetch_one(e)
    .await)
    .unwrap()
}

/// Every notification as (task, person), in task order.
async fn all_notifications(db: &Db) -> Vec<(TaskId, UserId)> {
    with_db!(db, |e| sqlx::query_as::<_, (TaskId, UserId)>(
        "SELECT task_id, user_id FROM notifications ORDER BY task_id, id"
    )
    .fetch_all(e)
    .await)
    .unwrap()
}

async fn reminded(db: &Db, task: TaskId) -> bool {
    with_db!(db, |e| sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
        "SELECT reminded_at FROM tasks WHERE id = $1"
    )
    .bind(task)
    .fetch_one(e)
    .await)
    .unwrap()
    .is_some()
}

/// What the task store does when a save moves a task's reminder.
async fn move_reminder(db: &Db, task: TaskId, to: DateTime<Utc>) {
    with_db!(db, |e| sqlx::query(
        "UPDATE tasks SET remind_at = $1, reminded_at = NULL, version = version + 1 WHERE id = $2"
    )
    .bind(to)
    .bind(task)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
}

/// Another instance of the app on the same database.
async fn instance(app: &TestApp) -> Db {
    Db::connect(&app.state.config.database_url).await.unwrap()
}

#[tokio::test]
async fn due_reminders_notify_the_assignee_or_else_the_creator_once() {
    let app = spawn_app().await;
    let db = &app.db;
    let member = user(db, "member@acme.test").await;
    let pdm = user(db, "pdm@vendor.test").await;
    let other_member = user(db, "member@formosa.test").await;
    let assigned = add_task(
        db,
        NewTask::due(app.acme, "Assigned", Some(member), Some(pdm)),
    )
    .await;
    let unassigned = add_task(db, NewTask::due(app.acme, "Unassigned", None, Some(pdm))).await;
    let later = add_task(
        db,
        NewTask {
            remind_at: Some(at(10)),
            ..NewTask::due(app.acme, "Later", Some(member), None)
        },
    )
    .await;
    let completed = add_task(
        db,
        NewTask {
            completed: true,
            ..NewTask::due(app.acme, "Done", Some(member), None)
        },
    )
    .await;
    let silent = add_task(
        db,
        NewTask {
            remind_at: None,
            ..NewTask::due(app.acme, "Silent", Some(member), None)
        },
    )
    .await;
    // A member who moved to another partner, a PDM no longer assigned: told
    // nothing; the partner's active members are told instead.
    let moved_away = add_task(
        db,
        NewTask::due(app.acme, "Moved away", Some(other_member), None),
    )
    .await;
    let unassigned_pdm = add_task(
        db,
        NewTask::due(app.formosa, "Not my partner", None, Some(pdm)),
    )
    .await;

    assert_eq!(deliver_due(db, now()).await.unwrap(), 4);
    assert_eq!(
        all_notifications(db).await,
        vec![
            (assigned, member),
            (unassigned, pdm),
            (moved_away, member),
            (unassigned_pdm, other_member)
        ]
    );
    for task in [assigned, unassigned, moved_away, unassigned_pdm] {
        assert!(reminded(db, task).await, "{task} stays due");
    }
    for task in [later, completed, silent] {
        assert!(!reminded(db, task).await, "{task} fired");
    }

    assert_eq!(deliver_due(db, now()).await.unwrap(), 0, "delivered twice");
    assert_eq!(
        deliver_due(db, at(10)).await.unwrap(),
        1,
        "the later one falls due"
    );
    assert_eq!(all_notifications(db).await.len(), 5);
}

#[tokio::test]
async fn a_deactivated_assignees_reminder_reaches_someone_active() {
    let app = spawn_app().await;
    let db = &app.db;
    let member = user(db, "member@acme.test").await;
    let pdm = user(db, "pdm@vendor.test").await;
    let admin = app.login("admin@vendor.test").await;
    partner_map::server::admin::add_user(
        db,
        partner_map::server::admin::UserInput {
            email: "leaver@acme.test",
            name: "Lee Leaver",
            role: partner_map::model::Role::Member,
            partner_id: Some(app.acme),
            password: PASSWORD,
            locale: partner_map::model::Locale::En,
            time_zone: "UTC",
        },
    )
    .await
    .unwrap();
    let leaver = user(db, "leaver@acme.test").await;
    let created_by_pdm = add_task(
        db,
        NewTask::due(app.acme, "Created by the PDM", Some(leaver), Some(pdm)),
    )
    .await;
    let nobody_else = add_task(
        db,
        NewTask::due(app.acme, "Only theirs", Some(leaver), None),
    )
    .await;
    let deactivate = app
        .call(
            "/api/admin_user_deactivate",
            &[("user_id", &leaver.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(deactivate.status, StatusCode::OK, "{}", deactivate.body);

    assert_eq!(deliver_due(db, now()).await.unwrap(), 2);
    assert_eq!(
        all_notifications(db).await,
        vec![(created_by_pdm, pdm), (nobody_else, member)],
        "the creator, else the partner's active members; never the deactivated assignee"
    );
}

#[tokio::test]
async fn a_moved_reminder_fires_again_once_and_a_completed_task_never() {
    let app = spawn_app().await;
    let db = &app.db;
    let member = user(db, "member@acme.test").await;
    let task = add_task(db, NewTask::due(app.acme, "Call Acme", Some(member), None)).await;
    let finished = add_task(
        db,
        NewTask {
            remind_at: Some(at(10)),
            ..NewTask::due(app.acme, "Finish", Some(member), None)
        },
    )
    .await;
    assert_eq!(deliver_due(db, now()).await.unwrap(), 1);

    // Completing a task cancels its pending reminder.
    with_db!(db, |e| sqlx::query(
        "UPDATE tasks SET completed_at = $1 WHERE id = $2"
    )
    .bind(at(9))
    .bind(finished)
    .execute(e)
    .await
    .map(|_| ()))
    .unwrap();
    move_reminder(db, task, at(11)).await;
    assert_eq!(
        deliver_due(db, at(10) + Duration::minutes(59))
            .await
            .unwrap(),
        0,
        "not yet"
    );
    assert_eq!(deliver_due(db, at(11)).await.unwrap(), 1);
    assert_eq!(deliver_due(db, at(12)).await.unwrap(), 0);
    assert_eq!(
        all_notifications(db).await,
        vec![(task, member), (task, member)]
    );
    assert!(!reminded(db, finished).await);
}

#[tokio::test]
async fn two_instances_deliver_every_reminder_exactly_once() {
    let app = spawn_app().await;
    let (one, two) = (instance(&app).await, instance(&app).await);
    let member = user(&app.db, "member@acme.test").await;
    let pdm = user(&app.db, "pdm@vendor.test").await;
    let mut tasks = Vec::new();
    // A catch-up of several batches first, then rounds that race on a few.
    for (round, count) in [250, 20, 20, 20, 20, 20, 20, 20, 20, 20]
        .into_iter()
        .enumerate()
    {
        for i in 0..count {
            let assignee = if i % 2 == 0 { Some(member) } else { None };
            let title = format!("Task {round}-{i}");
            tasks
                .push(add_task(&app.db, NewTask::due(app.acme, &title, assignee, Some(pdm))).await);
        }
        let (a, b) = tokio::join!(deliver_due(&one, now()), deliver_due(&two, now()));
        assert_eq!(a.unwrap() + b.unwrap(), count, "round {round}");
    }
    let delivered = all_notifications(&app.db).await;
    let mut delivered_tasks: Vec<TaskId> = delivered.iter().map(|(t, _)| *t).collect();
    delivered_tasks.dedup();
    assert_eq!(
        delivered.len(),
        tasks.len(),
        "a reminder was delivered twice or not at all"
    );
    assert_eq!(delivered_tasks, tasks);
    one.close().await;
    two.close().await;
}

/// What the lock of a claim is for: while one instance delivers a batch,
/// another delivers the rest without waiting and without touching the batch,
/// and a save that moves a claimed reminder waits, so the move is not lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claimed_batch_is_left_to_its_instance_and_a_move_meanwhile_is_kept() {
    let app = spawn_app().await;
    let (one, two) = (instance(&app).await, instance(&app).await);
    let member = user(&app.db, "member@acme.test").await;
    let mut tasks = Vec::new();
    for i in 0..5 {
        tasks.push(
            add_task(
                &app.db,
                NewTask::due(app.acme, &format!("Task {i}"), Some(member), None),
            )
            .await,
        );
    }
    let mut tx = one.begin().await.unwrap();
    let claimed = notifications::claim_due(&mut tx, now(), 2).await.unwrap();
    assert_eq!(
        claimed.iter().map(|r| r.task_id).collect::<Vec<_>>(),
        tasks[..2]
    );

    let save = tokio::spawn({
        let db = app.db.clone();
        let task = tasks[0];
        async move { move_reminder(&db, task, at(11)).await }
    });
    let other = tokio::spawn(async move { deliver_due(&two, now()).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    if backend() == "postgres" {
        assert!(
            other.is_finished(),
            "the other instance waited for the claimed rows"
        );
    }
    assert!(
        !save.is_finished(),
        "a save moved a reminder while it was being delivered"
    );
    for reminder in &claimed {
        notifications::create(&mut tx, member, reminder, now())
            .await
            .unwrap();
        notifications::mark_reminded(&mut tx, reminder.task_id, now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    assert_eq!(
        other.await.unwrap().unwrap(),
        3,
        "the other instance delivered the claimed ones"
    );
    save.await.unwrap();
    assert_eq!(
        deliver_due(&one, at(11)).await.unwrap(),
        1,
        "the move was lost"
    );
    let each: Vec<TaskId> = all_notifications(&app.db)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(each, [&tasks[..1], &tasks[..]].concat());
    one.close().await;
}

#[tokio::test]
async fn after_a_restart_missed_reminders_are_delivered_once() {
    let app = spawn_app().await;
    let member = user(&app.db, "member@acme.test").await;
    // Due while no instance ran: yesterday, last week, a minute ago.
    for (title, ago) in [
        ("Yesterday", Duration::days(1)),
        ("Last week", Duration::weeks(1)),
        ("Just now", Duration::minutes(1)),
    ] {
        let task = NewTask {
            remind_at: Some(now() - ago),
            ..NewTask::due(app.acme, title, Some(member), None)
        };
        add_task(&app.db, task).await;
    }
    let first = instance(&app).await;
    assert_eq!(deliver_due(&first, now()).await.unwrap(), 3);
    first.close().await;
    let restarted = instance(&app).await;
    assert_eq!(
        deliver_due(&restarted, now() + Duration::seconds(10))
            .await
            .unwrap(),
        0
    );
    restarted.close().await;
    assert_eq!(all_notifications(&app.db).await.len(), 3);
}

#[tokio::test]
async fn a_notification_shows_nothing_of_a_partner_its_reader_no_longer_opens() {
    use partner_map::server::admin::{set_assignment, Actor};
    let app = spawn_app().await;
    let pdm = user(&app.db, "pdm@vendor.test").await;
    let task = add_task(
        &app.db,
        NewTask::due(app.acme, "Quarterly pipeline call", Some(pdm), None),
    )
    .await;
    deliver_due(&app.db, now()).await.unwrap();
    let cookie = app.login("pdm@vendor.test").await;
    let seen = |title: &'static str| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let page = app.get("/notifications", Some(cookie)).await;
            let api = app.call("/api/notifications", &[], Some(cookie)).await;
            assert_eq!(api.status, StatusCode::OK, "{}", api.body);
            let listed = api.json()["notifications"].as_array().unwrap().len();
            let bell = page.body.contains("Notifications, 1 unread");
            assert_eq!(page.body.contains(title), listed == 1, "{}", page.body);
            assert_eq!(bell, listed == 1, "{}", page.body);
            listed == 1
        }
    };
    assert!(seen("Quarterly pipeline call").await);

    set_assignment(&app.db, &Actor::CommandLine, pdm, app.acme, false)
        .await
        .unwrap();
    assert!(
        !seen("Quarterly pipeline call").await,
        "still listed after unassignment"
    );
    // A rename by the partner's member does not reach them either.
    let renamed: Result<_, sqlx::Error> = with_db!(&app.db, |e| sqlx::query(
        "UPDATE tasks SET title = 'Renamed in confidence' WHERE id = $1"
    )
    .bind(task)
    .execute(e)
    .await
    .map(|_| ()));
    renamed.unwrap();
    assert!(!seen("Renamed in confidence").await);

    // The row is kept: assigned again, they see it as the partner's pages would.
    set_assignment(&app.db, &Actor::CommandLine, pdm, app.acme, true)
        .await
        .unwrap();
    assert!(seen("Renamed in confidence").await);
}

#[tokio::test]
async fn the_bell_counts_unread_and_the_page_marks_them_read() {
    let app = spawn_app().await;
    let member = user(&app.db, "member@acme.test").await;
    let first = add_task(
        &app.db,
        NewTask::due(app.acme, "Register new sourced deals", Some(member), None),
    )
    .await;
    add_task(
        &app.db,
        NewTask::due(app.acme, "Plan a co-marketing campaign", Some(member), None),
    )
    .await;
    deliver_due(&app.db, now()).await.unwrap();
    let cookie = app.login("member@acme.test").await;

    let page = app.get("/notifications", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("aria-label=\"Notifications, 2 unread\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("<title>Notifications"));
    assert!(page.body.contains("Register new sourced deals") && page.body.contains("Acme"));
    assert!(page
        .body
        .contains(&format!("href=\"/p/{}/tasks?task={first}\"", app.acme)));
    assert_eq!(
        page.body.matches(">Unread<").count(),
        2,
        "unread ones say so in words"
    );
    // The bell is on every page, with the same count.
    let home = app
        .get(&format!("/p/{}/goals", app.acme), Some(&cookie))
        .await;
    assert!(home.body.contains("aria-label=\"Notifications, 2 unread\""));

    let id = notification_id(&app, first).await;
    let body = format!("_form=notifications&notification_id={id}");
    // Someone else cannot mark mine read: it does not exist for them.
    let pdm = app.login("pdm@vendor.test").await;
    let foreign = app
        .call(
            "/api/notification_read",
            &[("notification_id", &id)],
            Some(&pdm),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
    // No state change on GET.
    let get = app
        .get(
            &format!("/api/notification_read?notification_id={id}"),
            Some(&cookie),
        )
        .await;
    assert_ne!(get.status, StatusCode::OK);

    let reply = app
        .send(plain_post(
            "/api/notification_read",
            &body,
            "/notifications",
            Some(&cookie),
        ))
        .await;
    assert_eq!(reply.header("location"), Some("/notifications"));
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert!(page.body.contains("Marked as read."));
    assert!(page.body.contains("aria-label=\"Notifications, 1 unread\""));
    assert_eq!(page.body.matches(">Unread<").count(), 1);

    let reply = app
        .send(plain_post(
            "/api/notifications_read",
            "_form=notifications",
            "/notifications",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert!(page.body.contains("All notifications are marked as read."));
    assert!(page.body.contains("aria-label=\"Notifications, 0 unread\""));
    assert!(!page.body.contains(">Unread<"));
    assert!(
        page.body.contains("Register new sourced deals"),
        "read ones stay listed"
    );
}

#[tokio::test]
async fn the_notifications_page_speaks_the_users_language_and_needs_a_session() {
    let app = spawn_app().await;
    let member = user(&app.db, "member@formosa.test").await;
    add_task(
        &app.db,
        NewTask::due(app.formosa, "規劃共同行銷活動", Some(member), None),
    )
    .await;
    deliver_due(&app.db, now()).await.unwrap();
    let cookie = app.login("member@formosa.test").await;
    let page = app.get("/notifications", Some(&cookie)).await;
    assert!(
        page.body.contains("aria-label=\"通知，1 則未讀\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("標示為已讀") && page.body.contains("全部標示為已讀"));

    let empty = app
        .get("/notifications", Some(&app.login("member@acme.test").await))
        .await;
    assert!(empty.body.contains("No notifications yet."));
    let anonymous = app.get("/notifications", None).await;
    assert_eq!(anonymous.status, StatusCode::FOUND);
    assert_eq!(
        anonymous.header("location"),
        Some("/login?next=%2Fnotifications")
    );
}

async fn notification_id(app: &TestApp, task: TaskId) -> String {
    with_db!(&app.db, |e| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM notifications WHERE task_id = $1"
    )
    .bind(task)
    .fetch_one(e)
    .await)
    .unwrap()
    .to_string()
}
