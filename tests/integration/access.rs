//! Who may touch what, swept over every entry point: each server function and
//! each plain route, called with another partner's ids by a member of another
//! partner and by a PDM not assigned to it. A new endpoint that this file does
//! not classify fails the sweep.

use crate::support::*;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, Request, StatusCode};
use axum::routing::get;
use axum::Router;
use partner_map::error::AppError;
use partner_map::model::PartnerId;
use partner_map::server::authz::{Access, PartnerOwned, Touches};
use partner_map::server::db::with_db;
use partner_map::server::state::AppState;
use partner_map::server::web::routes::PLAIN_ROUTES;
use std::collections::BTreeSet;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Touching {
    /// Anyone, signed in or not.
    Public,
    /// The caller's own account only.
    OwnAccount,
    /// The caller's own notifications and new feed URLs: not while they must
    /// still choose their own password.
    OwnWork,
    /// One partner's data, named by the arguments.
    Partner,
    /// Every partner the caller looks after (PDMs and admins).
    Portfolio,
    /// Opened by the secret in its URL, with no session: a calendar feed.
    Secret,
    /// The installation itself: admins only.
    Installation,
}

/// Every server function and what it touches.
pub(crate) const SERVER_FUNCTIONS: &[(&str, Touching)] = &[
    ("/api/session", Touching::Public),
    ("/api/login", Touching::Public),
    ("/api/logout", Touching::Public),
    ("/api/language", Touching::Public),
    ("/api/preferences", Touching::OwnAccount),
    ("/api/password", Touching::OwnAccount),
    ("/api/time_zones", Touching::OwnAccount),
    ("/api/mail_choices", Touching::OwnAccount),
    ("/api/my_mail_choices", Touching::OwnAccount),
    // Its secret is the argument: it says only what a link would turn off.
    ("/api/unsubscribe_status", Touching::Public),
    ("/api/calendar_feed", Touching::OwnAccount),
    ("/api/calendar_feed_create", Touching::OwnWork),
    ("/api/calendar_feed_revoke", Touching::OwnAccount),
    ("/api/notifications", Touching::OwnWork),
    ("/api/notification_read", Touching::OwnWork),
    ("/api/notifications_read", Touching::OwnWork),
    ("/api/partner", Touching::Partner),
    ("/api/deals", Touching::Partner),
    ("/api/deal", Touching::Partner),
    ("/api/deal_create", Touching::Partner),
    ("/api/deal_update", Touching::Partner),
    ("/api/deal_delete", Touching::Partner),
    ("/api/deals_import", Touching::Partner),
    ("/api/deals_import_commit", Touching::Partner),
    ("/api/deal_stages", Touching::Partner),
    ("/api/deal_stage_probability", Touching::Partner),
    ("/api/deal_stage_add", Touching::Partner),
    ("/api/goals", Touching::Partner),
    ("/api/progress", Touching::Partner),
    ("/api/portfolio", Touching::Portfolio),
    ("/api/default_tasks", Touching::Installation),
    ("/api/default_task_save", Touching::Installation),
    ("/api/default_task_delete", Touching::Installation),
    ("/api/default_task_retire", Touching::Installation),
    ("/api/default_task_restore", Touching::Installation),
    ("/api/default_task_move", Touching::Installation),
    ("/api/admin_overview", Touching::Installation),
    ("/api/admin_partners", Touching::Installation),
    ("/api/admin_partner", Touching::Installation),
    ("/api/admin_partner_create", Touching::Installation),
    ("/api/admin_partner_update", Touching::Installation),
    ("/api/admin_partner_archive", Touching::Installation),
    ("/api/admin_partner_restore", Touching::Installation),
    ("/api/admin_users", Touching::Installation),
    ("/api/admin_user", Touching::Installation),
    ("/api/admin_user_create", Touching::Installation),
    ("/api/admin_user_role", Touching::Installation),
    ("/api/admin_user_reset_password", Touching::Installation),
    ("/api/admin_user_deactivate", Touching::Installation),
    ("/api/admin_user_reactivate", Touching::Installation),
    ("/api/admin_assignments", Touching::Installation),
    ("/api/admin_assign", Touching::Installation),
    ("/api/admin_unassign", Touching::Installation),
    ("/api/admin_audit", Touching::Installation),
    ("/api/admin_mail", Touching::Installation),
    ("/api/tasks", Touching::Partner),
    ("/api/task_done", Touching::Partner),
    ("/api/task_delete", Touching::Partner),
    ("/api/reviews", Touching::Partner),
    ("/api/review", Touching::Partner),
    // A partner's tokens with `partner_id`; without one, every token (admins).
    ("/api/api_tokens", Touching::Partner),
    ("/api/api_token_create", Touching::Partner),
    ("/api/api_token_revoke", Touching::Partner),
    ("/api/api_operations", Touching::Public),
];

