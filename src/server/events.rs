//! Live task changes: what one person saves reaches every open page of that
//! partner within a moment, pushed as server-sent events.
//!
//! A change is announced inside the transaction that writes it, so nobody
//! hears of a change that was rolled back. On PostgreSQL the announcement is a
//! `NOTIFY`, delivered at commit to every app instance listening on the same
//! database (this one included); on SQLite there is one instance, and the
//! change is handed to this process's listeners once the commit went through.
//! Each page's stream then keeps only its own partner's changes: the stream
//! was opened through the same access check as the page, and checks again
//! every `Config::stream_recheck` and before each change it passes on, so it
//! ends when its reader's access does. Open streams are capped per user and
//! per instance ([`Slots`]).

use crate::model::{PartnerId, TaskId, UserId};
use crate::server::db::{Db, Tx};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The PostgreSQL channel every instance listens on.
const CHANNEL: &str = "partner_map_tasks";

/// When a browser reconnects after the server ended its stream to stop.
pub const RECONNECT_AFTER_STOP: Duration = Duration::from_secs(5);

/// What happened to a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Completed,
    Reopened,
    Deleted,
}

impl Change {
    const ALL: [Change; 5] = [
        Change::Created,
        Change::Updated,
        Change::Completed,
        Change::Reopened,
        Change::Deleted,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Completed => "completed",
            Change::Reopened => "reopened",
            Change::Deleted => "deleted",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskEvent {
    pub partner: PartnerId,
    pub task: TaskId,
    pub change: Change,
    /// The version the change made (0 for a deletion).
    pub version: i64,
}

impl TaskEvent {
    /// As sent through `NOTIFY`: `partner:task:change:version`.
    fn encode(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.partner,
            self.task,
            self.change.as_str(),
            self.version
        )
    }

    fn decode(payload: &str) -> Option<TaskEvent> {
        let mut parts = payload.split(':');
        let partner = parts.next()?.parse().ok()?;
        let task = parts.next()?.parse().ok()?;
        let change = parts.next()?;
        let change = Change::ALL.into_iter().find(|c| c.as_str() == change)?;
        let version = parts.next()?.parse().ok()?;
        Some(TaskEvent {
            partner,
            task,
            change,
            version,
        })
    }

    /// What a page's stream sends: the task, the change and its version.
    fn data(&self) -> String {
        format!(
            "{{\"task\":{},\"change\":\"{}\",\"version\":{}}}",
            self.task,
            self.change.as_str(),
            self.version
        )
    }
}

/// What this instance's streams hear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Heard {
    Task(TaskEvent),
    /// Changes may have gone by unheard (the database connection that
    /// carries them was lost for a while): every page reloads its list.
    Missed,
}

/// The app's hub of task events.
#[derive(Clone, Debug)]
pub struct Events {
    local: broadcast::Sender<Heard>,
    closing: watch::Sender<bool>,
    slots: Arc<Slots>,
}

/// A change announced in a transaction, to be passed on once it commits.
#[must_use = "call `committed` after the transaction commits"]
pub struct Announced {
    /// Set on SQLite, where this process passes the event on itself.
    local: Option<(broadcast::Sender<Heard>, TaskEvent)>,
}

impl Announced {
    pub fn committed(self) {
        if let Some((local, event)) = self.local {
            // Nobody listening is fine.
            let _ = local.send(Heard::Task(event));
        }
    }
}

impl Default for Events {
    fn default() -> Self {
        Events {
            local: broadcast::channel(1024).0,
            closing: watch::channel(false).0,
            slots: Arc::default(),
        }
    }
}

/// Open streams a user may hold at once: a person with a few tabs, several
/// windows and a phone stays well inside it; a script opening streams in a
/// loop does not get far.
pub const STREAMS_PER_USER: usize = 8;
/// Open streams an instance holds at once, each a connection and a task: a
/// bound well under the file descriptors the server raises its limit to.
pub const STREAMS_PER_INSTANCE: usize = 2_000;

/// The count of open streams, per user and in all.
#[derive(Debug, Default)]
struct Slots {
    open: Mutex<HashMap<UserId, usize>>,
}

/// One open stream's place; given back when the stream ends.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
    user: UserId,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.user) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.user);
            }
        }
    }
}

impl Events {
    /// Starts listening to the other instances (PostgreSQL only).
    pub fn start(db: &Db) -> Events {
        let events = Events::default();
        if let Db::Postgres(pool) = db {
            let (pool, local) = (pool.clone(), events.local.clone());
            tokio::spawn(async move { listen(pool, local).await });
        }
        events
    }

    /// A place for one more stream of `user`'s; `None` when they, or this
    /// instance, already hold as many as allowed.
    pub fn slot(&self, user: UserId) -> Option<Slot> {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = open.values().sum();
        let mine = open.get(&user).copied().unwrap_or(0);
        if mine >= STREAMS_PER_USER || total >= STREAMS_PER_INSTANCE {
            return None;
        }
        open.insert(user, mine + 1);
        Some(Slot {
            slots: self.slots.clone(),
            user,
        })
    }

