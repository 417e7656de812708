//! Pages served again as they were rendered, while nothing they show has changed.
//!
//! A signed-in page costs about a millisecond of server time to render, most
//! of it Leptos building the HTML and a dozen trips to the database; a person
//! comes back to the same page often (the goals after the tasks, the progress
//! after a review). Whether anything a page shows has changed since it was
//! rendered is one query: the partner's `deals_version` and `data_version`
//! and the `site_version` (migration 0010), which triggers bump inside every
//! writing transaction, so no writer can forget and the new numbers are seen
//! exactly when the new records are. The stamp is read before the page is
//! rendered, so a page is never filed under a stamp newer than what it shows.
//!
//! **What is kept:** a signed-in `GET` of a partner's page (`/p/{id}/…`) or
//! of `/settings`, answered 200 with HTML and no cookie, when no flash waits
//! to be shown (a flash is shown once; that view is always rendered). Pages
//! that read what the versions do not cover (the portfolio, the admin area
//! and its audit log, the notification list) are always rendered.
//!
//! **The key** is everything else a page depends on: the person, the path and
//! query, the language, the minute (pages say "today" and "overdue" in a time
//! zone, and every zone's offset is whole minutes) and the stamp.
//!
//! **Every answer has its own CSP nonce.** A page is kept in pieces around its
//! nonce; an answer joins them with a fresh one. Its gzip form is kept as one
//! deflate stream per piece, each ending byte-aligned with no reference to what
//! came before, so the fresh nonce goes between them as a stored block and
//! nothing is compressed again.
//!
//! Each instance keeps its own pages, at most [`CAPACITY_BYTES`], the oldest
//! leaving first; several instances stay correct because the stamp is read
//! from the database on every view.

use crate::model::area::parse_workspace_path;
use crate::model::{Locale, PartnerId, UserId};
use crate::server::authz::Caller;
use crate::server::state::AppState;
use crate::server::store::partners::{self, PageStamp};
use crate::server::web::island_scripts;
use crate::server::web::routes::PLAIN_ROUTES;
use crate::server::web::security::{page_csp, page_csp_nonce};
use crate::server::web::session::Flash;
use crate::server::web::static_files::accepts;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    SET_COOKIE, VARY,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// How much page text one instance keeps (the plain and gzip forms together).
pub const CAPACITY_BYTES: usize = 32 * 1024 * 1024;

/// A page larger than this is rendered every time rather than crowd out the rest.
const LARGEST_PAGE: usize = CAPACITY_BYTES / 16;

/// The pages this instance keeps.
#[derive(Debug, Default)]
pub struct PageCache {
    store: Mutex<Store>,
    /// Views answered from here (for tests and the benchmark's report).
    hits: AtomicU64,
}

#[derive(Debug, Default)]
struct Store {
    pages: HashMap<Key, Arc<Page>>,
    /// Oldest first, for eviction.
    order: VecDeque<Key>,
    bytes: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    user: UserId,
    path_and_query: String,
    locale: Locale,
    minute: i64,
    stamp: PageStamp,
}

/// A rendered page, in pieces around its nonce.
#[derive(Debug)]
struct Page {
    /// The response's headers, without its length and policy.
    headers: HeaderMap,
    /// The HTML between the occurrences of the nonce.
    pieces: Vec<Bytes>,
    /// Each piece as raw deflate, ending byte-aligned and not final.
    deflated: Vec<Bytes>,
}

impl PageCache {
    fn get(&self, key: &Key) -> Option<Arc<Page>> {
        self.store.lock().ok()?.pages.get(key).cloned()
    }

    fn put(&self, key: Key, page: Arc<Page>) {
        let size = page.size();
        if size > LARGEST_PAGE {
            return;
        }
        let Ok(mut store) = self.store.lock() else {
            return;
        };
        while store.bytes + size > CAPACITY_BYTES {
            let Some(oldest) = store.order.pop_front() else {
                break;
            };
            if let Some(gone) = store.pages.remove(&oldest) {
                store.bytes -= gone.size();
            }
        }
        if let Some(replaced) = store.pages.insert(key.clone(), page) {
            store.bytes -= replaced.size();
        } else {
            store.order.push_back(key);
        }
        store.bytes += size;
    }

