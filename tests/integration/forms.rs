//! The plain form pattern over HTTP, as a browser without JavaScript uses it:
//! a failed post comes back with its values and errors from a one-time flash,
//! a successful one with what was done; nothing of it travels in the URL.

use crate::support::*;
use axum::http::StatusCode;
use partner_map::server::store::users;

/// Follows a plain post's redirect as the browser would: a GET of the location
/// with the flash cookie it was given (and the session, if any).
#[tokio::test]
async fn a_failed_login_comes_back_with_the_email_and_the_error_once() {
    let app = spawn_app().await;
    let reply = app
        .send(plain_post(
            "/api/login",
            "_form=login&email=member%40acme.test&password=wrong+guess+here&next=%2Fsettings",
            "/login?next=/settings",
            None,
        ))
        .await;
    assert_eq!(reply.header("location"), Some("/login?next=/settings"));
    let (page, flash) = app.land(&reply, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Wrong email or password."),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"value="member@acme.test""#));
    assert!(page.body.contains(r#"name="next" value="/settings""#));
    assert!(
        !page.body.contains("wrong guess here"),
        "a password came back"
    );
    // The page spends the flash: it clears the cookie, and it is gone from the store.
    assert!(page
        .headers
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("pm_flash=;")));
    let again = app.get("/login?next=/settings", flash.as_deref()).await;
    assert!(!again.body.contains("Wrong email or password."));
}

#[tokio::test]
async fn refused_preferences_keep_every_value_and_save_nothing() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let long_name = "名".repeat(101);
    let body = format!(
        "_form=preferences&display_name={}&locale=zh-TW&time_zone=Asia%2FTokyo",
        long_name
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    let reply = app
        .send(plain_post(
            "/api/preferences",
            &body,
            "/settings",
            Some(&cookie),
        ))
        .await;
    assert_eq!(reply.header("location"), Some("/settings"));
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert!(
        page.body.contains("This name is too long."),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(r#"value="{long_name}""#)));
    assert!(page.body.contains(r#"<option value="zh-TW" selected"#));
    assert!(page.body.contains(r#"<option value="Asia/Tokyo" selected"#));
    assert!(page.body.contains(r#"aria-invalid="true""#));
    // Nothing was saved, and the page is still in the saved language.
    let user = users::find_by_email(&app.db, "member@acme.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            user.display_name.as_str(),
            user.locale.as_str(),
            user.time_zone.as_str()
        ),
        ("member@acme.test", "en", "UTC")
    );
    assert!(page.body.contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn a_saved_form_says_so_on_the_page_it_lands_on() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let reply = app
        .send(plain_post(
            "/api/preferences",
            "_form=preferences&display_name=Morgan&locale=en&time_zone=Asia%2FTaipei",
            "/settings",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    // Said, and with the focus: the person carries on from what they did.
    let status = page
        .body
        .split(r#"<p role="status""#)
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default();
    assert!(status.ends_with(">Saved."), "{}", page.body);
    assert!(status.contains("autofocus"), "{status}");
    assert!(page.body.contains(r#"value="Morgan""#));
}

/// The landing, notice and carried values are the plain-post layer's own
/// words with the server functions: a JSON caller (an island) never sees them.
#[tokio::test]
async fn a_json_caller_gets_no_plain_post_headers() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let reply = app
        .call(
            "/api/preferences",
            &[
                ("display_name", "Morgan"),
                ("locale", "en"),
                ("time_zone", "Asia/Taipei"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let internal: Vec<_> = reply
        .headers
        .keys()
        .filter(|name| name.as_str().starts_with("x-pm-"))
        .collect();
    assert!(internal.is_empty(), "{internal:?}");
}

#[tokio::test]
async fn errors_go_to_the_form_that_was_posted_only() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    // The same function posted from another form (another key): the
    // preferences form on the settings page must not show its error.
    let reply = app
        .send(plain_post(
            "/api/preferences",
            "_form=elsewhere&display_name=&locale=en&time_zone=UTC",
            "/settings",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Enter a name."), "{}", page.body);

    let reply = app
        .send(plain_post(
            "/api/preferences",
            "_form=preferences&display_name=&locale=en&time_zone=UTC",
            "/settings",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    assert!(page.body.contains("Enter a name."));
}

#[tokio::test]
async fn a_refused_password_change_comes_back_to_the_island_without_passwords() {
    let app = spawn_app().await;
    let cookie = app.login("member@acme.test").await;
    let reply = app
        .send(plain_post(
            "/api/password",
            "_form=password&current_password=not+mine+at+all&new_password=short&confirm_password=short",
            "/settings",
            Some(&cookie),
        ))
        .await;
    let (page, _) = app.land(&reply, Some(&cookie)).await;
    // The island renders the errors on the server, in its props and its HTML.
    assert!(
        page.body.contains("The current password is not correct."),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("The password must have at least 10 characters."));
    assert!(!page.body.contains("not mine at all"));
}

/// The database's size in bytes, as its files take it.
async fn database_bytes(app: &TestApp) -> i64 {
    use partner_map::server::db::with_db;
    let sql = if backend() == "postgres" {
        "SELECT pg_database_size(current_database())"
    } else {
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    };
    with_db!(&app.db, |e| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(e)
        .await)
    .unwrap()
}

#[tokio::test]
async fn no_loop_of_posts_can_fill_the_disk_with_flashes() {
    let app = spawn_app().await;
    let junk = "j".repeat(1_900_000);
    let body = format!("_form=login&email=member%40acme.test&password=x&next=%2F&junk={junk}");
    let before = database_bytes(&app).await;
    for _ in 0..200 {
        let reply = app
            .send(plain_post("/api/login", &body, "/login", None))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    let grown = database_bytes(&app).await - before;
    println!("200 anonymous posts of 1.9 MB grew the database by {grown} bytes");
    assert!(grown < 1_000_000, "grew by {grown} bytes");
    // What was kept is what the login form shows again: the email.
    let reply = app
        .send(plain_post("/api/login", &body, "/login", None))
        .await;
    let (page, _) = app.land(&reply, None).await;
    assert!(page.body.contains(r#"value="member@acme.test""#));

    // Signed in, an oversized field is cut to the longest field there is.
    // (The member's account is locked by the posts above; the PDM is not.)
    let member = app.login("pdm@vendor.test").await;
    let name = "n".repeat(1_000_000);
    let reply = app
        .send(plain_post(
            "/api/preferences",
            &format!("_form=preferences&display_name={name}&locale=en&time_zone=UTC"),
            "/settings",
            Some(&member),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let largest: i64 =
        partner_map::server::db::with_db!(&app.db, |e| sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(MAX(LENGTH(payload)), 0) AS BIGINT) FROM flashes"
        )
        .fetch_one(e)
        .await)
        .unwrap();
    assert!(largest < 60_000, "a flash of {largest} characters");
}

/// The names of the fields a page's forms post.
fn field_names(page: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in ["<input", "<select", "<textarea"] {
        for part in page.split(tag).skip(1) {
            let element = &part[..part.find('>').unwrap_or(part.len())];
            if let Some(start) = element.find(" name=\"") {
                let rest = &element[start + 7..];
                names.push(rest[..rest.find('"').unwrap_or(0)].to_string());
            }
        }
    }
    names
}

/// A refused post keeps only the fields [`form_fields::limit`] knows: every
/// field of every form on every page must be among them, or what someone typed
/// into it would be lost when their post comes back with an error.
#[tokio::test]
async fn every_field_a_page_posts_is_one_a_refused_post_keeps() {
    use crate::access::{owned, ADMIN_PAGES};
    use partner_map::model::form_fields;
    let app = spawn_app().await;
    let admin = app.login("admin@vendor.test").await;
    let member = app.login("member@acme.test").await;
    let mine = owned(&app, app.acme, &member).await;
    let p = app.acme;
    let partner_pages = [
        format!("/p/{p}/deals"),
        format!("/p/{p}/deals/new"),
        format!("/p/{p}/deals/{}", mine.deal),
        format!("/p/{p}/deals/import"),
        format!("/p/{p}/deals/stages"),
        format!("/p/{p}/deals/import/{}", mine.import),
        format!("/p/{p}/goals"),
        format!("/p/{p}/goals/edit?year=2026&step=1"),
        format!("/p/{p}/goals/edit?year=2026&step=2"),
        format!("/p/{p}/goals/edit?year=2026&step=3"),
        format!("/p/{p}/progress?year=2026"),
        format!("/p/{p}/tasks"),
        format!("/p/{p}/tasks?new=open"),
        format!("/p/{p}/tasks?task={}", mine.task),
        format!("/p/{p}/reviews"),
        format!("/p/{p}/reviews/{}", mine.review),
        "/settings".to_string(),
        "/notifications".to_string(),
        "/".to_string(),
    ];
    let pages = partner_pages
        .iter()
        .map(|path| (path.as_str(), Some(member.as_str())))
        .chain(ADMIN_PAGES.iter().map(|path| (*path, Some(admin.as_str()))))
        .chain([("/portfolio", Some(admin.as_str())), ("/login", None)]);
    let (mut seen, mut unknown) = (0, Vec::new());
    for (path, cookie) in pages {
        let page = app.get(path, cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for name in field_names(&page.body) {
            seen += 1;
            if name != "_form" && form_fields::limit(&name).is_none() {
                unknown.push(format!("{path} posts “{name}”"));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "a refused post would drop: {unknown:#?}"
    );
    assert!(seen > 100, "only {seen} fields found");
}
