//! Memory under a burst of anonymous logins: Argon2 takes about 19 MiB per
//! check, so without a bound 200 at once took the server to 3.6 GB. Measured on
//! this process, which runs the app: its peak resident memory is reset, then
//! read back after the burst. (Alone in its file, so no other test shares the peak.)

use crate::support::*;
use axum::http::StatusCode;

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
    let statuses = parallel_logins(&app, 200, |i| {
        (format!("visitor{i}@x.test"), "not the password".into())
    })
    .await;
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    let (checked, busy) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::SERVICE_UNAVAILABLE),
    );
    assert_eq!(
        checked + busy,
        200,
        "only refusals and checks: {statuses:?}"
    );
    let peak = peak_resident_mb();
    println!("200 concurrent logins: {checked} checked, {busy} told to retry; peak resident {before} → {peak} MB");
    assert!(peak < 300, "peak resident memory {peak} MB");
    assert!(checked > 0);
}
