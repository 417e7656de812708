//! Malformed input at every entry point (issue 21, point 14): each registered
//! server function and each plain route gets requests built from well-formed
//! ones by one or two mutations (a field missing or repeated, a value of the
//! wrong type, at or past a bound, 1 MB long, invalid UTF-8, another
//! partner's id; JSON where a form is expected, a wrong content type, the
//! wrong method), from a fixed seed. The invariants: never a 5xx (the panic
//! guard answers 500 for a handler that panics, so none panicked either), and
//! a refusal (4xx) writes nothing: every table a page shows bumps a version
//! when written (tests/integration/schema.rs holds them to it), and the
//! fingerprint below reads those versions with the rows no version covers.
//!
//! `make test` runs `CASES` cases; `make fuzz` runs many more with a new seed
//! (`FUZZ_CASES`, `FUZZ_SEED`; a failure names its seed and case, so that it
//! can be run again).

use crate::access::{every_argument, owned, Owned, Touching, PLAIN, SERVER_FUNCTIONS};
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use tower::ServiceExt;

/// Cases in all, shared out evenly between the entry points.
const CASES: usize = 3_000;

fn cases() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES)
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_2026)
}

/// What a refusal must leave as it was.
#[derive(Debug, PartialEq, Eq)]
struct Fingerprint {
    versions: Vec<i64>,
    passwords: Vec<String>,
}

async fn fingerprint(app: &TestApp) -> Fingerprint {
    let versions = partner_map::server::db::with_db!(&app.db, |e| sqlx::query_as::<
        _,
        (i64, i64, i64, i64, i64, i64, i64),
    >(
        "SELECT \
         CAST((SELECT COALESCE(SUM(data_version), 0) FROM partners) AS BIGINT), \
         CAST((SELECT COALESCE(SUM(deals_version), 0) FROM partners) AS BIGINT), \
         CAST((SELECT version FROM site_version) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM partners) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM audit_log) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM sessions) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM known_devices) AS BIGINT)"
    )
    .fetch_one(e)
    .await)
    .unwrap();
    // A password changed or reset bumps no version a page reads.
    let passwords =
        partner_map::server::db::with_db!(&app.db, |e| sqlx::query_scalar::<_, String>(
            "SELECT password_hash FROM users ORDER BY id"
        )
        .fetch_all(e)
        .await)
        .unwrap();
    let (a, b, c, d, e, f, g) = versions;
    Fingerprint {
        versions: vec![a, b, c, d, e, f, g],
        passwords,
    }
}

/// Values that are wrong for some field: empty, of the wrong type, at and
/// past the bounds of every number, dates that are not, markup, controls.
const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "-0",
    "0x10",
    " 7 ",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "null",
    "true",
    "[]",
    "{}",
    "{\"a\":1}",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "2026-13-01",
    "2026-Q5",
    "25:61",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"http://x\")",
    "%",
    "%00",
    "\u{0}",
    "\u{202e}abc",
    "\u{fffd}",
    "'; DROP TABLE deals; --",
    "../../../../etc/passwd",
    "合作夥伴",
    "\r\n",
];

/// One mutation of a well-formed request.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    DropField,
    RepeatField,
    NastyValue,
    HugeValue,
    ForeignId,
    UnknownField,
    InvalidUtf8,
    Json,
    WrongContentType,
    EmptyBody,
    OtherMethod,
}

const MUTATIONS: &[Mutation] = &[
    Mutation::DropField,
    Mutation::RepeatField,
    Mutation::NastyValue,
    Mutation::NastyValue,
    Mutation::NastyValue,
    Mutation::HugeValue,
    Mutation::ForeignId,
    Mutation::UnknownField,
    Mutation::InvalidUtf8,
    Mutation::Json,
    Mutation::WrongContentType,
    Mutation::EmptyBody,
    Mutation::OtherMethod,
];