    /// Announces `event` as part of `tx`.
    pub async fn announce(&self, tx: &mut Tx, event: TaskEvent) -> Result<Announced, sqlx::Error> {
        match tx {
            Tx::Postgres(tx) => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(event.encode())
                    .execute(&mut **tx)
                    .await?;
                Ok(Announced { local: None })
            }
            Tx::Sqlite(..) => Ok(Announced {
                local: Some((self.local.clone(), event)),
            }),
        }
    }

    /// Ends every open stream, each with a hint to reconnect in
    /// [`RECONNECT_AFTER_STOP`], so a graceful shutdown does not wait on them.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// A page's stream of one partner's changes, holding `slot` while open.
    ///
    /// `still_allowed` is asked every `recheck` and before each change is
    /// passed on; the stream ends the first time it says no. A page that fell
    /// behind (the buffer overflowed), or whose changes may have gone by
    /// unheard, is told to reload its list: it never misses a change silently.
    /// A dropped connection is retried by the browser, whose page reloads its
    /// list when the stream opens again.
    pub fn stream<C, F>(
        &self,
        partner: PartnerId,
        slot: Slot,
        recheck: Duration,
        still_allowed: C,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<C, F>>
    where
        C: Fn() -> F + Send + 'static,
        F: Future<Output = bool> + Send,
    {
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + recheck, recheck);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let open = Open {
            heard: self.local.subscribe(),
            closing: self.closing.subscribe(),
            every,
            still_allowed,
            _slot: slot,
        };
        let events = stream::unfold(open, move |mut open| async move {
            loop {
                if *open.closing.borrow() {
                    return None;
                }
                let heard = tokio::select! {
                    heard = open.heard.recv() => heard,
                    _ = open.every.tick() => {
                        if !(open.still_allowed)().await {
                            return None;
                        }
                        continue;
                    }
                    _ = open.closing.changed() => return None,
                };
                let out = match heard {
                    Ok(Heard::Task(e)) if e.partner == partner => {
                        Event::default().event("task").data(e.data())
                    }
                    Ok(Heard::Task(_)) => continue,
                    Ok(Heard::Missed) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("reload").data("{}")
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                if !(open.still_allowed)().await {
                    return None;
                }
                return Some((Ok(out), open));
            }
        });
        let hello = stream::once(async {
            Ok(Event::default()
                .event("ready")
                .data("{}")
                .retry(Duration::from_secs(2)))
        });
        // A stream ends when the server stops: its last word tells the
        // browser to come back once a restarted server is likely up, rather
        // than at once (into a refused connection) or after a cut stream.
        let goodbye = stream::once(async {
            Ok(Event::default()
                .retry(RECONNECT_AFTER_STOP)
                .comment("the server is stopping"))
        });
        let stream = futures_util::StreamExt::chain(hello, events);
        Sse::new(futures_util::StreamExt::chain(stream, goodbye))
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
    }
}

/// What an open stream holds.
struct Open<C> {
    heard: broadcast::Receiver<Heard>,
    closing: watch::Receiver<bool>,
    every: tokio::time::Interval,
    still_allowed: C,
    _slot: Slot,
}

/// Passes every instance's announcements to this one's streams, reconnecting
/// when the database connection drops. Notifications sent while it was down
/// are lost with it (PostgreSQL keeps none for an absent listener), so after
/// every reconnection each open page is told to reload its list.
async fn listen(pool: sqlx::PgPool, local: broadcast::Sender<Heard>) {
    let mut reconnecting = false;
    loop {
        match connect_listener(&pool).await {
            Ok(mut listener) => {
                if reconnecting {
                    tracing::info!("task events connection back; open pages reload");
                    let _ = local.send(Heard::Missed);
                }
                // `try_recv`, not `recv`: `recv` reconnects by itself and
                // would hide the gap.
                loop {
                    match listener.try_recv().await {
                        Ok(Some(n)) => {
                            if let Some(event) = TaskEvent::decode(n.payload()) {
                                let _ = local.send(Heard::Task(event));
                            }
                        }
                        Ok(None) => {
                            tracing::warn!("task events connection lost");
                            break;
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "task events connection lost");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot listen for task events"),
        }
        if pool.is_closed() {
            return;
        }
        reconnecting = true;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn connect_listener(pool: &sqlx::PgPool) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_the_trip_through_notify() {
        for change in Change::ALL {
            let e = TaskEvent {
                partner: PartnerId(3),
                task: TaskId(41),
                change,
                version: 7,
            };
            assert_eq!(TaskEvent::decode(&e.encode()), Some(e));
        }
        assert_eq!(TaskEvent::decode("3:41:exploded:1"), None);
        assert_eq!(TaskEvent::decode("x"), None);
    }
}