/// The admin area's pages: admins only.
pub const ADMIN_PAGES: &[&str] = &[
    "/admin",
    "/admin/partners",
    "/admin/partners/1",
    "/admin/users",
    "/admin/users/1",
    "/admin/assignments",
    "/admin/audit",
    "/admin/default-tasks",
    "/admin/mail",
    "/admin/api-tokens",
];

/// Every plain route and what it touches.
pub(crate) const PLAIN: &[(&str, Touching)] = &[
    ("/healthz", Touching::Public),
    ("/favicon.ico", Touching::Public),
    ("/pkg/{*file}", Touching::Public),
    ("/p/{partner}/deals/upload", Touching::Partner),
    ("/p/{partner}/deals.csv", Touching::Partner),
    ("/p/{partner}/goals/edit", Touching::Partner),
    ("/p/{partner}/goals.csv", Touching::Partner),
    ("/p/{partner}/progress.csv", Touching::Partner),
    ("/p/{partner}/tasks/save", Touching::Partner),
    ("/p/{partner}/tasks/events", Touching::Partner),
    ("/p/{partner}/reviews/start", Touching::Partner),
    ("/p/{partner}/reviews/{review}/save", Touching::Partner),
    ("/calendar/{file}", Touching::Secret),
    ("/unsubscribe/{token}", Touching::Secret),
];

/// One partner's records, for calls that name them.
pub(crate) struct Owned {
    pub(crate) partner: PartnerId,
    pub(crate) deal: String,
    pub(crate) import: String,
    pub(crate) task: String,
    pub(crate) review: String,
}

