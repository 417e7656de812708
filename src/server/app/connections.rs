//! Accepting and ending connections: the loop `serve` runs the Router on.
//!
//! `axum::serve` offers no header read timeout, so this loop serves HTTP/1
//! with hyper itself (as axum's `serve-with-hyper` example does) and bounds
//! what any client can hold:
//! - a request header must arrive within [`HEADER_READ_TIMEOUT`] (a kept-alive
//!   connection waiting for its next request is closed after as long);
//! - a request body must keep up with `web::body_pace::BODY_PACE`;
//! - at most [`PER_CLIENT`] connections from one address (a quarter of the
//!   total where that is less). One beyond gets a 503 in the caller's
//!   language and is closed; it must send its header within
//!   [`CROWDED_HEADER_TIMEOUT`], and past [`MOST_CROWDED`] such connections
//!   at once the next is closed unanswered, so one address flooding the
//!   server does not take the others' slots. Behind a trusted proxy every
//!   connection comes from the proxy, so only the total applies;
//! - at most `Limits::total` connections in all: beyond it the loop waits
//!   before accepting, so the process keeps descriptors for the database and
//!   files, and `/healthz` answers as soon as a slot is free;
//! - an accept error (out of descriptors, a connection reset before it was
//!   taken) is logged and the loop accepts again after a short pause.
//!
//! On shutdown the loop stops accepting without dropping anyone: connections
//! the system already completed are taken and served, later ones are refused
//! (see [`stop_listening`]). Requests in flight are finished, each connection
//! closes after its answer, and whatever is still open after
//! [`Limits::drain`] is cut.

use crate::error::AppError;
use crate::server::web::body_pace::{BodyPace, PacedBody, BODY_PACE};
use crate::server::web::respond::refused;
use crate::server::web::session::request_locale;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::response::Response;
use axum::Router;
use http::header::{HeaderValue, CONNECTION, RETRY_AFTER};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long a client may take to send a request's header (issue 21: 10 s).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections from one address at a time: an office behind one NAT address
/// with 40 browsers of 6 connections each stays under it.
pub const PER_CLIENT: usize = 256;

/// A connection over its address's limit must send its header within this.
pub const CROWDED_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// Connections over their address's limit answered at once; more are closed
/// unanswered.
pub const MOST_CROWDED: usize = 64;

/// Connections in all, when the open-file limit allows that many.
pub const MOST_CONNECTIONS: usize = 4096;

/// Descriptors kept for the database pool, the log and files being read.
const RESERVED_FILES: u64 = 128;

/// How long requests in flight have to finish once the server is stopping.
pub const DRAIN: Duration = Duration::from_secs(10);

/// Once the server is stopping, how long after it opened a connection may
/// still send its first header: a client sends it at once, a round trip
/// away.
const FIRST_HEADER_WHEN_STOPPING: Duration = Duration::from_secs(2);

/// The pause after a failed accept: out of descriptors, accepting again at
/// once would spin.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// What the loop allows each client and all of them.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub body: BodyPace,
    /// `None` behind a trusted proxy, whose address is everyone's.
    pub per_client: Option<usize>,
    pub total: usize,
    /// Connections over their address's limit that are answered at once.
    pub crowded: usize,
    pub drain: Duration,
}

impl Limits {
    /// The limits for a process allowed `open_files` descriptors.
    pub fn new(trust_forwarded_for: bool, open_files: u64) -> Limits {
        let room = open_files.saturating_sub(RESERVED_FILES + MOST_CROWDED as u64);
        let total = usize::try_from(room)
            .unwrap_or(MOST_CONNECTIONS)
            .clamp(16, MOST_CONNECTIONS);
        Limits {
            header_read: HEADER_READ_TIMEOUT,
            body: BODY_PACE,
            per_client: (!trust_forwarded_for).then_some(PER_CLIENT.min(total / 4)),
            total,
            crowded: MOST_CROWDED,
            drain: DRAIN,
        }
    }
}

/// How the loop ended.
#[derive(Debug)]
pub struct Stopped {
    /// When `shutdown` completed.
    pub since: tokio::time::Instant,
    /// Connections still open when the drain time was up, cut.
    pub cut: usize,
}