    /// How many views were answered from here.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.store.lock().map(|s| s.pages.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The page layer: the one that reads a rendered page's HTML (once, whole:
/// pages are rendered whole, async SSR). It takes the WASM loader out of a
/// page without islands ([`island_scripts`]), answers a view from the pages
/// it keeps when nothing it shows has changed, and keeps what it may. Its
/// state is the app's (for the stamp's query) and the pages it keeps.
pub async fn serve(
    State((state, pages)): State<(AppState, Arc<PageCache>)>,
    req: Request,
    next: Next,
) -> Response {
    let gzip = req
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| accepts(v, "gzip"));
    let key = match CacheableView::of(&req) {
        None => None,
        Some(view) => match partners::page_stamp(&state.db, view.partner).await {
            Ok(stamp) => Some(Key {
                user: view.user,
                path_and_query: view.path_and_query,
                locale: view.locale,
                minute: chrono::Utc::now().timestamp().div_euclid(60),
                stamp,
            }),
            Err(err) => {
                tracing::warn!(error = %err, "page stamp unreadable; rendering");
                None
            }
        },
    };
    if let Some(page) = key.as_ref().and_then(|key| pages.get(key)) {
        pages.hits.fetch_add(1, Ordering::Relaxed);
        return page.answer(&leptos::nonce::Nonce::new(), gzip);
    }
    let res = next.run(req).await;
    if !is_html(&res) {
        return res;
    }
    let keepable = is_keepable(&res);
    let (mut parts, body) = res.into_parts();
    // Ours and rendered whole already, so read without a size limit; a body
    // that fails while streaming is a server error.
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let bytes = island_scripts::only_where_used(bytes);
    parts.headers.remove(CONTENT_LENGTH);
    let nonce = parts
        .headers
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(page_csp_nonce)
        .map(str::to_string);
    let kept = match (key, nonce) {
        (Some(key), Some(nonce)) if keepable => {
            Page::new(&parts.headers, &bytes, &nonce).map(|page| (key, page, nonce))
        }
        _ => None,
    };
    let Some((key, page, nonce)) = kept else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    // This view is answered from the pieces too, with the nonce it was
    // rendered with: they are gzipped already.
    let page = Arc::new(page);
    let res = page.answer(&nonce, gzip);
    pages.put(key, page);
    res
}

/// A request whose answer may come from the cache.
struct CacheableView {
    user: UserId,
    partner: Option<PartnerId>,
    path_and_query: String,
    locale: Locale,
}

impl CacheableView {
    fn of(req: &Request) -> Option<CacheableView> {
        if req.method() != Method::GET {
            return None;
        }
        // Pages only: a CSV export or an event stream under the same paths
        // is never kept, so its stamp is not read either.
        let route = req.extensions().get::<MatchedPath>()?.as_str();
        if PLAIN_ROUTES.contains(&route) {
            return None;
        }
        let path = req.uri().path();
        // A partner's API tokens change when they are used (last use, its
        // address), which no version covers: that page is always rendered.
        if path.ends_with("/api-tokens") {
            return None;
        }
        let partner = match parse_workspace_path(path) {
            Some((partner, _)) => Some(partner),
            None if path == "/settings" => None,
            None => return None,
        };
        let extensions = req.extensions();
        let user = extensions.get::<Caller>()?.0.as_ref()?.user.id;
        if extensions.get::<Flash>().is_some_and(|f| f.0.is_some()) {
            return None;
        }
        let locale = *extensions.get::<Locale>()?;
        Some(CacheableView {
            user,
            partner,
            path_and_query: req.uri().path_and_query()?.as_str().to_string(),
            locale,
        })
    }
}

