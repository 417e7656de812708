//! Live task changes: what one person saves reaches every open page of that
//! partner within a moment, pushed as server-sent events.
//!
//! A change is announced inside the transaction that writes it, so nobody
//! hears of a change that was rolled back. On PostgreSQL the announcement is a
//! `NOTIFY`, delivered at commit to every app instance listening on the same
//! database (this one included); on SQLite there is one instance, and the
//! change is handed to this process's listeners once the commit went through.
//! Each page's stream then keeps only its own partner's changes: the stream
//! was opened through the same access check as the page.

use crate::model::{PartnerId, TaskId};
use crate::server::db::{Db, Tx};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The PostgreSQL channel every instance listens on.
const CHANNEL: &str = "partner_map_tasks";

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

/// The app's hub of task events.
#[derive(Clone, Debug)]
pub struct Events {
    local: broadcast::Sender<TaskEvent>,
    closing: watch::Sender<bool>,
}

/// A change announced in a transaction, to be passed on once it commits.
#[must_use = "call `committed` after the transaction commits"]
pub struct Announced {
    /// Set on SQLite, where this process passes the event on itself.
    local: Option<(broadcast::Sender<TaskEvent>, TaskEvent)>,
}

impl Announced {
    pub fn committed(self) {
        if let Some((local, event)) = self.local {
            // Nobody listening is fine.
            let _ = local.send(event);
        }
    }
}

impl Default for Events {
    fn default() -> Self {
        Events {
            local: broadcast::channel(1024).0,
            closing: watch::channel(false).0,
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

    /// Ends every open stream, so a graceful shutdown does not wait on them.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// A page's stream of one partner's changes. A page that fell behind (the
    /// buffer overflowed) is told to reload its list: it never misses a change
    /// silently. A dropped connection is retried by the browser, whose page
    /// reloads its list when the stream opens again.
    pub fn stream(
        &self,
        partner: PartnerId,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        let state = (self.local.subscribe(), self.closing.subscribe());
        let events = stream::unfold(state, move |(mut rx, mut closing)| async move {
            loop {
                if *closing.borrow() {
                    return None;
                }
                let event = tokio::select! {
                    received = rx.recv() => received,
                    _ = closing.changed() => return None,
                };
                let out = match event {
                    Ok(e) if e.partner == partner => Event::default().event("task").data(e.data()),
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("reload").data("{}")
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                return Some((Ok(out), (rx, closing)));
            }
        });
        let hello = stream::once(async {
            Ok(Event::default()
                .event("ready")
                .data("{}")
                .retry(Duration::from_secs(2)))
        });
        Sse::new(futures_util::StreamExt::chain(hello, events))
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
    }
}

/// Passes every instance's announcements to this one's streams, reconnecting
/// when the database connection drops.
async fn listen(pool: sqlx::PgPool, local: broadcast::Sender<TaskEvent>) {
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(err) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %err, "cannot listen for task events");
                } else {
                    loop {
                        match listener.recv().await {
                            Ok(n) => {
                                if let Some(event) = TaskEvent::decode(n.payload()) {
                                    let _ = local.send(event);
                                }
                            }
                            Err(err) => {
                                tracing::warn!(error = %err, "task events connection lost");
                                break;
                            }
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "cannot connect for task events"),
        }
        if pool.is_closed() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
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
