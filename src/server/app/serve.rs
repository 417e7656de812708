//! Serving: the listener, the background jobs and a graceful shutdown.

use crate::server::app::{self, jobs};
use crate::server::config::Config;
use axum::serve::ListenerExt;
use std::net::SocketAddr;

pub async fn serve(config: Config) -> Result<(), String> {
    let addr: SocketAddr = config.site_addr;
    let state = app::connect(config).await?;
    jobs::start(&state.db);
    let app = app::router(state.clone());
    // TCP_NODELAY: without it, Nagle's algorithm holds back the last small
    // segment of a response until the client's delayed ACK (about 40 ms), which
    // every static file and streamed page paid.
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        .tap_io(|tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                tracing::warn!(error = %err, "cannot set TCP_NODELAY");
            }
        });
    tracing::info!(%addr, database = state.db.backend_name(), "partner-map is serving on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown({
        let events = state.events.clone();
        async move {
            shutdown_signal().await;
            // Open event streams would otherwise keep the shutdown waiting.
            events.close();
        }
    })
    .await
    .map_err(|e| e.to_string())?;
    state.db.close().await;
    Ok(())
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
