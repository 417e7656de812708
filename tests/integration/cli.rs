//! The command line, run as a person would: the real binary, a real database
//! (a SQLite file, or a fresh PostgreSQL database under scripts/with-postgres.sh).

use crate::support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub(crate) fn partner_map(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_partner-map"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// Adds the partner Acme (USD) through the command line; its id.
pub(crate) fn add_acme(db: &str, time_zone: &str) -> String {
    let partner = [
        "partner",
        "add",
        "--name",
        "Acme",
        "--currency",
        "USD",
        "--time-zone",
        time_zone,
    ];
    let out = partner_map(db, &partner, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_string()
}

/// Adds Acme and its member m@acme.test with `password`, through the command
/// line; returns the partner's id.
pub fn add_acme_member(db: &str, password: &str) -> String {
    let partner = add_acme(db, "UTC");
    let out = partner_map(db, &add_member(&partner), Some(password));
    assert!(out.status.success(), "{}", text(&out.stderr));
    partner
}

/// `user add` of the member m@acme.test of `partner`, password on stdin.
fn add_member(partner: &str) -> [&str; 11] {
    [
        "user",
        "add",
        "--email",
        "m@acme.test",
        "--name",
        "M",
        "--role",
        "member",
        "--partner",
        partner,
        "--password-stdin",
    ]
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch folder and the URL of a fresh database of the backend under test.
pub(crate) fn temp_db(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("partner-map-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = match std::env::var("PARTNER_MAP_TEST_POSTGRES") {
        Ok(_) => {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(support::fresh_database()).0
        }
        Err(_) => format!("sqlite://{}/cli.db", dir.display()),
    };
    (dir, url)
}

#[test]
fn an_administrator_sets_up_a_partner_with_its_people() {
    let (dir, db) = temp_db("setup");
    let out = partner_map(&db, &["migrate"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let id = add_acme(&db, "Asia/Taipei");
    assert!(id.parse::<i64>().is_ok(), "prints the new id: {id}");

    let member = add_member(&id);
    let out = partner_map(&db, &member, Some("a long passphrase\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = partner_map(&db, &member, Some("a long passphrase\n"));
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"));

    let out = partner_map(
        &db,
        &[
            "user",
            "add",
            "--email",
            "p@vendor.test",
            "--name",
            "P",
            "--role",
            "pdm",
            "--password-stdin",
        ],
        Some("another passphrase"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = partner_map(
        &db,
        &["pdm", "assign", "--pdm", "p@vendor.test", "--partner", &id],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let not_pdm = partner_map(
        &db,
        &["pdm", "assign", "--pdm", "m@acme.test", "--partner", &id],
        None,
    );
    assert!(!not_pdm.status.success());
    assert!(text(&not_pdm.stderr).contains("is not a PDM"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn wrong_arguments_get_a_clear_message_and_a_failing_exit() {
    let (dir, db) = temp_db("wrong");
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "partner",
                "add",
                "--name",
                "X",
                "--currency",
                "DOLLAR",
                "--time-zone",
                "UTC",
            ],
            "currency",
        ),
        (
            &[
                "partner",
                "add",
                "--name",
                "X",
                "--currency",
                "USD",
                "--time-zone",
                "Mars/Base",
            ],
            "time zone",
        ),
        (&["partner", "add", "--name", "X"], "--currency"),
        (
            &[
                "user",
                "add",
                "--email",
                "x@y.test",
                "--name",
                "X",
                "--role",
                "member",
                "--password-stdin",
            ],
            "--partner",
        ),
        (
            &[
                "user",
                "add",
                "--email",
                "x@y.test",
                "--name",
                "X",
                "--role",
                "owner",
                "--password-stdin",
            ],
            "owner",
        ),
        (
            &[
                "user",
                "add",
                "--email",
                "not-an-email",
                "--name",
                "X",
                "--role",
                "admin",
                "--password-stdin",
            ],
            "email",
        ),
        (
            &["pdm", "assign", "--pdm", "nobody@y.test", "--partner", "1"],
            "no user",
        ),
        (&["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        let out = partner_map(&db, args, Some("a long passphrase"));
        assert!(!out.status.success(), "{args:?} should fail");
        let err = text(&out.stderr);
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected:?} in {err}"
        );
    }
    let short = partner_map(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@y.test",
            "--name",
            "X",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("short"),
    );
    assert!(!short.status.success());
    assert!(text(&short.stderr).contains("at least 10 characters"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn help_describes_each_command() {
    let out = partner_map("sqlite://unused.db", &["--help"], None);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in ["serve", "migrate", "partner", "user", "pdm", "demo"] {
        assert!(help.contains(command), "--help lacks {command}");
    }
    let out = partner_map("sqlite://unused.db", &["user", "add", "--help"], None);
    assert!(text(&out.stdout).contains("--password-stdin"));
}

#[test]
fn demo_seed_creates_the_workspace_once() {
    let (dir, db) = temp_db("demo");
    let logins = dir.join("logins.txt");
    let out = partner_map(
        &db,
        &["demo", "seed", "--save-logins", logins.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    for email in [
        "admin@demo.partner-map.test",
        "pdm@demo.partner-map.test",
        "member@acme.demo.partner-map.test",
        "member@formosa.demo.partner-map.test",
    ] {
        assert!(printed.contains(email), "{email} not printed");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&logins).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Each partner has this year's plan, grown from last year's deals, with
    // two changes and their reasons in its history.
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use partner_map::model::metrics::Metric;
        use partner_map::server::store::{deal_metrics, goals};
        let store = partner_map::server::db::Db::connect(&db).await.unwrap();
        let year = chrono::Datelike::year(&chrono::Utc::now());
        for partner in [1, 2] {
            let scope = partner_map::server::authz::PartnerScope::for_operator(
                partner_map::model::PartnerId(partner),
            );
            let plan = goals::load(&store, &scope, year)
                .await
                .unwrap()
                .expect("a plan");
            assert_eq!(plan.version, 4);
            assert!(plan.content.goals.iter().all(|g| !g.is_empty()));
            let previous = deal_metrics::year_metrics(&store, &scope, year - 1)
                .await
                .unwrap();
            assert!(previous.total(Metric::SourcedDealMrr) > 0);
            assert!(
                plan.content.targets.total(Metric::SourcedDealMrr)
                    > previous.total(Metric::SourcedDealMrr)
            );
            let history = goals::revisions(&store, plan.id, 0).await.unwrap();
            assert_eq!(history.len(), 4);
            assert!(history
                .iter()
                .all(|r| !r.reason.is_empty() && r.changed_by.is_some()));
            assert_eq!(history[0].version, 4, "newest first");
            // A completed quarterly review of an earlier quarter, with notes,
            // a strategy change and the newest target change as its reason.
            let reviews = partner_map::server::store::reviews::list(&store, &scope)
                .await
                .unwrap();
            assert_eq!(reviews.len(), 1);
            let review = &reviews[0];
            assert_eq!(
                review.quarter(),
                partner_map::server::demo::reviews::demo_quarter(chrono::Utc::now().date_naive())
            );
            assert!(
                review.quarter()
                    < partner_map::model::reviews::Quarter::of(chrono::Utc::now().date_naive())
            );
            assert!(review.is_complete());
            assert!(review.completed_by.is_some());
            for text in [
                &review.attendees,
                &review.went_well,
                &review.did_not_go_well,
                &review.strategy,
            ] {
                assert!(!text.is_empty());
            }
            assert!(review.snapshot().is_some());
            assert_eq!(history[0].review_id, Some(review.id));
            assert!(history[0].subject.starts_with("target:"));
            assert!(history[1..].iter().all(|r| r.review_id.is_none()));
        }
        // The PDM's portfolio shows more than one pacing status at first login.
        let mut statuses = std::collections::BTreeSet::new();
        for partner in [1, 2] {
            let scope = partner_map::server::authz::PartnerScope::for_operator(
                partner_map::model::PartnerId(partner),
            );
            let actual = deal_metrics::year_metrics(&store, &scope, year)
                .await
                .unwrap();
            let targets = goals::load(&store, &scope, year)
                .await
                .unwrap()
                .unwrap()
                .content
                .targets;
            let elapsed =
                partner_map::model::progress::Elapsed::of(year, chrono::Utc::now().date_naive());
            for metric in Metric::ALL {
                let pacing =
                    partner_map::model::progress::pacing(&actual, &targets, metric, elapsed);
                statuses.insert(format!("{:?}", pacing.status));
            }
        }
        assert!(statuses.len() >= 2, "one status only: {statuses:?}");
        // A dozen tasks each: open and completed, some overdue, held by both
        // sides, and one reminder due within minutes (the bell's first).
        let now = chrono::Utc::now();
        for partner in [1, 2] {
            let scope = partner_map::server::authz::PartnerScope::for_operator(
                partner_map::model::PartnerId(partner),
            );
            let query = partner_map::server::store::tasks::ListQuery::default();
            let tasks = partner_map::server::store::tasks::list(&store, &scope, &query)
                .await
                .unwrap();
            assert!(tasks.len() >= 12, "{} tasks", tasks.len());
            assert!(tasks.iter().any(|t| t.completed_at.is_some()));
            assert!(
                tasks
                    .iter()
                    .any(|t| t.completed_at.is_none() && t.due_at < now),
                "none overdue"
            );
            let holders: std::collections::BTreeSet<_> =
                tasks.iter().filter_map(|t| t.assignee_id).collect();
            assert_eq!(holders.len(), 2, "held by the member and the PDM");
            assert!(tasks.iter().any(|t| t
                .remind_at
                .is_some_and(|at| at > now && at < now + chrono::Duration::minutes(5))));
        }
        store.close().await;
    });
    let again = partner_map(&db, &["demo", "seed"], None);
    assert!(
        !again.status.success(),
        "seeding a non-empty database is refused"
    );
    let if_empty = partner_map(&db, &["demo", "seed", "--if-empty"], None);
    assert!(if_empty.status.success());
    std::fs::remove_dir_all(dir).unwrap();
}

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hubspot")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn deals_import_previews_imports_again_and_round_trips_through_export() {
    let (dir, db) = temp_db("deals");
    let partner = add_acme(&db, "UTC");
    let import = |file: &str, extra: &[&str]| {
        let mut args = vec!["deals", "import", "--partner", &partner, file];
        args.extend_from_slice(extra);
        partner_map(&db, &args, None)
    };
    let export = || {
        let out = partner_map(&db, &["deals", "export", "--partner", &partner], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let rejections = "line 5: the create date \"02/30/2026\" is not a possible date\n\
                      line 6: the Record ID is missing\n\
                      line 7: the MRR \"-5\" is negative\n\
                      line 8: the close date 2026-02-01 is before the create date\n\
                      line 9: the MRR \"NT$30,000\" is in another currency than the partner's\n\
                      line 10: the Record ID 5001 appears again in the file\n";

    let mixed = fixture("mixed.csv");
    let out = import(&mixed, &["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("created 2, updated 0, unchanged 0, kept 0, rejected 6\n{rejections}")
    );
    assert_eq!(export().lines().count(), 1, "a dry run writes nothing");

    let out = import(&mixed, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("created 2, updated 0, unchanged 0, kept 0, rejected 6\n")
    );
    let out = import(&mixed, &[]);
    assert!(
        text(&out.stdout).starts_with("created 0, updated 0, unchanged 2, kept 0, rejected 6\n")
    );

    // The export imports back onto the same deals.
    let exported = export();
    assert!(exported.starts_with("Record ID,Deal Name,Deal Type,Deal Stage,"));
    let file = dir.join("export.csv");
    std::fs::write(&file, &exported).unwrap();
    let out = import(&file.display().to_string(), &[]);
    assert_eq!(
        text(&out.stdout),
        "created 0, updated 0, unchanged 2, kept 0, rejected 0\n"
    );

    // A file that is not a deals export: an error, and nothing written.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "Deal Name,Amount\nA,1\n").unwrap();
    let out = import(&bad.display().to_string(), &[]);
    assert!(!out.status.success());
    assert!(text(&out.stderr)
        .contains("The file lacks required columns: Record ID, Deal Stage, Create Date."));
    assert_eq!(export(), exported);

    // Flags override what is detected: here the total Amount is the MRR.
    let amount = fixture("amount-only.csv");
    let out = import(&amount, &[]);
    assert!(
        !out.status.success(),
        "no MRR column: {}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).contains("MRR"));
    let flags = [
        "--mrr-column",
        "Amount",
        "--kind",
        "assisted",
        "--won",
        "Won",
        "--lost",
        "Lost",
    ];
    let out = import(&amount, &flags);
    assert_eq!(
        text(&out.stdout),
        "created 3, updated 0, unchanged 0, kept 0, rejected 0\n",
        "{}",
        text(&out.stderr)
    );
    // The stage as the file named it (issue 25: the export writes it back).
    assert!(export().contains("1,One,Assisted,Won,2026-01-01,2026-01-31,1000.00"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn demo_generate_fills_a_database_with_partners_members_and_deals() {
    let (dir, db) = temp_db("generate");
    let out = partner_map(
        &db,
        &[
            "demo",
            "generate",
            "--partners",
            "3",
            "--deals-per-partner",
            "40",
            "--seed",
            "9",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("generated 3 partners and 120 deals"),
        "{}",
        text(&out.stdout)
    );
    let out = partner_map(&db, &["deals", "export", "--partner", "2"], None);
    assert_eq!(text(&out.stdout).lines().count(), 41);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn deactivate_reset_password_and_archive_from_the_command_line_are_audited() {
    let (dir, db) = temp_db("admin");
    let partner = add_acme_member(&db, "a member passphrase");
    for args in [
        vec!["user", "deactivate", "--email", "m@acme.test"],
        vec!["user", "reactivate", "--email", "m@acme.test"],
        vec!["partner", "archive", "--partner", &partner],
        vec!["partner", "restore", "--partner", &partner],
    ] {
        let out = partner_map(&db, &args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    // A made-up one-time password is printed once; a typed one is not.
    let out = partner_map(
        &db,
        &["user", "reset-password", "--email", "m@acme.test"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().len() >= 16);
    let out = partner_map(
        &db,
        &[
            "user",
            "reset-password",
            "--email",
            "m@acme.test",
            "--password-stdin",
        ],
        Some("typed one-time pass"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().is_empty());
    let unknown = partner_map(
        &db,
        &["user", "deactivate", "--email", "nobody@acme.test"],
        None,
    );
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("no user has the email"));
    // Every change is in the audit log, by the command line.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let kinds: Vec<(String, String)> = runtime.block_on(async {
        let db = partner_map::server::db::Db::connect(&db).await.unwrap();
        partner_map::server::db::with_db!(&db, |e| sqlx::query_as::<_, (String, String)>(
            "SELECT actor, kind FROM audit_log ORDER BY id"
        )
        .fetch_all(e)
        .await)
        .unwrap()
    });
    let expected = [
        "partner.create",
        "user.create",
        "user.deactivate",
        "user.reactivate",
        "partner.archive",
        "partner.restore",
        "user.reset_password",
        "user.reset_password",
    ];
    assert_eq!(
        kinds.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>(),
        expected
    );
    assert!(kinds.iter().all(|(a, _)| a == "command line"));
    std::fs::remove_dir_all(dir).unwrap();
}
