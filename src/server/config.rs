//! The one typed configuration, read from the environment.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// The site's address as its users reach it (`PUBLIC_URL`, no trailing
    /// slash), for links that leave the site, such as a calendar feed's.
    pub public_url: Option<String>,
    /// Mark cookies `Secure`. On by default when the public URL is https.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a trusted proxy only).
    pub trust_forwarded_for: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a page, server function or plain handler may take to answer
    /// before it is stopped with a 503 (`REQUEST_TIMEOUT_SECS`, default 30).
    pub request_timeout: Duration,
    /// How often an open live stream checks again that its reader may still
    /// read it (default 30 s; tests shorten it).
    pub stream_recheck: Duration,
    /// How mail leaves (`server::mail`).
    pub mail: MailConfig,
    /// Requests a JSON API token may make a minute (`API_RATE_LIMIT`, default 600).
    pub api_rate_limit: u32,
}

/// Mail: an SMTP server (`SMTP_URL`), or files in a folder when none is set.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=starttls` (or
    /// `tls=required`), `smtps://user:pass@host:465`.
    pub smtp_url: Option<String>,
    /// The sender (`MAIL_FROM`): an address, or `Name <address>`.
    pub from: String,
    /// Where messages are written without `SMTP_URL` (`MAIL_DIR`).
    pub dir: std::path::PathBuf,
}

impl MailConfig {
    /// Files under `data/mail`, from partner-map at this host.
    pub fn files(dir: impl Into<std::path::PathBuf>) -> MailConfig {
        MailConfig {
            smtp_url: None,
            from: DEFAULT_MAIL_FROM.into(),
            dir: dir.into(),
        }
    }
}

/// Requests a JSON API token may make a minute, unless `API_RATE_LIMIT` says.
pub const DEFAULT_API_RATE_LIMIT: u32 = 600;

const DEFAULT_MAIL_FROM: &str = "partner-map <partner-map@localhost>";

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/partner-map.db";

/// Longer than any page or save takes on a loaded machine (the slowest, a
/// 20 MB import's commit, takes seconds), short enough that nobody waits on
/// a request that will never answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A live stream outlives its reader's access by at most this long (the
/// stream also checks before each change it passes on).
const STREAM_RECHECK: Duration = Duration::from_secs(30);

/// Forms and CSV imports fit well inside this; anything larger is refused (413).
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let flag =
            |name: &str| var(name).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let site_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = site_addr.parse().map_err(|_| {
            format!("LEPTOS_SITE_ADDR is not an address like 127.0.0.1:3000: {site_addr}")
        })?;
        let public_url = var("PUBLIC_URL").map(|u| u.trim().trim_end_matches('/').to_string());
        let public_url_is_https = public_url
            .as_ref()
            .is_some_and(|u| u.starts_with("https://"));
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            site_addr,
            public_url,
            secure_cookies: public_url_is_https || flag("SECURE_COOKIES"),
            trust_forwarded_for: flag("TRUST_FORWARDED_FOR"),
            max_body_bytes: MAX_BODY_BYTES,
            stream_recheck: STREAM_RECHECK,
            mail: MailConfig {
                smtp_url: var("SMTP_URL"),
                from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
                dir: var("MAIL_DIR").unwrap_or_else(|| "data/mail".into()).into(),
            },
            api_rate_limit: match var("API_RATE_LIMIT") {
                None => DEFAULT_API_RATE_LIMIT,
                Some(n) => n.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    format!("API_RATE_LIMIT is not a number of requests a minute: {n}")
                })?,
            },
            request_timeout: match var("REQUEST_TIMEOUT_SECS") {
                None => REQUEST_TIMEOUT,
                Some(secs) => secs
                    .parse::<u64>()
                    .ok()
                    .filter(|s| (1..=3600).contains(s))
                    .map(Duration::from_secs)
                    .ok_or_else(|| {
                        format!("REQUEST_TIMEOUT_SECS is not a number of seconds from 1 to 3600: {secs}")
                    })?,
            },
        })
    }

    /// For tests: everything default but the database.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_string(),
            site_addr: ([127, 0, 0, 1], 3000).into(),
            public_url: None,
            secure_cookies: false,
            trust_forwarded_for: false,
            max_body_bytes: MAX_BODY_BYTES,
            request_timeout: REQUEST_TIMEOUT,
            stream_recheck: STREAM_RECHECK,
            mail: MailConfig::files("data/mail"),
            api_rate_limit: DEFAULT_API_RATE_LIMIT,
        }
    }

    /// Where links in messages point: `PUBLIC_URL`, else the address served.
    pub fn site_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.site_addr))
    }
}