/// Serves `router` on `listener` until `shutdown` completes, then stops as
/// the module says.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Stopped {
    let slots = Arc::new(Semaphore::new(limits.total));
    let crowded_slots = Arc::new(Semaphore::new(limits.crowded));
    let clients = Clients::default();
    let (stopping, stop) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    let open = |tcp: TcpStream, addr: SocketAddr, slot, connections: &mut JoinSet<()>| {
        // TCP_NODELAY: without it, Nagle's algorithm holds back the last small
        // segment of a response until the client's delayed ACK (about 40 ms),
        // which every static file and streamed page paid.
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::warn!(error = %err, "cannot set TCP_NODELAY");
        }
        let (client, crowded) = clients.enter(addr.ip(), limits.per_client);
        // A crowded connection gives its slot back and takes one of the few
        // kept for those, or is closed unanswered.
        let slot = if crowded {
            match crowded_slots.clone().try_acquire_owned() {
                Ok(crowded_slot) => Some(crowded_slot),
                Err(_) => {
                    tracing::debug!(client = %addr, "too many connections: closed unanswered");
                    return;
                }
            }
        } else {
            slot
        };
        let connection = Connection {
            addr,
            router: router.clone(),
            limits,
            crowded,
            _slot: slot,
            _client: client,
        };
        connections.spawn(connection.serve(tcp, stop.clone()));
    };
    loop {
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            biased;
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => slot.ok(),
        };
        let accepted = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((tcp, addr)) => open(tcp, addr, slot, &mut connections),
            Err(err) => {
                tracing::warn!(error = %err, "cannot accept a connection; accepting again shortly");
                tokio::time::sleep(ACCEPT_PAUSE).await;
            }
        }
    }
    let since = tokio::time::Instant::now();
    let _ = stopping.send(true);
    for (tcp, addr) in stop_listening(listener) {
        open(
            tcp,
            addr,
            slots.clone().try_acquire_owned().ok(),
            &mut connections,
        );
    }
    tracing::info!(
        connections = connections.len(),
        "stopped accepting; finishing the requests in flight"
    );
    let drained = tokio::time::timeout_at(since + limits.drain, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    let cut = connections.len();
    if drained.is_err() {
        tracing::warn!(
            connections = cut,
            "connections still open after the drain time: cut"
        );
        connections.shutdown().await;
    }
    Stopped { since, cut }
}

/// Closes the listener without resetting a connection the system already
/// completed: on Linux a filter first drops every new handshake packet (the
/// client's retry then finds the port closed and is refused), then every
/// connection waiting to be accepted is taken, then the socket closes.
/// Elsewhere the connections waiting are taken and the socket closed, which
/// leaves a short window in which one may be reset.
fn stop_listening(listener: TcpListener) -> Vec<(TcpStream, SocketAddr)> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let drop_all = [libc::sock_filter {
            code: (libc::BPF_RET | libc::BPF_K) as u16,
            jt: 0,
            jf: 0,
            k: 0,
        }];
        let program = libc::sock_fprog {
            len: 1,
            filter: drop_all.as_ptr().cast_mut(),
        };
        // SAFETY: the program and its one instruction outlive the call, which
        // copies them; the descriptor is the listener's, open until it drops.
        let rc = unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_ATTACH_FILTER,
                std::ptr::from_ref(&program).cast(),
                std::mem::size_of::<libc::sock_fprog>() as libc::socklen_t,
            )
        };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            tracing::warn!(error = %err, "cannot hold back new connections while stopping");
        }
    }
    let mut waiting = Vec::new();
    let Ok(listener) = listener.into_std() else {
        return waiting;
    };
    // The socket is non-blocking: this takes what is queued, and no more.
    while let Ok((tcp, addr)) = listener.accept() {
        let tcp = tcp
            .set_nonblocking(true)
            .and_then(|()| TcpStream::from_std(tcp));
        match tcp {
            Ok(tcp) => waiting.push((tcp, addr)),
            Err(err) => tracing::warn!(error = %err, "cannot take a waiting connection"),
        }
    }
    waiting
}

/// One accepted connection and what it holds.
struct Connection {
    addr: SocketAddr,
    router: Router,
    limits: Limits,
    /// Over its address's limit: answered 503 and closed.
    crowded: bool,
    /// Held until the connection closes.
    _slot: Option<OwnedSemaphorePermit>,
    _client: ClientSlot,
}