/// Gives a partner a deal and an uploaded file.
pub(crate) async fn owned(app: &TestApp, partner: PartnerId, cookie: &str) -> Owned {
    // A partner may be given records more than once (the fuzz test does).
    static GIVEN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = GIVEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let deal = app.add_deal(partner, &format!("sweep-{partner}-{n}")).await;
    let csv = b"Record ID,Deal Name,Deal Stage,Create Date,MRR\n1,A,Open,2026-01-01,5\n";
    let reply = app.upload(partner, "sweep.csv", csv, Some(cookie)).await;
    let location = reply.header("location").unwrap_or_default().to_string();
    let import = location.rsplit('/').next().unwrap_or_default().to_string();
    assert!(import.parse::<i64>().is_ok(), "upload answered {location}");
    let task = app.add_task(partner, "Swept task").await;
    let mut quarter =
        partner_map::model::reviews::Quarter::last_ended(chrono::Utc::now().date_naive())
            .previous();
    for _ in 0..n % 8 {
        quarter = quarter.previous();
    }
    let started = app
        .call(
            &format!("/p/{partner}/reviews/start"),
            &[("quarter", &quarter.code())],
            Some(cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let review = started.json()["id"].to_string();
    Owned {
        partner,
        deal: deal.to_string(),
        import,
        task: task.to_string(),
        review,
    }
}

/// The arguments a partner-scoped call is given: every argument present, and
/// every id naming the other partner's data.
pub(crate) fn foreign_args(foreign: &Owned) -> Vec<(&'static str, String)> {
    every_argument()
        .into_iter()
        .map(|(name, value)| {
            let value = match name {
                "partner_id" => foreign.partner.to_string(),
                "deal_id" => foreign.deal.clone(),
                "import_id" => foreign.import.clone(),
                "task_id" => foreign.task.clone(),
                "review_id" => foreign.review.clone(),
                _ => value.to_string(),
            };
            (name, value)
        })
        .collect()
}

/// A value for every argument any server function takes, so that each call
/// reaches its access check rather than failing to read its arguments.
pub(crate) fn every_argument() -> Vec<(&'static str, &'static str)> {
    vec![
        ("partner_id", "1"),
        ("display_name", "x"),
        ("locale", "en"),
        ("time_zone", "UTC"),
        ("current_password", "x"),
        ("new_password", "y"),
        ("confirm_password", "y"),
        ("email", "x@y.test"),
        ("password", "x"),
        ("deal_id", "1"),
        ("import_id", "1"),
        ("notification_id", "1"),
        ("version", "1"),
        ("query", ""),
        ("external_id", "77"),
        ("name", "Taken over"),
        ("kind", "sourced"),
        ("stage", "open"),
        ("create_date", "2026-01-01"),
        ("close_date", ""),
        ("mrr", "1"),
        ("owner", ""),
        ("company", ""),
        ("notes", ""),
        ("confirm", "yes"),
        ("mrr_column", "mrr"),
        ("kind_column", ""),
        ("won", "Closed Won"),
        ("lost", "Closed Lost"),
        ("task_id", "1"),
        ("done", "true"),
        ("template_id", "1"),
        ("position", "1"),
        ("title_en", "Taken over"),
        ("title_zh_tw", "接管"),
        ("priority", "none"),
        ("due_preset", "today"),
        ("notes_en", ""),
        ("notes_zh_tw", ""),
        ("review_id", "1"),
        ("token_id", "1"),
        ("lifetime", "90"),
        ("deals_read", "on"),
        ("user_id", "1"),
        ("pdm_id", "1"),
        ("currency", "USD"),
        ("role", "admin"),
        ("direction", "up"),
        ("actor", ""),
        ("from", ""),
        ("to", ""),
        ("page", "1"),
        ("pipeline_stage", ""),
        ("probability", "50"),
    ]
}

#[tokio::test]
async fn every_endpoint_is_classified() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    let classified: BTreeSet<String> = SERVER_FUNCTIONS
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    assert_eq!(
        registered, classified,
        "server functions and the sweep differ"
    );
    let plain: BTreeSet<&str> = PLAIN_ROUTES.iter().copied().collect();
    let swept: BTreeSet<&str> = PLAIN.iter().map(|(p, _)| *p).collect();
    assert_eq!(plain, swept, "plain routes and the sweep differ");
}

#[tokio::test]
async fn foreign_partner_ids_are_refused_everywhere() {
    let app = spawn_app().await;
    let acme_cookie = app.login("member@acme.test").await;
    let formosa_cookie = app.login("member@formosa.test").await;
    let acme = owned(&app, app.acme, &acme_cookie).await;
    let formosa = owned(&app, app.formosa, &formosa_cookie).await;
    // Each outsider and the partner they must not reach.
    let outsiders = [
        ("member@formosa.test", &acme),
        ("member@acme.test", &formosa),
        ("pdm@vendor.test", &formosa),
    ];
    for (email, owned) in outsiders {
        let foreign = owned.partner;
        let cookie = app.login(email).await;
        for (path, touching) in SERVER_FUNCTIONS {
            if *touching != Touching::Partner {
                continue;
            }
            let args = foreign_args(owned);
            let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = app.call(path, &form, Some(&cookie)).await;
            assert!(
                matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{email} reached {path} of partner {foreign}: {} {}",
                reply.status,
                reply.body
            );
        }
        for (path, touching) in PLAIN {
            if *touching == Touching::Partner {
                let url = path.replace("{partner}", &foreign.to_string());
                let reply = if url.ends_with("/upload") {
                    app.upload(foreign, "x.csv", b"Record ID\n1\n", Some(&cookie))
                        .await
                } else if url.ends_with("/tasks/save") {
                    // A new task in the foreign partner, and an edit of its task.
                    let new = [
                        ("title", "Taken over"),
                        ("kind", "todo"),
                        ("priority", "none"),
                        ("due_preset", "today"),
                        ("due_time", "08:00"),
                        ("reminder", "none"),
                    ];
                    let created = app.call(&url, &new, Some(&cookie)).await;
                    assert!(
                        matches!(
                            created.status,
                            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
                        ),
                        "{email} created a task at {url}"
                    );
                    let edit: Vec<(&str, &str)> = new
                        .iter()
                        .copied()
                        .chain([("task_id", owned.task.as_str()), ("version", "1")])
                        .collect();
                    app.call(&url, &edit, Some(&cookie)).await
                } else if url.ends_with("/reviews/start") {
                    app.call(&url, &[("quarter", "2026-Q1")], Some(&cookie))
                        .await
                } else if url.ends_with("/save") && url.contains("/reviews/") {
                    // The foreign review under its own partner's path, every action.
                    let url = url.replace("{review}", &owned.review);
                    for action in ["save", "refresh", "complete", "reopen"] {
                        let form = [
                            ("action", action),
                            ("version", "1"),
                            ("strategy", "Taken over"),
                        ];
                        let reply = app.call(&url, &form, Some(&cookie)).await;
                        assert!(
                            matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                            "{email} reached {url} ({action})"
                        );
                    }
                    let form = [
                        ("action", "reschedule"),
                        ("task_id", owned.task.as_str()),
                        ("task_version", "1"),
                        ("due_date", "2030-01-01"),
                    ];
                    app.call(&url, &form, Some(&cookie)).await
                } else if url.ends_with("/goals/edit") {
                    let save = [
                        ("_form", "goals"),
                        ("action", "save"),
                        ("year", "2026"),
                        ("version", ""),
                    ];
                    app.goals_post(foreign, &save, Some(&cookie)).await
                } else {
                    app.get(&url, Some(&cookie)).await
                };
                assert!(
                    matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                    "{email} reached {url}"
                );
            }
        }
        // Nothing of the foreign partner's changed or was added.
        assert_eq!(
            app.deal_count(foreign).await,
            1,
            "{email} wrote to {foreign}"
        );
        assert!(
            !app.has_plan(foreign, 2026).await,
            "{email} saved a plan of {foreign}"
        );
        assert_eq!(
            app.task_titles(foreign).await,
            ["Swept task"],
            "{email} changed a task of {foreign}"
        );
        let scope = partner_map::server::authz::PartnerScope::for_operator(foreign);
        let reviews = partner_map::server::store::reviews::list(&app.db, &scope)
            .await
            .unwrap();
        assert_eq!(reviews.len(), 1, "{email} started a review of {foreign}");
        assert_eq!(
            (reviews[0].version, reviews[0].strategy.as_str()),
            (1, ""),
            "{email} changed a review of {foreign}"
        );
        // Its deal pages, however the ids are combined.
        let own = if owned.partner == app.acme {
            &formosa
        } else {
            &acme
        };
        for url in [
            format!("/p/{foreign}/deals"),
            format!("/p/{foreign}/deals/new"),
            format!("/p/{foreign}/deals/import"),
            format!("/p/{foreign}/deals/stages"),
            format!("/p/{foreign}/goals?year=2026"),
            format!("/p/{foreign}/goals/edit?year=2026&step=2"),
            format!("/p/{foreign}/progress?year=2026&view=quarterly"),
            format!("/p/{foreign}/deals/{}", owned.deal),
            format!("/p/{foreign}/deals/import/{}", owned.import),
            format!("/p/{}/deals/{}", own.partner, owned.deal),
            format!("/p/{}/deals/import/{}", own.partner, owned.import),
            format!("/p/{foreign}/tasks"),
            format!("/p/{foreign}/tasks?task={}", owned.task),
            format!("/p/{}/tasks?task={}", own.partner, owned.task),
            format!("/p/{foreign}/reviews"),
            format!("/p/{foreign}/reviews/{}", owned.review),
            format!("/p/{foreign}/reviews/{}/print", owned.review),
            format!("/p/{}/reviews/{}", own.partner, owned.review),
        ] {
            let status = app.get(&url, Some(&cookie)).await.status;
            assert!(
                matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{email} opened {url}: {status}"
            );
        }
        // And the pages of that partner.
        let page = app.get(&format!("/p/{foreign}/goals"), Some(&cookie)).await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{email} opened a foreign page"
        );
        assert!(
            page.body.contains("<title>No access") || page.body.contains("<title>無存取權限"),
            "a refused page has a title: {}",
            page.body
        );
    }
}

