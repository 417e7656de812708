//! Memory under a burst of anonymous logins: Argon2 takes about 19 MiB per
//! check, so without a bound 200 at once took the server to 3.6 GB. Measured on
//! this process, which runs the app: its peak resident memory is reset, then
//! read back after the burst. (Alone in its file, so no other test shares the peak.)

mod support;

use axum::http::StatusCode;
use support::*;

fn peak_resident_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_logins_stay_under_300_mb() {
    let app = spawn_app().await;
    // Warm up (one check, so the workers' memory counts), then reset the peak.
    app.call(
        "/api/login",
        &[("email", "a@b.test"), ("password", "warm up now")],
        None,
    )
    .await;
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = peak_resident_mb();
    let logins: Vec<_> = (0..200)
        .map(|i| {
            let router = app.router.clone();
            tokio::spawn(async move {
                let req = api_request(
                    "/api/login",
                    &[
                        ("email", &format!("visitor{i}@x.test")),
                        (
                            "password",
                            if std::env::var("NOHASH").is_ok() {
                                ""
                            } else {
                                "not the password"
                            },
                        ),
                    ],
                    None,
                    &format!("10.2.{}.{}:5000", i / 250, i % 250),
                );
                tower::ServiceExt::oneshot(router, req)
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut checked = 0;
    let mut busy = 0;
    for login in logins {
        match login.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::SERVICE_UNAVAILABLE => busy += 1,
            other => panic!("unexpected {other}"),
        }
    }
    let peak = peak_resident_mb();
    println!("200 concurrent logins: {checked} checked, {busy} told to retry; peak resident {before} → {peak} MB");
    assert!(peak < 300, "peak resident memory {peak} MB");
    assert!(checked > 0);
}