impl Connection {
    async fn serve(self, tcp: TcpStream, mut stop: watch::Receiver<bool>) {
        let Connection {
            addr,
            router,
            limits,
            crowded,
            ..
        } = self;
        let opened = tokio::time::Instant::now();
        let asked = Arc::new(AtomicBool::new(false));
        let service = service_fn({
            let (asked, stop) = (asked.clone(), stop.clone());
            move |req: http::Request<Incoming>| {
                asked.store(true, Ordering::Relaxed);
                let (router, stop) = (router.clone(), stop.clone());
                async move {
                    if crowded {
                        return Ok::<_, Infallible>(too_many_connections(req.headers()));
                    }
                    let mut req = req.map(|body| Body::new(PacedBody::new(body, limits.body)));
                    req.extensions_mut().insert(ConnectInfo(addr));
                    let mut res = router.oneshot(req).await?;
                    if *stop.borrow() {
                        // The last answer on this connection.
                        res.headers_mut()
                            .insert(CONNECTION, HeaderValue::from_static("close"));
                    }
                    Ok(res)
                }
            }
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(if crowded {
                CROWDED_HEADER_TIMEOUT.min(limits.header_read)
            } else {
                limits.header_read
            })
            .keep_alive(!crowded);
        let mut conn = pin!(builder.serve_connection(TokioIo::new(tcp), service));
        let result = tokio::select! {
            result = conn.as_mut() => result,
            () = async { let _ = stop.wait_for(|stopping| *stopping).await; } => {
                if asked.load(Ordering::Relaxed) {
                    // Ends after the request in flight, or at once between two.
                    conn.as_mut().graceful_shutdown();
                    conn.await
                } else {
                    // Nothing asked yet: hyper's graceful shutdown would close
                    // it at once, though it may have been taken from the queue
                    // just now, its request on the way. It gets a moment to
                    // send its header (its answer closes it), then is closed,
                    // so a slow client does not hold up the stop.
                    tokio::select! {
                        result = conn.as_mut() => result,
                        () = tokio::time::sleep_until(opened + FIRST_HEADER_WHEN_STOPPING) => {
                            if !asked.load(Ordering::Relaxed) {
                                return;
                            }
                            conn.await
                        }
                    }
                }
            }
        };
        if let Err(err) = result {
            tracing::debug!(error = %err, client = %addr, "connection ended with an error");
        }
    }
}

fn too_many_connections(headers: &http::HeaderMap) -> Response {
    let mut res = refused(request_locale(None, headers), AppError::Busy);
    res.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("10"));
    res
}

/// Open connections per client address.
#[derive(Clone, Default)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection of a client, counted until it drops.
struct ClientSlot {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    /// Counts a connection from `ip`; true when that is more than `limit`.
    fn enter(&self, ip: IpAddr, limit: Option<usize>) -> (ClientSlot, bool) {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_default();
        *count += 1;
        let crowded = limit.is_some_and(|limit| *count > limit);
        let slot = ClientSlot {
            clients: self.clone(),
            ip,
        };
        (slot, crowded)
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.clients.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_leaves_room_for_the_database_and_files() {
        assert_eq!(Limits::new(false, 1024).total, 832);
        assert_eq!(Limits::new(false, 1 << 20).total, MOST_CONNECTIONS);
        assert_eq!(Limits::new(false, 100).total, 16);
    }

    #[test]
    fn behind_a_trusted_proxy_only_the_total_applies_and_one_address_takes_a_quarter_at_most() {
        assert_eq!(Limits::new(false, 1 << 20).per_client, Some(PER_CLIENT));
        assert_eq!(Limits::new(true, 1 << 20).per_client, None);
        // Where few files are allowed, one address takes a quarter at most.
        assert_eq!(Limits::new(false, 1024).per_client, Some(208));
    }

    #[test]
    fn a_client_is_crowded_past_its_limit_until_one_closes() {
        let clients = Clients::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        let first = clients.enter(ip, Some(2));
        let second = clients.enter(ip, Some(2));
        let third = clients.enter(ip, Some(2));
        assert!(!first.1 && !second.1 && third.1);
        assert!(!clients.enter([10, 0, 0, 2].into(), Some(2)).1);
        drop((first, third));
        assert!(!clients.enter(ip, Some(2)).1);
        drop(second);
        assert!(clients.0.lock().unwrap().is_empty());
    }
}
