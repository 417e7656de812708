//! The command line, run as a person would: the real binary, a real database
//! (a SQLite file, or a fresh PostgreSQL database under scripts/with-postgres.sh).

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn partner_map(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch folder and the URL of a fresh database of the backend under test.
fn temp_db(name: &str) -> (std::path::PathBuf, String) {
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

    let out = partner_map(
        &db,
        &[
            "partner",
            "add",
            "--name",
            "Acme",
            "--currency",
            "USD",
            "--time-zone",
            "Asia/Taipei",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "prints the new id: {id}");

    let member = [
        "user",
        "add",
        "--email",
        "m@acme.test",
        "--name",
        "M",
        "--role",
        "member",
        "--partner",
        &id,
        "--password-stdin",
    ];
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
    let again = partner_map(&db, &["demo", "seed"], None);
    assert!(
        !again.status.success(),
        "seeding a non-empty database is refused"
    );
    let if_empty = partner_map(&db, &["demo", "seed", "--if-empty"], None);
    assert!(if_empty.status.success());
    std::fs::remove_dir_all(dir).unwrap();
}
