//! Email: reminders, assignments, reviews not started, the weekly digest and
//! off-track alerts.
//!
//! What causes a message queues it in the outbox (`store::mail_outbox`) in
//! its own transaction, so a message exists exactly when its cause does; the
//! worker ([`worker::send_due`], a job of the server) claims what is due,
//! renders each message then ([`compose`]: the recipient's language, their
//! access checked again) and hands it to the [`transport::Transport`]: an
//! SMTP server, or files in a folder when none is configured.

pub mod alerts;
pub mod compose;
pub mod digest;
pub mod transport;
pub mod unsubscribe;
pub mod worker;

use crate::i18n::Key;
use crate::model::Locale;
use crate::server::config::Config;
use compose::Composed;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use transport::{Failure, Transport};

/// How the server sends mail: the transport, the sender and where links point.
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    /// The sender's domain: Message-IDs are made unique under it.
    pub domain: String,
    /// `PUBLIC_URL`, or the address served.
    pub site_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("transport", &self.transport.describe())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// From the configuration; an error names the setting that is wrong.
    pub fn new(config: &Config) -> Result<Mailer, String> {
        let from: Mailbox = config.mail.from.parse().map_err(|e| {
            format!(
                "MAIL_FROM is not an address like partner-map <maps@example.com>: {} ({e})",
                config.mail.from
            )
        })?;
        let domain = from.email.domain().to_string();
        Ok(Mailer {
            transport: Transport::new(&config.mail)?,
            from,
            domain,
            site_url: config.site_url(),
        })
    }

    /// Sends a composed message with its one-click unsubscribe (`token`, in
    /// the clear: the database keeps its hash) and `message_id`.
    pub async fn send(
        &self,
        composed: Composed,
        message_id: &str,
        token: &str,
        file_name: &str,
    ) -> Result<String, Failure> {
        let Composed {
            to,
            kind,
            subject,
            mut body,
            locale,
        } = composed;
        let unsubscribe = format!("{}/unsubscribe/{token}", self.site_url);
        body.footer_link(
            Key::MailUnsubscribeLine,
            Key::MailUnsubscribeLink,
            &unsubscribe,
            &[("kind", kind.label().text(locale))],
        );
        body.footer_link(
            Key::MailChoicesLine,
            Key::Settings,
            &format!("{}/settings", self.site_url),
            &[],
        );
        let html = body.finish_html();
        let to = mailbox(&to.display_name, &to.email).map_err(|e| {
            Failure::Permanent(format!("the recipient's address is not usable: {e}"))
        })?;
        let message = self
            .builder(to, &subject, message_id)
            .header(ListUnsubscribe(format!("<{unsubscribe}>")))
            .header(ListUnsubscribePost)
            .multipart(MultiPart::alternative_plain_html(body.text, html))
            .map_err(|e| Failure::Permanent(format!("the message cannot be built: {e}")))?;
        self.transport.send(&message, file_name).await
    }

    /// `partner-map mail test`: one message to `to`, through the transport, at once.
    pub async fn send_test(&self, to: &str, locale: Locale) -> Result<String, Failure> {
        let to = mailbox("", to)
            .map_err(|e| Failure::Permanent(format!("{to} is not an email address: {e}")))?;
        let id = format!(
            "<pm.test.{}@{}>",
            crate::server::auth::new_session_token(),
            self.domain
        );
        let message = self
            .builder(to, Key::MailTestSubject.text(locale), &id)
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(Key::MailTestBody.text(locale).to_string()),
            )
            .map_err(|e| Failure::Permanent(format!("the message cannot be built: {e}")))?;
        let name = format!("test-{}", chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"));
        self.transport.send(&message, &name).await
    }

    fn builder(
        &self,
        to: Mailbox,
        subject: &str,
        message_id: &str,
    ) -> lettre::message::MessageBuilder {
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(message_id.to_string()))
            .header(AutoSubmitted)
    }
}

fn mailbox(name: &str, email: &str) -> Result<Mailbox, String> {
    let address = email.parse().map_err(|e| format!("{e}"))?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        address,
    ))
}

/// `List-Unsubscribe: <https://…/unsubscribe/TOKEN>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail
/// client may unsubscribe with one POST, without opening a page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation replies, please.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".into())
    }
}