/// An entry point, with the path it is reached by.
struct Target {
    /// As registered: `/api/...` or a plain route's pattern.
    route: &'static str,
    path: String,
    touching: Touching,
    /// The fields it cannot do without (see [`discover`]); mutations aim
    /// at these, so that a few thousand cases reach what each one reads.
    needs: Vec<Vec<u8>>,
}

/// A request being built: its method, body fields (raw bytes, so that they
/// need not be UTF-8) and how the body is sent.
struct Draft {
    method: Method,
    fields: Vec<(Vec<u8>, Vec<u8>)>,
    content_type: Option<&'static str>,
    json: bool,
    query: String,
}

impl Draft {
    fn body(&self) -> Vec<u8> {
        if self.json {
            let object: BTreeMap<String, String> = self
                .fields
                .iter()
                .map(|(k, v)| {
                    (
                        String::from_utf8_lossy(k).into_owned(),
                        String::from_utf8_lossy(v).into_owned(),
                    )
                })
                .collect();
            return serde_json::to_vec(&object).unwrap();
        }
        let mut body = Vec::new();
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                body.push(b'&');
            }
            body.extend(encode(k));
            body.push(b'=');
            body.extend(encode(v));
        }
        body
    }
}

/// Percent-encodes what a form would, leaving bytes over 0x7f that are not
/// UTF-8 as they are (invalid in the body, as a broken client sends them).
fn encode(bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(text) => urlencode(text).into_bytes(),
        Err(_) => bytes.to_vec(),
    }
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// The field a mutation changes: the one named, else mostly a field the
/// entry point reads and now and then any.
fn choose_field(
    rng: &mut fastrand::Rng,
    draft: &Draft,
    named: Option<&[u8]>,
    needs: &[Vec<u8>],
) -> Option<usize> {
    let name = match named {
        Some(name) => name,
        None if needs.is_empty() || rng.u8(..4) == 0 => {
            return (!draft.fields.is_empty()).then(|| rng.usize(..draft.fields.len()))
        }
        None => pick(rng, needs),
    };
    draft.fields.iter().position(|(k, _)| k == name)
}

fn mutate(
    rng: &mut fastrand::Rng,
    draft: &mut Draft,
    mutation: Mutation,
    field: Option<usize>,
    foreign: &Owned,
) {
    match (mutation, field) {
        (Mutation::DropField, Some(i)) => {
            draft.fields.remove(i);
        }
        (Mutation::RepeatField, Some(i)) => {
            let name = draft.fields[i].0.clone();
            draft
                .fields
                .push((name, pick(rng, NASTY).as_bytes().to_vec()));
        }
        (Mutation::NastyValue, Some(i)) => draft.fields[i].1 = pick(rng, NASTY).as_bytes().to_vec(),
        (Mutation::HugeValue, Some(i)) => {
            // As long as a body under the limit (2 MB) holds once encoded:
            // 1.5 MB of "x", 500 KB of "合" (each %E5%90%88).
            let unit = *pick(rng, &["x", "é", "合", "1", "%"]);
            let times = 1_500_000 / urlencode(unit).len();
            draft.fields[i].1 = unit.repeat(times).into_bytes();
        }
        (Mutation::ForeignId, Some(i)) => {
            let ids = [
                foreign.partner.to_string(),
                foreign.deal.clone(),
                foreign.import.clone(),
                foreign.task.clone(),
                foreign.review.clone(),
            ];
            draft.fields[i].1 = pick(rng, &ids).clone().into_bytes();
        }
        (Mutation::InvalidUtf8, Some(i)) => {
            draft.fields[i].1 = vec![b'a', 0xff, 0xfe, 0xc3, b'(', 0x80]
        }
        (Mutation::UnknownField, _) => draft.fields.push((
            format!("f{}", rng.u32(..)).into_bytes(),
            pick(rng, NASTY).as_bytes().to_vec(),
        )),
        (Mutation::Json, _) => {
            draft.json = true;
            draft.content_type = Some("application/json");
        }
        (Mutation::WrongContentType, _) => {
            draft.content_type = *pick(
                rng,
                &[
                    None,
                    Some("text/plain"),
                    Some("multipart/form-data; boundary=x"),
                    Some("application/x-www-form-urlencoded; charset=big5"),
                ],
            )
        }
        (Mutation::EmptyBody, _) => draft.fields.clear(),
        (Mutation::OtherMethod, _) => {
            draft.method = pick(
                rng,
                &[Method::GET, Method::PUT, Method::DELETE, Method::POST],
            )
            .clone()
        }
        // A mutation of a field where there is none: the request as it is.
        (_, None) => {}
    }
    // Query strings get the same treatment, for the routes that read one.
    if rng.u8(..4) == 0 {
        draft.query = format!(
            "?year={}&quarter={}&page={}&q={}",
            urlencode(*pick(rng, NASTY)),
            urlencode(*pick(rng, NASTY)),
            urlencode(*pick(rng, NASTY)),
            urlencode(*pick(rng, NASTY))
        );
    }
}

