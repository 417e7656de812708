//! HTTP over a real socket, byte by byte: for the tests of the listener
//! (slow clients, shutdown), which must see exactly what reached the wire.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A complete answer: its status, header block and body (unchunked).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

/// How one request over a fresh connection went.
#[derive(Debug)]
pub enum Outcome {
    /// The connection was refused: the server never took it.
    Refused,
    /// A whole answer came.
    Answered(Answer),
    /// The server took the connection and it ended without a whole answer.
    Failed(String),
}

/// Sends `raw` (a whole request, with `Connection: close`) over a new
/// connection and reads until the server closes it.
pub async fn exchange(addr: SocketAddr, raw: &[u8]) -> Outcome {
    let mut tcp = match TcpStream::connect(addr).await {
        Ok(tcp) => tcp,
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionRefused => return Outcome::Refused,
        Err(err) => return Outcome::Failed(format!("connect: {err}")),
    };
    if let Err(err) = tcp.write_all(raw).await {
        return Outcome::Failed(format!("write: {err}"));
    }
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), tcp.read_to_end(&mut bytes)).await;
    match read {
        Err(_) => Outcome::Failed("no end within 60 s".into()),
        Ok(Err(err)) => Outcome::Failed(format!("read after {} bytes: {err}", bytes.len())),
        Ok(Ok(_)) => match parse(&bytes) {
            Some(answer) => Outcome::Answered(answer),
            None => Outcome::Failed(format!(
                "incomplete answer: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
            )),
        },
    }
}

/// A GET with `Connection: close`.
pub fn get(path: &str, headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n")
        .into_bytes()
}

/// A urlencoded POST wanting JSON, with `Connection: close`.
pub fn post(path: &str, body: &str, headers: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nSec-Fetch-Site: same-origin\r\nContent-Length: {}\r\n{headers}\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The answer in `bytes` if it is whole: a status line, headers, and a body
/// of its Content-Length or a chunked body with its last chunk.
pub fn parse(bytes: &[u8]) -> Option<Answer> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let rest = &bytes[split + 4..];
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let header = |name: &str| {
        head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        unchunk(rest)?
    } else if let Some(length) = header("content-length") {
        let length: usize = length.parse().ok()?;
        (rest.len() == length).then(|| rest.to_vec())?
    } else {
        rest.to_vec()
    };
    Some(Answer { status, head, body })
}

fn unchunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// Opens a connection and sends the start of a request header, never its end.
pub async fn unfinished_header(addr: SocketAddr) -> TcpStream {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .await
        .expect("write");
    tcp
}

/// Waits until the server closes `tcp`; how long that took from `since`.
pub async fn closed(
    mut tcp: TcpStream,
    since: tokio::time::Instant,
    within: Duration,
) -> Option<Duration> {
    let mut buf = [0u8; 1024];
    let waited = tokio::time::timeout_at(since + within, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    })
    .await;
    waited.ok().map(|()| since.elapsed())
}