#[tokio::test]
async fn anonymous_callers_reach_only_public_endpoints() {
    let app = spawn_app().await;
    for (path, touching) in SERVER_FUNCTIONS {
        if *touching == Touching::Public {
            continue;
        }
        let reply = app.call(path, &every_argument(), None).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{path}: {}",
            reply.body
        );
    }
    let partner = app.acme.to_string();
    let export = app.get(&format!("/p/{partner}/deals.csv"), None).await;
    assert_eq!(export.status, StatusCode::UNAUTHORIZED);
    let upload = app.upload(app.acme, "x.csv", b"a\n1\n", None).await;
    assert_eq!(upload.status, StatusCode::UNAUTHORIZED);
    let targets = app
        .get(&format!("/p/{partner}/goals.csv?year=2026"), None)
        .await;
    assert_eq!(targets.status, StatusCode::UNAUTHORIZED);
    let save = [
        ("_form", "goals"),
        ("action", "save"),
        ("year", "2026"),
        ("version", ""),
    ];
    let wizard = app.goals_post(app.acme, &save, None).await;
    assert_eq!(wizard.status, StatusCode::UNAUTHORIZED);
    assert!(!app.has_plan(app.acme, 2026).await);
    assert_eq!(app.deal_count(app.acme).await, 0);
}

