//! Password hashing and checking on a few dedicated threads.
//!
//! Argon2id takes about 19 MiB and tens of milliseconds per call, by design. Run
//! without a bound, a burst of anonymous logins would take that memory hundreds
//! of times over. Here a fixed number of worker threads do the work, so memory
//! stays at workers × 19 MiB whatever arrives; a short queue absorbs bursts, and
//! beyond it a request is told at once that the server is busy. Every hash
//! the process makes goes through these workers: logins and password changes,
//! and the admin area's, the command line's and the demo's new passwords.

use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::oneshot;

enum Job {
    Hash(String, oneshot::Sender<Option<String>>),
    Verify(String, Option<String>, oneshot::Sender<bool>),
}

#[derive(Clone, Debug)]
pub struct PasswordWork {
    jobs: SyncSender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// Workers for the administrative changes, the command line and the demo,
/// which run outside a request's state: bounded like the app's own (each
/// `AppState` starts its workers, so that one app's burst of logins cannot
/// refuse another's in the same process, as in the tests).
pub fn shared() -> PasswordWork {
    static SHARED: LazyLock<PasswordWork> = LazyLock::new(PasswordWork::start);
    SHARED.clone()
}

impl PasswordWork {
    /// One worker per core (at most four) and a queue of 32 per worker.
    pub fn start() -> PasswordWork {
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(1, 4);
        PasswordWork::with_capacity(workers, 32 * workers)
    }

    pub fn with_capacity(workers: usize, queue: usize) -> PasswordWork {
        return_large_blocks_to_the_system();
        let (jobs, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..workers {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("passwords-{n}"))
                .spawn(move || work(&receiver));
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password worker");
            }
        }
        PasswordWork { jobs }
    }

    /// Whether `password` matches `stored`; with no stored hash (unknown email)
    /// it spends the same work and answers false.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool, AppError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Verify(password.to_string(), stored, reply))?;
        answer.await.map_err(|_| AppError::Busy)
    }

    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash(password.to_string(), reply))?;
        answer.await.ok().flatten().ok_or(AppError::Busy)
    }

    fn submit(&self, job: Job) -> Result<(), AppError> {
        self.jobs.try_send(job).map_err(|err| {
            if let TrySendError::Full(_) = err {
                tracing::warn!("password workers are saturated; request refused");
            }
            AppError::Busy
        })
    }
}

/// Argon2id with the crate's defaults (OWASP's minimum: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
}

/// Checks a password against a stored hash. With no hash (unknown email) it
/// still spends the same work, so response times do not reveal which emails exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_password("not a real password").unwrap_or_default());
    let hash = stored.unwrap_or(DUMMY.as_str());
    match PasswordHash::new(hash) {
        Ok(parsed) => {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
                && stored.is_some()
        }
        Err(_) => false,
    }
}

/// glibc raises its mmap threshold after the first large block is freed, so
/// later 19 MiB Argon2 blocks come from the heap, where fragmentation keeps
/// them: 200 logins in a burst left the process at 500 MB. A fixed threshold
/// keeps every large block mmapped and returns it when freed (68 MB then).
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: mallopt only changes an allocator tunable; it is called once,
        // before the workers allocate.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        });
    }
}

/// A worker's loop; it ends when the app (every sender) is gone.
fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let job = match receiver.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        match job {
            Ok(Job::Hash(password, reply)) => {
                let _ = reply.send(hash_password(&password).ok());
            }
            Ok(Job::Verify(password, stored, reply)) => {
                let _ = reply.send(verify_password(&password, stored.as_deref()));
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("wrong horse battery", Some(&hash)));
        assert!(!verify_password("not a real password", None));
    }

    #[tokio::test]
    async fn hashes_and_verifies_on_the_workers() {
        let work = PasswordWork::with_capacity(1, 4);
        let hash = work.hash("correct horse battery").await.unwrap();
        assert!(work
            .verify("correct horse battery", Some(hash.clone()))
            .await
            .unwrap());
        assert!(!work.verify("wrong", Some(hash)).await.unwrap());
        assert!(!work.verify("anything", None).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_answers_busy_at_once() {
        let work = PasswordWork::with_capacity(1, 1);
        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let work = work.clone();
                tokio::spawn(async move { work.verify("x", None).await })
            })
            .collect();
        let mut busy = 0;
        for attempt in attempts {
            if attempt.await.unwrap() == Err(AppError::Busy) {
                busy += 1;
            }
        }
        // One runs, one waits; the rest are refused without waiting.
        assert!(busy >= 5, "only {busy} of 8 were refused");
    }
}
