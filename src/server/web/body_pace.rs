//! How slowly a request body may arrive. A client that sends a body a byte
//! now and then would otherwise hold its connection (and a file descriptor)
//! for as long as it likes; the listener wraps every request body in
//! [`PacedBody`], which ends the body with an error once it falls behind
//! [`BodyPace`]. The handler then answers as for any broken request.

use axum::body::Bytes;
use axum::BoxError;
use http_body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// The slowest a body may come: after a grace period, at least `bytes_per_sec`
/// on average since its reading began. A body that stops coming is cut once
/// the bytes it sent no longer pay for the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyPace {
    pub grace: Duration,
    pub bytes_per_sec: u64,
}

/// 10 s to start, then 8 KiB/s on average: a 20 MB import over a poor mobile
/// link (50 KB/s) is well inside it; a 2 MB form post must have arrived within
/// 4.5 minutes, the largest upload within about 2 hours.
pub const BODY_PACE: BodyPace = BodyPace {
    grace: Duration::from_secs(10),
    bytes_per_sec: 8 * 1024,
};

impl BodyPace {
    /// How long, from its start, a body that has sent `received` bytes may
    /// take to send more.
    pub fn allowance(&self, received: u64) -> Duration {
        self.grace + Duration::from_secs_f64(received as f64 / self.bytes_per_sec as f64)
    }
}

/// The error a body that fell behind its pace ends with.
#[derive(Debug)]
pub struct BodyTooSlow;

impl std::fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body arrived too slowly")
    }
}

impl std::error::Error for BodyTooSlow {}

/// A request body held to a [`BodyPace`], timed from its first read (a
/// handler that checks access first does not eat into the client's time).
pub struct PacedBody<B> {
    inner: B,
    pace: BodyPace,
    received: u64,
    /// Set at the first read: when reading began, and the deadline for more.
    clock: Option<(Instant, Pin<Box<Sleep>>)>,
}

impl<B> PacedBody<B> {
    pub fn new(inner: B, pace: BodyPace) -> PacedBody<B> {
        PacedBody {
            inner,
            pace,
            received: 0,
            clock: None,
        }
    }
}

impl<B> Body for PacedBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        let pace = this.pace;
        let (started, deadline) = this.clock.get_or_insert_with(|| {
            let now = Instant::now();
            (now, Box::pin(tokio::time::sleep_until(now + pace.grace)))
        });
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let until = *started + pace.allowance(this.received);
                    deadline.as_mut().reset(until);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(BodyTooSlow.into()))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, StreamBody};

    #[test]
    fn the_allowance_grows_with_what_was_sent() {
        assert_eq!(BODY_PACE.allowance(0), Duration::from_secs(10));
        assert_eq!(BODY_PACE.allowance(8 * 1024 * 60), Duration::from_secs(70));
        // The largest form post (2 MB) has 4 min 26 s.
        assert_eq!(BODY_PACE.allowance(2 * 1024 * 1024).as_secs(), 266);
    }

    /// Scaled down so that the test takes a moment: 200 ms of grace, then
    /// 100 bytes a second.
    const QUICK: BodyPace = BodyPace {
        grace: Duration::from_millis(200),
        bytes_per_sec: 100,
    };

    type Chunks =
        std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Frame<Bytes>, BoxError>> + Send>>;

    /// `chunks` chunks of `size` bytes, one every `every`.
    fn trickle(every: Duration, size: usize, chunks: usize) -> PacedBody<StreamBody<Chunks>> {
        let stream = futures_util::stream::unfold(0, move |n| async move {
            (n < chunks).then_some(())?;
            tokio::time::sleep(every).await;
            Some((Ok(Frame::data(Bytes::from(vec![b'x'; size]))), n + 1))
        });
        PacedBody::new(StreamBody::new(Box::pin(stream) as Chunks), QUICK)
    }

    #[tokio::test]
    async fn a_body_that_keeps_its_pace_is_read_whole() {
        // 10 bytes every 50 ms is 200 bytes a second.
        let body = trickle(Duration::from_millis(50), 10, 12);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes.len(), 120);
    }

    /// How long reading `body` took before it was cut for being too slow.
    async fn cut_after(body: PacedBody<StreamBody<Chunks>>) -> Duration {
        let started = Instant::now();
        let err = body.collect().await.err().expect("cut");
        assert!(err.is::<BodyTooSlow>(), "{err}");
        started.elapsed()
    }

    #[tokio::test]
    async fn a_body_that_trickles_is_cut_once_it_falls_behind() {
        // One byte every 50 ms is 20 bytes a second: behind from about 250 ms.
        let took = cut_after(trickle(Duration::from_millis(50), 1, 100)).await;
        assert!(
            took >= Duration::from_millis(200) && took < Duration::from_millis(1000),
            "{took:?}"
        );
    }

    #[tokio::test]
    async fn a_body_that_never_comes_is_cut_after_the_grace() {
        let took = cut_after(trickle(Duration::from_secs(60), 1, 1)).await;
        assert!(
            took >= QUICK.grace && took < Duration::from_secs(2),
            "{took:?}"
        );
    }
}