#[tokio::test]
async fn secret_routes_open_with_their_secret_alone() {
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let made_up = format!("{}.ics", "0".repeat(64));
    for (path, touching) in PLAIN {
        if *touching != Touching::Secret {
            continue;
        }
        for secret in [made_up.as_str(), "0.ics", "calendar", "0123abcd"] {
            let url = path.replace("{file}", secret).replace("{token}", secret);
            // Neither the absence of a session nor the most powerful one opens it.
            for cookie in [None, Some(admin.as_str())] {
                let status = if path.starts_with("/unsubscribe/") {
                    // A mail provider's one-click POST (its page only asks).
                    let mut req = Request::post(&url)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                    if let Some(cookie) = cookie {
                        req = req.header(header::COOKIE, cookie);
                    }
                    let body = Body::from("List-Unsubscribe=One-Click");
                    app.send(req.body(body).unwrap()).await.status
                } else {
                    app.get(&url, cookie).await.status
                };
                assert_eq!(status, StatusCode::NOT_FOUND, "{url} with {cookie:?}");
            }
        }
    }
}

/// A plain handler, as a CSV export or a feed will be: the same check through
/// the `Access` extractor.
async fn plain_partner_handler(access: Access, Path(id): Path<i64>) -> Result<String, AppError> {
    let access = access.allow(Touches::Partner(PartnerId(id))).await?;
    Ok(access.scope()?.partner_id().to_string())
}