/// Whom an administrator's calls change: a user and a partner of their own,
/// so that no call archives the partner or ends the account the others use.
struct Changed {
    user: String,
    partner: String,
}

/// The well-formed request for `target`: every argument any server function
/// takes (as the access sweep sends them), naming the caller's own records.
fn well_formed(target: &Target, own: &Owned, changed: &Changed) -> Draft {
    let installation = target.touching == Touching::Installation;
    let method = match target.route {
        "/healthz"
        | "/favicon.ico"
        | "/pkg/{*file}"
        | "/p/{partner}/deals.csv"
        | "/p/{partner}/goals.csv"
        | "/p/{partner}/progress.csv"
        | "/p/{partner}/tasks/events"
        | "/calendar/{file}" => Method::GET,
        _ => Method::POST,
    };
    let fields = every_argument()
        .into_iter()
        .map(|(name, value)| {
            let value = match name {
                "partner_id" if installation => changed.partner.clone(),
                "partner_id" => own.partner.to_string(),
                "deal_id" => own.deal.clone(),
                "import_id" => own.import.clone(),
                "task_id" => own.task.clone(),
                "review_id" => own.review.clone(),
                "user_id" | "pdm_id" => changed.user.clone(),
                _ => value.to_string(),
            };
            (name.as_bytes().to_vec(), value.into_bytes())
        })
        .chain(
            [
                ("quarter", "2026-Q1"),
                ("action", "save"),
                ("strategy", "A plan"),
                ("year", "2026"),
                ("title", "Fuzzed"),
                ("due_time", "08:00"),
                ("reminder", "none"),
            ]
            .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec())),
        )
        .collect();
    Draft {
        method,
        fields,
        content_type: Some("application/x-www-form-urlencoded"),
        json: false,
        query: String::new(),
    }
}

fn request(target: &Target, draft: &Draft, cookie: Option<&str>) -> Request<Body> {
    let body = draft.body();
    let mut req = Request::builder()
        .method(draft.method.clone())
        .uri(format!("{}{}", target.path, draft.query))
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(content_type) = draft.content_type {
        req = req.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    let addr: SocketAddr = "127.0.0.1:50001".parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

/// The status of one request; the body is read (to its end, within the
/// test's limit) unless it is an event stream, which never ends.
async fn status_of(app: &TestApp, req: Request<Body>) -> (StatusCode, String) {
    let res = tokio::time::timeout(Duration::from_secs(60), app.router.clone().oneshot(req))
        .await
        .expect("an answer within 60 s")
        .unwrap();
    let status = res.status();
    let streaming = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    if streaming {
        return (status, String::new());
    }
    let bytes = tokio::time::timeout(
        Duration::from_secs(60),
        axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024),
    )
    .await
    .expect("the body ends within 60 s")
    .unwrap();
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
    (status, shown)
}

fn targets(own: &Owned) -> Vec<Target> {
    let mut registered: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    registered.sort_unstable();
    registered.dedup();
    let touching_of = |path: &str| {
        SERVER_FUNCTIONS
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("{path} is not classified in access.rs"))
    };
    let functions = registered.into_iter().map(|route| Target {
        route,
        path: route.to_string(),
        touching: touching_of(route),
        needs: Vec::new(),
    });
    let plain = PLAIN.iter().map(|(route, touching)| Target {
        route,
        path: route
            .replace("{partner}", &own.partner.to_string())
            .replace("{review}", &own.review)
            .replace("{*file}", "partner-map.js")
            .replace("{file}", "0123456789abcdef.ics")
            .replace("{token}", "0123456789abcdef"),
        touching: *touching,
        needs: Vec::new(),
    });
    functions.chain(plain).collect()
}

