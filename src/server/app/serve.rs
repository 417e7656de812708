//! Serving: the listener, the background jobs and a graceful shutdown.
//!
//! On SIGTERM (or Ctrl-C) the server stops accepting, tells every event
//! stream to come back later, finishes the requests in flight, lets each
//! background job finish the run it is in, and exits 0; whatever is not done
//! within `connections::DRAIN` of the signal is cut.

use crate::server::app::{self, connections, jobs};
use crate::server::config::Config;
use std::net::SocketAddr;
use tokio::sync::watch;

pub async fn serve(config: Config) -> Result<(), String> {
    let open_files = raise_open_file_limit();
    let limits = connections::Limits::new(config.trust_forwarded_for, open_files);
    let addr: SocketAddr = config.site_addr;
    let state = app::connect(config).await?;
    let (stop, stopping) = watch::channel(false);
    let jobs = jobs::start(&state, stopping);
    let app = app::router(state.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(
        %addr,
        database = state.db.backend_name(),
        open_files,
        connections = limits.total,
        "partner-map is serving on http://{addr}"
    );
    let signal = async {
        shutdown_signal().await;
        tracing::info!("stopping");
        let _ = stop.send(true);
        // Open event streams end with a hint to reconnect a little later.
        state.events.close();
    };
    let stopped = connections::run(listener, app, limits, signal).await;
    let jobs_left = jobs.stopped(stopped.since + limits.drain).await;
    state.db.close().await;
    tracing::info!(
        connections_cut = stopped.cut,
        jobs_cut = jobs_left,
        "stopped"
    );
    Ok(())
}

/// Raises the soft limit on open files to the hard limit, which is what the
/// system allows this process; the soft limit is often 1,024, which a few
/// hundred slow clients and the database exhaust. Returns the limit in force.
/// Through libc (already a dependency, for the allocator's tuning): two calls
/// do not need a crate.
fn raise_open_file_limit() -> u64 {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit read and write only `limit`.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return connections::MOST_CONNECTIONS as u64;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                } else {
                    let err = std::io::Error::last_os_error();
                    tracing::warn!(error = %err, soft = limit.rlim_cur, "cannot raise the open-file limit");
                }
            }
        }
        #[allow(clippy::useless_conversion)] // rlim_t is u64 on Linux, not everywhere
        u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX)
    }
    #[cfg(not(unix))]
    {
        connections::MOST_CONNECTIONS as u64
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