/// A page: an answer in HTML, whatever its status.
fn is_html(res: &Response) -> bool {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// A whole page for this person alone: a 200 that sets no cookie and is not
/// streamed out compressed already.
fn is_keepable(res: &Response) -> bool {
    let headers = res.headers();
    res.status() == StatusCode::OK
        && !headers.contains_key(SET_COOKIE)
        && !headers.contains_key(CONTENT_ENCODING)
}

impl Page {
    fn new(headers: &HeaderMap, html: &Bytes, nonce: &str) -> Option<Page> {
        let pieces = split_at(html, nonce)?;
        let deflated = pieces
            .iter()
            .map(|piece| gzip_pieces::deflate_piece(piece).map(Bytes::from))
            .collect::<std::io::Result<Vec<_>>>()
            .ok()?;
        let mut headers = headers.clone();
        headers.remove(CONTENT_LENGTH);
        headers.remove(CONTENT_SECURITY_POLICY);
        Some(Page {
            headers,
            pieces,
            deflated,
        })
    }

    fn size(&self) -> usize {
        self.pieces
            .iter()
            .chain(&self.deflated)
            .map(Bytes::len)
            .sum()
    }

    /// The page with `nonce`, gzipped when the client takes it.
    fn answer(&self, nonce: &str, gzip: bool) -> Response {
        let body = if gzip {
            gzip_pieces::join(&self.pieces, &self.deflated, nonce.as_bytes())
        } else {
            self.pieces.join(nonce.as_bytes())
        };
        let mut res = Response::new(Body::from(body));
        let headers = res.headers_mut();
        headers.clone_from(&self.headers);
        if let Ok(policy) = HeaderValue::from_str(&page_csp(nonce)) {
            headers.insert(CONTENT_SECURITY_POLICY, policy);
        }
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
        if gzip {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        res
    }
}

/// `html` split at every occurrence of `separator`, as views into it.
fn split_at(html: &Bytes, separator: &str) -> Option<Vec<Bytes>> {
    let text = std::str::from_utf8(html).ok()?;
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(separator) {
        pieces.push(html.slice(start..at));
        start = at + separator.len();
    }
    pieces.push(html.slice(start..));
    Some(pieces)
}

/// A gzip stream assembled from pieces compressed once and text inserted
/// between them uncompressed (RFC 1951 stored blocks, RFC 1952 framing).
mod gzip_pieces {
    use super::Bytes;
    use flate2::{Compress, Compression, FlushCompress, Status};

    /// `piece` as raw deflate blocks, none final, ending on a byte boundary
    /// (a sync flush). A fresh compressor, so nothing in it refers back to
    /// text before it: the piece can follow any other text.
    pub fn deflate_piece(piece: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut compress = Compress::new(Compression::fast(), false);
        let mut out = Vec::with_capacity(piece.len() / 2 + 64);
        loop {
            let consumed = compress.total_in() as usize;
            if out.len() == out.capacity() {
                out.reserve(out.capacity().max(64));
            }
            let status = compress
                .compress_vec(&piece[consumed..], &mut out, FlushCompress::Sync)
                .map_err(std::io::Error::other)?;
            let done = compress.total_in() as usize == piece.len() && out.len() < out.capacity();
            if done || status == Status::StreamEnd {
                return Ok(out);
            }
        }
    }

    /// The gzip file of `pieces` joined by `between`, from their deflated forms.
    pub fn join(pieces: &[Bytes], deflated: &[Bytes], between: &[u8]) -> Vec<u8> {
        const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        // A final stored block of no bytes ends the stream.
        const LAST_BLOCK: [u8; 5] = [1, 0, 0, 0xff, 0xff];
        let mut out = Vec::with_capacity(
            HEADER.len()
                + deflated.iter().map(|d| d.len()).sum::<usize>()
                + pieces.len() * (between.len() + 5)
                + 16,
        );
        out.extend_from_slice(&HEADER);
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0usize;
        for (i, (piece, deflated)) in pieces.iter().zip(deflated).enumerate() {
            if i > 0 {
                stored_blocks(&mut out, between);
                crc.update(between);
                len += between.len();
            }
            out.extend_from_slice(deflated);
            crc.update(piece);
            len += piece.len();
        }
        out.extend_from_slice(&LAST_BLOCK);
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
        out
    }

    /// `text` as non-final stored blocks (at most 65,535 bytes each), starting
    /// on a byte boundary.
    fn stored_blocks(out: &mut Vec<u8>, text: &[u8]) {
        for chunk in text.chunks(u16::MAX as usize) {
            let len = chunk.len() as u16;
            out.push(0);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Read;

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .expect("a valid gzip file");
        out
    }

    fn page_of(html: &str, nonce: &str) -> Page {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        Page::new(&headers, &Bytes::copy_from_slice(html.as_bytes()), nonce).unwrap()
    }

    #[test]
    fn an_answer_carries_the_nonce_its_policy_names() {
        let html =
            r#"<script nonce="N0NCE">a()</script><p>x</p><script nonce="N0NCE">b()</script>"#;
        let page = page_of(html, "N0NCE");
        let fresh = || leptos::nonce::Nonce::new().to_string();
        let first = page.answer(&fresh(), false);
        let second = page.answer(&fresh(), false);
        let nonce = |res: &Response| {
            page_csp_nonce(res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap())
                .unwrap()
                .to_string()
        };
        assert_ne!(nonce(&first), nonce(&second));
        assert_ne!(nonce(&first), "N0NCE");
        let body = page.pieces.join(nonce(&first).as_bytes());
        assert_eq!(
            String::from_utf8(body).unwrap(),
            html.replace("N0NCE", &nonce(&first))
        );
        assert_eq!(first.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert!(first.headers().get(CONTENT_ENCODING).is_none());
        assert_eq!(
            page.answer(&fresh(), true).headers()[CONTENT_ENCODING],
            "gzip"
        );
    }

    #[test]
    fn the_gzip_answer_is_the_page_with_its_nonce() {
        // Repeated text across pieces: a piece that referred back past the
        // inserted nonce would decompress wrong.
        let words = "<p>same words</p>".repeat(100);
        let html = format!(
            "{words}<script nonce=\"N\">{words}</script><script nonce=\"N\"></script>{words}"
        );
        let page = page_of(&html, "N");
        let gz = gzip_pieces::join(&page.pieces, &page.deflated, b"fresh-nonce");
        assert_eq!(gunzip(&gz), html.replace('N', "fresh-nonce").into_bytes());
        // And smaller than the page, which is the point.
        assert!(gz.len() < html.len() / 4, "{} of {}", gz.len(), html.len());
    }

    #[test]
    fn a_page_without_its_nonce_is_one_piece() {
        let page = page_of("<p>no scripts</p>", "N0NCE");
        assert_eq!(page.pieces.len(), 1);
        assert_eq!(
            gunzip(&gzip_pieces::join(&page.pieces, &page.deflated, b"x")),
            b"<p>no scripts</p>"
        );
    }

    #[test]
    fn the_oldest_pages_leave_first_and_the_total_stays_bounded() {
        let cache = PageCache::default();
        let key = |n: usize| Key {
            user: UserId(1),
            path_and_query: format!("/p/1/goals?{n}"),
            locale: Locale::En,
            minute: 0,
            stamp: PageStamp::default(),
        };
        let big = "x".repeat(LARGEST_PAGE / 2);
        let mut kept = 0;
        for n in 0..64 {
            cache.put(key(n), Arc::new(page_of(&big, "N")));
            kept = cache.len();
        }
        assert!(kept < 64, "some pages left");
        assert!(cache.store.lock().unwrap().bytes <= CAPACITY_BYTES);
        assert!(cache.get(&key(63)).is_some(), "the newest is kept");
        assert!(cache.get(&key(0)).is_none(), "the oldest left");
    }

    proptest! {
        #[test]
        fn any_page_and_nonce_round_trip(
            pieces in proptest::collection::vec(".{0,300}", 1..6),
            nonce in "[A-Za-z0-9_-]{1,30}",
        ) {
            let html = pieces.join("\u{0}MARK\u{0}");
            let page = page_of(&html, "\u{0}MARK\u{0}");
            let gz = gzip_pieces::join(&page.pieces, &page.deflated, nonce.as_bytes());
            prop_assert_eq!(gunzip(&gz), html.replace("\u{0}MARK\u{0}", &nonce).into_bytes());
            prop_assert_eq!(page.pieces.join(nonce.as_bytes()), html.replace("\u{0}MARK\u{0}", &nonce).into_bytes());
        }
    }
}