/// The mutations of a case, each with the field it must change (or `None`:
/// chosen as it is applied).
type Case = (usize, Vec<(Mutation, Option<Vec<u8>>)>);

/// The cases, in order: first each field-level mutation of each field an
/// entry point needs and each request-level mutation of each entry point,
/// once; then, up to `cases`, one or two mutations chosen at random, the
/// entry points taken in turn.
fn plan_cases(rng: &mut fastrand::Rng, targets: &[Target], cases: usize) -> Vec<Case> {
    const FIELD_LEVEL: &[Mutation] = &[
        Mutation::DropField,
        Mutation::RepeatField,
        Mutation::NastyValue,
        Mutation::HugeValue,
        Mutation::ForeignId,
        Mutation::InvalidUtf8,
    ];
    const REQUEST_LEVEL: &[Mutation] = &[
        Mutation::UnknownField,
        Mutation::Json,
        Mutation::WrongContentType,
        Mutation::EmptyBody,
        Mutation::OtherMethod,
    ];
    let mut plan: Vec<Case> = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        for name in &target.needs {
            for m in FIELD_LEVEL {
                plan.push((t, vec![(*m, Some(name.clone()))]));
            }
        }
        for m in REQUEST_LEVEL {
            plan.push((t, vec![(*m, None)]));
        }
    }
    let mut turn = 0;
    while plan.len() < cases {
        let mutations = (0..rng.usize(1..=2))
            .map(|_| (*pick(rng, MUTATIONS), None))
            .collect();
        plan.push((turn % targets.len(), mutations));
        turn += 1;
    }
    plan
}

/// Who may call `target` past its access check.
fn caller<'a>(target: &Target, member: &'a str, pdm: &'a str, admin: &'a str) -> Option<&'a str> {
    match target.touching {
        Touching::Installation => Some(admin),
        Touching::Portfolio => Some(pdm),
        Touching::Secret => None,
        _ => Some(member),
    }
}