#[tokio::test]
async fn plain_handlers_get_the_same_answers_as_server_functions() {
    let app = spawn_app().await;
    let handler_app: Router = Router::new()
        .route("/plain/{id}", get(plain_partner_handler))
        .layer(axum::middleware::from_fn_with_state(
            app.state.clone(),
            partner_map::server::web::session::resolve,
        ))
        .with_state::<()>(app.state.clone());
    for email in [
        "member@acme.test",
        "member@formosa.test",
        "pdm@vendor.test",
        "admin@vendor.test",
    ] {
        let cookie = app.login(email).await;
        for partner in [app.acme, app.formosa, PartnerId(999_999)] {
            let via_function = app
                .call(
                    "/api/partner",
                    &[("partner_id", &partner.to_string())],
                    Some(&cookie),
                )
                .await
                .status;
            let req = Request::get(format!("/plain/{partner}"))
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap();
            let via_handler = handler_app.clone().oneshot(req).await.unwrap().status();
            assert_eq!(via_handler, via_function, "{email} → {partner}");
        }
    }
}

/// A child record as deals and tasks will be: its own id type and table.
#[derive(Clone, Copy)]
struct NoteId(i64);

impl PartnerOwned for NoteId {
    const TABLE: &'static str = "test_notes";
    fn raw(self) -> i64 {
        self.0
    }
}

/// Answers with the partner a note belongs to, when the caller may see it.
async fn note_handler(access: Access, Path(id): Path<i64>) -> Result<String, AppError> {
    let access = access.allow(Touches::record(NoteId(id))).await?;
    Ok(access.scope()?.partner_id().to_string())
}

async fn note(state: &AppState, partner: PartnerId) -> NoteId {
    let id = with_db!(&state.db, |e| sqlx::query_scalar::<_, i64>(
        "INSERT INTO test_notes (partner_id) VALUES ($1) RETURNING id"
    )
    .bind(partner)
    .fetch_one(e)
    .await)
    .unwrap();
    NoteId(id)
}

#[tokio::test]
async fn child_records_resolve_to_their_partner_and_foreign_ones_are_not_found() {
    let app = spawn_app().await;
    let ddl = match app.db.backend_name() {
        "postgres" => {
            "CREATE TABLE test_notes (id BIGSERIAL PRIMARY KEY, partner_id BIGINT NOT NULL)"
        }
        _ => "CREATE TABLE test_notes (id INTEGER PRIMARY KEY, partner_id INTEGER NOT NULL)",
    };
    with_db!(&app.db, |e| sqlx::query(ddl).execute(e).await.map(|_| ())).unwrap();
    let acme_note = note(&app.state, app.acme).await;
    let formosa_note = note(&app.state, app.formosa).await;

    let router: Router = Router::new()
        .route("/notes/{id}", get(note_handler))
        .layer(axum::middleware::from_fn_with_state(
            app.state.clone(),
            partner_map::server::web::session::resolve,
        ))
        .with_state::<()>(app.state.clone());
    let ask = |id: NoteId, cookie: String| {
        let router = router.clone();
        async move {
            let req = Request::get(format!("/notes/{}", id.0))
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        }
    };
    let member = app.login("member@formosa.test").await;
    assert_eq!(
        ask(formosa_note, member.clone()).await,
        (StatusCode::OK, app.formosa.to_string())
    );
    assert_eq!(
        ask(acme_note, member.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(ask(NoteId(987_654), member).await.0, StatusCode::NOT_FOUND);
    let pdm = app.login("pdm@vendor.test").await;
    assert_eq!(ask(acme_note, pdm.clone()).await.0, StatusCode::OK);
    assert_eq!(ask(formosa_note, pdm).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_admins_touch_the_installation() {
    let app = spawn_app().await;
    for email in ["member@acme.test", "pdm@vendor.test"] {
        let cookie = app.login(email).await;
        for (path, touching) in SERVER_FUNCTIONS {
            if *touching == Touching::Installation {
                let reply = app.call(path, &every_argument(), Some(&cookie)).await;
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{email} reached {path}: {}",
                    reply.body
                );
            }
        }
        for admin_page in ADMIN_PAGES {
            let page = app.get(admin_page, Some(&cookie)).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{email} opened {admin_page}"
            );
        }
    }
    let admin = app.login("admin@vendor.test").await;
    for admin_page in ADMIN_PAGES {
        assert_eq!(
            app.get(admin_page, Some(&admin)).await.status,
            StatusCode::OK,
            "{admin_page}"
        );
    }
}
