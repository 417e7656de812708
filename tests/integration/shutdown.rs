//! A graceful stop (issue 21, point 13), tried on the real binary: under the
//! load of 32 clients, SIGTERM loses no request the server took, ends event
//! streams with a hint to reconnect, is not held up by a client that never
//! finishes its header, and the process exits 0 within the drain time.

use crate::cli::add_acme_member;
use crate::support::wire::{self, Outcome};
use crate::support::{self, PASSWORD};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

const CLIENTS: usize = 32;

/// The drain bound (`connections::DRAIN`), with a second for the process to end.
const EXIT_WITHIN: Duration = Duration::from_secs(11);

fn free_addr() -> SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap()
}

/// `partner-map serve` on `db`, once its health check answers.
async fn start(db: &str, log: &std::path::Path) -> (Child, SocketAddr) {
    let addr = free_addr();
    let child = Command::new(env!("CARGO_BIN_EXE_partner-map"))
        .arg("serve")
        .env("DATABASE_URL", db)
        .env("LEPTOS_SITE_ADDR", addr.to_string())
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Outcome::Answered(a) = wire::exchange(addr, &wire::get("/healthz", "")).await {
            if a.status == 200 {
                return (child, addr);
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What one client saw: each request's outcome, and when it was sent.
type Seen = Vec<(Instant, Instant, Outcome)>;

/// Requests one after another until the server refuses the connection.
async fn client(addr: SocketAddr, n: usize, stop: Arc<AtomicBool>) -> Seen {
    let mut seen = Vec::new();
    let mut i = n;
    while !stop.load(Ordering::Relaxed) {
        let request = match i % 3 {
            0 => wire::get("/healthz", ""),
            1 => wire::get("/login", "Accept: text/html\r\n"),
            _ => wire::post(
                "/api/login",
                &format!("email=nobody{n}%40acme.test&password=wrong+password"),
                "",
            ),
        };
        i += 1;
        let sent = Instant::now();
        let outcome = wire::exchange(addr, &request).await;
        let refused = matches!(outcome, Outcome::Refused);
        seen.push((sent, Instant::now(), outcome));
        if refused {
            break;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_loses_no_request_it_took_and_exits_0() {
    let (db, dir) = support::fresh_database().await;
    let scratch = std::env::temp_dir().join(format!("partner-map-stop-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let log = scratch.join(format!("serve-{}.log", support::backend()));
    // A member, for an event stream.
    let partner = add_acme_member(&db, PASSWORD);

    let (mut server, addr) = start(&db, &log).await;
    let login = wire::exchange(
        addr,
        &wire::post(
            "/api/login",
            &format!(
                "email=m%40acme.test&password={}",
                PASSWORD.replace(' ', "+")
            ),
            "",
        ),
    )
    .await;
    let Outcome::Answered(login) = login else {
        panic!("login: {login:?}")
    };
    let session = login
        .head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: pm_session="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session: {}", login.head))
        .to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /p/{partner}/tasks/events HTTP/1.1\r\nHost: localhost\r\n\
                 Accept: text/event-stream\r\nCookie: pm_session={session}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut heard = Vec::new();
    while !String::from_utf8_lossy(&heard).contains("event: ready") {
        let mut buf = [0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the stream opens")
            .unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&heard));
        heard.extend_from_slice(&buf[..n]);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| tokio::spawn(client(addr, n, stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    // A client that will never finish its header, opened just before the stop.
    let slow = wire::unfinished_header(addr).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let signalled = Instant::now();
    let pid = libc::pid_t::try_from(server.id()).unwrap();
    // SAFETY: kill sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(30) {
            let _ = server.kill();
            panic!("still running 30 s after SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let exited_after = signalled.elapsed();
    stop.store(true, Ordering::Relaxed);
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "exit {status:?}; log:\n{log_text}");
    assert!(
        exited_after <= EXIT_WITHIN,
        "exited {exited_after:?} after SIGTERM"
    );

    // The event stream ended cleanly, telling the browser when to come back.
    stream
        .read_to_end(&mut heard)
        .await
        .expect("ended, not reset");
    let heard = String::from_utf8_lossy(&heard);
    assert!(heard.contains("retry: 5000"), "{heard}");
    assert!(
        heard.ends_with("0\r\n\r\n"),
        "the chunked stream ended: {heard:?}"
    );
    drop(slow);

    let mut answered = 0;
    let mut in_flight = 0;
    let mut refused = 0;
    let mut failed = Vec::new();
    for client in clients {
        for (sent, ended, outcome) in client.await.unwrap() {
            match outcome {
                Outcome::Answered(_) => {
                    answered += 1;
                    if sent < signalled && ended > signalled {
                        in_flight += 1;
                    }
                }
                Outcome::Refused => refused += 1,
                Outcome::Failed(why) => failed.push(why),
            }
        }
    }
    eprintln!(
        "{}: {answered} answered ({in_flight} of them in flight at SIGTERM), \
         {refused} refused before acceptance, {} lost; exit 0 after {exited_after:?}",
        support::backend(),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "taken and then lost: {failed:?}\nlog:\n{log_text}"
    );
    assert!(answered > CLIENTS, "the clients made requests: {answered}");
    assert!(log_text.contains("stopped"), "{log_text}");
    let _ = std::fs::remove_dir_all(&scratch);
    drop(dir);
}
