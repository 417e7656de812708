//! How a message leaves: through an SMTP server, or (with no `SMTP_URL`, the
//! embedded default) as an `.eml` file in a folder, so mail can be seen
//! working with nothing to set up.

use crate::server::config::MailConfig;
use lettre::transport::smtp::response::Response;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An SMTP conversation that takes longer than this is abandoned (and tried
/// again later): a server that stops answering must not hold the worker.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

pub enum Transport {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// Where to, without the password, for logs and `/admin/mail`.
        server: String,
    },
    Files(PathBuf),
}

/// Why a message was not delivered.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// Worth trying again: a 4xx answer, a server that could not be reached,
    /// a folder that could not be written.
    Temporary(String),
    /// The server refused it for good (a 5xx answer).
    Permanent(String),
}

impl Failure {
    pub fn reason(&self) -> &str {
        match self {
            Failure::Temporary(r) | Failure::Permanent(r) => r,
        }
    }
}

impl Transport {
    pub fn new(config: &MailConfig) -> Result<Transport, String> {
        let Some(url) = &config.smtp_url else {
            return Ok(Transport::Files(config.dir.clone()));
        };
        let url = normalized_url(url);
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("SMTP_URL is not a usable SMTP address: {e}"))?;
        Ok(Transport::Smtp {
            transport: builder.timeout(Some(SMTP_TIMEOUT)).build(),
            server: without_password(&url),
        })
    }

    /// Where messages go, for people: the SMTP server, or the folder.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp { server, .. } => server.clone(),
            Transport::Files(dir) => dir.display().to_string(),
        }
    }

    pub fn is_files(&self) -> bool {
        matches!(self, Transport::Files(_))
    }

    /// Delivers `message`; what the server answered (or where the file is).
    pub async fn send(&self, message: &Message, file_name: &str) -> Result<String, Failure> {
        match self {
            Transport::Smtp { transport, .. } => match transport.send(message.clone()).await {
                Ok(response) => Ok(answer(&response)),
                Err(err) if err.is_permanent() => Err(Failure::Permanent(err.to_string())),
                Err(err) => Err(Failure::Temporary(err.to_string())),
            },
            Transport::Files(dir) => write_file(dir, file_name, &message.formatted())
                .await
                .map(|path| format!("written to {}", path.display()))
                .map_err(|e| Failure::Temporary(format!("cannot write to {}: {e}", dir.display()))),
        }
    }
}

/// `tls=starttls`, the word most providers' documentation uses, is what
/// lettre calls `tls=required`: STARTTLS, and no sending without it.
fn normalized_url(url: &str) -> String {
    url.trim().replace("tls=starttls", "tls=required")
}

/// The address without its password, for logs and the admin's page.
fn without_password(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(at)) if at > scheme.len() + 3 => {
            let user_info = &rest[..at - scheme.len() - 3];
            let user = user_info.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{}", &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

fn answer(response: &Response) -> String {
    let lines: Vec<&str> = response.message().collect();
    format!("{} {}", response.code(), lines.join(" "))
}

/// Writes the message whole or not at all: to a hidden temporary file,
/// renamed into place, so a reader of the folder never sees half a message.
async fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(format!("{name}.eml"));
    let partial = dir.join(format!(".{name}.eml.partial"));
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, &path).await?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starttls_is_required_tls_and_passwords_are_not_shown() {
        assert_eq!(
            normalized_url("smtp://mail.example:587?tls=starttls"),
            "smtp://mail.example:587?tls=required"
        );
        assert_eq!(
            without_password("smtps://amy:s3cr@t@mail.example:465"),
            "smtps://amy@mail.example:465"
        );
        assert_eq!(
            without_password("smtp://127.0.0.1:2525"),
            "smtp://127.0.0.1:2525"
        );
    }

    // The SMTP pool starts its cleaner on the runtime it is built in.
    #[tokio::test]
    async fn an_address_that_is_not_smtp_is_refused_at_start() {
        let config = |url: &str| MailConfig {
            smtp_url: Some(url.into()),
            ..MailConfig::files("unused")
        };
        assert!(Transport::new(&config("http://mail.example")).is_err());
        assert!(Transport::new(&config("smtp://mail.example:25?tls=starttls")).is_ok());
        assert!(Transport::new(&config("smtps://u:p@mail.example")).is_ok());
    }
}