/// The fields `target` cannot do without: those whose absence alone turns
/// its answer to the well-formed request into a 400. (Server functions
/// ignore fields they do not take, and the well-formed request sends every
/// field any of them takes.)
async fn discover(
    app: &TestApp,
    target: &Target,
    own: &Owned,
    changed: &Changed,
    cookie: Option<&str>,
) -> Vec<Vec<u8>> {
    if target.route == "/api/logout" {
        return Vec::new();
    }
    let whole = well_formed(target, own, changed);
    let mut needs = Vec::new();
    for i in 0..whole.fields.len() {
        // The whole request just before, as a call may change what the
        // next one gets (a deal created makes its copy a duplicate).
        let (status, _) = status_of(app, request(target, &whole, cookie)).await;
        if status == StatusCode::BAD_REQUEST {
            continue;
        }
        let mut draft = well_formed(target, own, changed);
        let (name, _) = draft.fields.remove(i);
        let (status, _) = status_of(app, request(target, &draft, cookie)).await;
        if status == StatusCode::BAD_REQUEST {
            needs.push(name);
        }
    }
    needs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_input_never_gets_a_5xx_and_a_refusal_writes_nothing() {
    let app = spawn_app().await;
    let member = app.login("member@acme.test").await;
    let formosa = app.login("member@formosa.test").await;
    let own = owned(&app, app.acme, &member).await;
    let foreign = owned(&app, app.formosa, &formosa).await;
    let pdm = app.login("pdm@vendor.test").await;
    let admin = app.login("admin@vendor.test").await;
    let input = partner_map::server::admin::UserInput {
        email: "changed@acme.test",
        name: "Changed by admins",
        role: partner_map::model::Role::Member,
        partner_id: Some(app.acme),
        password: PASSWORD,
        locale: partner_map::model::Locale::En,
        time_zone: "UTC",
    };
    partner_map::server::admin::add_user(&app.db, input)
        .await
        .unwrap();
    let partner = partner_map::server::admin::add_partner(&app.db, "Changed Co", "USD", "UTC")
        .await
        .unwrap();
    let changed = Changed {
        user: app.user_id("changed@acme.test").await.to_string(),
        partner: partner.to_string(),
    };
    let callers = [
        ("member@acme.test", &member),
        ("pdm@vendor.test", &pdm),
        ("admin@vendor.test", &admin),
    ];
    let mut targets = targets(&own);
    // Found on records of their own: the well-formed calls may delete them.
    let scratch = owned(&app, app.acme, &member).await;
    for target in &mut targets {
        let cookie = caller(target, &member, &pdm, &admin);
        target.needs = discover(&app, target, &scratch, &changed, cookie).await;
    }
    let (cases, seed) = (cases(), seed());
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut refusals_checked = 0;
    let plan = plan_cases(&mut rng, &targets, cases);
    for (case, (t, mutations)) in plan.into_iter().enumerate() {
        let target = &targets[t];
        // The caller who gets past the access check, or now and then nobody.
        let cookie = match (rng.u8(..6), target.touching) {
            (0, _) => None,
            // Signing out ends the session it is called with: one of its own.
            _ if target.route == "/api/logout" => Some(app.login("pdm@vendor.test").await),
            _ => caller(target, &member, &pdm, &admin).map(str::to_string),
        };
        let cookie = cookie.as_deref();
        let mut draft = well_formed(target, &own, &changed);
        for (mutation, named) in mutations {
            let field = choose_field(&mut rng, &draft, named.as_deref(), &target.needs);
            mutate(&mut rng, &mut draft, mutation, field, &foreign);
        }
        let before = fingerprint(&app).await;
        let (status, shown) = status_of(&app, request(target, &draft, cookie)).await;
        *statuses.entry(status.as_u16()).or_default() += 1;
        let case_name = format!(
            "case {case} (FUZZ_SEED={seed}): {} {}{} as {}",
            draft.method,
            target.path,
            draft.query,
            if cookie.is_some() {
                "signed in"
            } else {
                "nobody"
            }
        );
        assert!(
            !status.is_server_error(),
            "{case_name} answered {status}: {shown}"
        );
        if status.is_client_error() {
            refusals_checked += 1;
            assert_eq!(
                fingerprint(&app).await,
                before,
                "{case_name} was refused ({status}) and wrote: {shown}"
            );
        }
        // The callers are still who they were: a call that signed one out
        // would leave the rest unchecked past the access check.
        if status.is_success() {
            for (email, cookie) in callers {
                let probe = app.call("/api/session", &[], Some(cookie)).await;
                assert!(
                    probe.body.contains(email),
                    "{case_name} ended {email}'s session: {}",
                    probe.body
                );
            }
        }
    }
    let cases = statuses.values().sum::<usize>();
    println!(
        "fuzz: {cases} cases over {} entry points ({} fields they need found) from seed {seed}: \
         statuses {statuses:?}; {refusals_checked} refusals checked to write nothing",
        targets.len(),
        targets.iter().map(|t| t.needs.len()).sum::<usize>()
    );
    assert!(refusals_checked > cases / 4);
}
