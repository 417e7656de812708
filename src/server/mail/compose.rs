//! A queued message made ready to send: who it is for, checked again now;
//! what it says, in their language, as plain text and HTML; the link to the
//! page it is about; and its one-click unsubscribe.
//!
//! Nothing a user typed reaches the HTML unescaped ([`Body`] escapes every
//! value it is given) or a header unfolded ([`subject_line`]).

use crate::i18n::Key;
use crate::model::mail::{html_escape, subject_line, MailKind, SkipReason};
use crate::model::reviews::Quarter;
use crate::model::{Locale, PartnerId};
use crate::server::authz::{mail_scope, PartnerScope};
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::server::store::mail_outbox::Claimed;
use crate::server::store::partners::{self, PartnerRow};
use crate::server::store::users::{self, UserRow};
use crate::server::store::{reviews, tasks};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A message ready for the transport.
pub struct Composed {
    pub to: UserRow,
    pub kind: MailKind,
    pub subject: String,
    /// Still open: the sender adds the unsubscribe line.
    pub body: Body,
    pub locale: Locale,
}

/// What a queued message became.
pub enum Compose {
    Ready(Box<Composed>),
    /// Not to be sent: why, for `/admin/mail`.
    Skip(SkipReason),
}

/// Makes `mail` ready, or says why it is not to be sent.
pub async fn compose(
    state: &AppState,
    mail: &Claimed,
    now: DateTime<Utc>,
) -> Result<Compose, sqlx::Error> {
    let db = &state.db;
    let mailer = &state.mail;
    let Some(to) = users::find_active(db, mail.user_id).await? else {
        return Ok(Compose::Skip(SkipReason::Deactivated));
    };
    if !crate::server::store::mail_choices::get(db, to.id)
        .await?
        .receives(mail.kind)
    {
        return Ok(Compose::Skip(SkipReason::TurnedOff));
    }
    let locale = Locale::parse(&to.locale).unwrap_or_default();
    let mut body = Body::new(locale);
    body.para(&Key::MailGreeting.format(locale, &[("name", &to.display_name)]));
    if mail.kind == MailKind::Digest {
        let Some(week) = mail.period.as_deref().and_then(|p| p.parse().ok()) else {
            return Ok(Compose::Skip(SkipReason::Malformed));
        };
        let Some(subject) =
            super::digest::compose(state, &to, week, locale, &mut body, now).await?
        else {
            return Ok(Compose::Skip(SkipReason::NothingToTell));
        };
        body.footer(Key::MailWhyDigest.text(locale));
        return Ok(ready(to, mail.kind, &subject, body, locale));
    }
    let Some(partner_id) = mail.partner_id else {
        return Ok(Compose::Skip(SkipReason::Malformed));
    };
    let Some((partner, scope)) = readable(db, &to, partner_id).await? else {
        return Ok(Compose::Skip(SkipReason::NoAccess));
    };
    let zone = to.time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let site = &mailer.site_url;
    let subject = match mail.kind {
        MailKind::TaskReminder | MailKind::TaskAssigned => {
            let Some(task_id) = mail.task_id else {
                return Ok(Compose::Skip(SkipReason::Malformed));
            };
            let Some(task) = tasks::get(db, &scope, task_id).await? else {
                return Ok(Compose::Skip(SkipReason::TaskDeleted));
            };
            if task.completed_at.is_some() {
                return Ok(Compose::Skip(SkipReason::TaskDone));
            }
            let subject = if mail.kind == MailKind::TaskReminder {
                body.para(&Key::MailReminderIntro.format(locale, &[("partner", &partner.name)]));
                Key::MailReminderSubject
                    .format(locale, &[("task", &task.title), ("partner", &partner.name)])
            } else {
                if task.assignee_id != Some(to.id) {
                    return Ok(Compose::Skip(SkipReason::Reassigned));
                }
                let actor = match mail.actor_id {
                    Some(actor) => users::find(db, actor).await?.map(|a| a.display_name),
                    None => None,
                }
                .unwrap_or_else(|| Key::MailSomeone.text(locale).to_string());
                body.para(
                    &Key::MailAssignedIntro
                        .format(locale, &[("actor", &actor), ("partner", &partner.name)]),
                );
                Key::MailAssignedSubject.format(
                    locale,
                    &[
                        ("actor", &actor),
                        ("task", &task.title),
                        ("partner", &partner.name),
                    ],
                )
            };
            body.heading(&task.title);
            body.para(&Key::MailTaskDue.format(locale, &[("time", &local(task.due_at, zone))]));
            if !task.notes.trim().is_empty() {
                body.quote(&task.notes);
            }
            body.button(
                Key::MailOpenTask.text(locale),
                &format!("{site}/p/{partner_id}/tasks?task={task_id}"),
            );
            subject
        }
        MailKind::ReviewDue => {
            let Some(quarter) = mail.period.as_deref().and_then(Quarter::parse) else {
                return Ok(Compose::Skip(SkipReason::Malformed));
            };
            let started = reviews::list(db, &scope)
                .await?
                .iter()
                .any(|r| r.quarter() == quarter);
            if started {
                return Ok(Compose::Skip(SkipReason::ReviewStarted));
            }
            let name = Key::QuarterName.format(
                locale,
                &[
                    ("year", &quarter.year.to_string()),
                    ("quarter", &quarter.quarter.to_string()),
                ],
            );
            body.para(
                &Key::MailReviewDueIntro
                    .format(locale, &[("quarter", &name), ("partner", &partner.name)]),
            );
            body.button(
                Key::MailOpenReviews.text(locale),
                &format!("{site}/p/{partner_id}/reviews"),
            );
            Key::MailReviewDueSubject
                .format(locale, &[("quarter", &name), ("partner", &partner.name)])
        }
        MailKind::OffTrack => {
            let Some(metric) = mail.period.as_deref().and_then(super::alerts::metric_of) else {
                return Ok(Compose::Skip(SkipReason::Malformed));
            };
            match super::alerts::compose(state, &partner, &scope, metric, locale, &mut body).await?
            {
                Some(subject) => subject,
                None => return Ok(Compose::Skip(SkipReason::BackOnTrack)),
            }
        }
        MailKind::Digest => unreachable!("composed above"),
    };
    body.footer(&Key::MailWhy.format(locale, &[("partner", &partner.name)]));
    Ok(ready(to, mail.kind, &subject, body, locale))
}

fn ready(to: UserRow, kind: MailKind, subject: &str, body: Body, locale: Locale) -> Compose {
    Compose::Ready(Box::new(Composed {
        to,
        kind,
        subject: subject_line(subject),
        body,
        locale,
    }))
}

/// The partner, when `to` may read it now.
async fn readable(
    db: &Db,
    to: &UserRow,
    partner: PartnerId,
) -> Result<Option<(PartnerRow, PartnerScope)>, sqlx::Error> {
    let Some(scope) = mail_scope(db, to, partner).await? else {
        return Ok(None);
    };
    Ok(partners::find(db, partner).await?.map(|p| (p, scope)))
}

/// An instant as the recipient reads it, with their zone's name.
fn local(at: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
        zone.name()
    )
}

/// A message's two bodies, written side by side: every value is escaped for
/// the HTML as it is added.
pub struct Body {
    pub text: String,
    pub html: String,
    locale: Locale,
    closed: bool,
}

const FONT: &str = "font-family:-apple-system,'Segoe UI','Noto Sans TC','PingFang TC','Microsoft JhengHei',sans-serif";

impl Body {
    pub fn new(locale: Locale) -> Body {
        Body {
            text: String::new(),
            html: format!(
                "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
                 <meta name=\"viewport\" content=\"width=device-width\"></head>\
                 <body style=\"margin:0;padding:24px;background:#f8fafc;color:#0f172a;{FONT}\">\
                 <div style=\"max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px\">",
                locale.tag()
            ),
            locale,
            closed: false,
        }
    }

    pub fn para(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 16px;line-height:1.5\">{}</p>",
            html_escape(text)
        ));
    }

    pub fn heading(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!(
            "<h1 style=\"margin:0 0 12px;font-size:20px;line-height:1.3\">{}</h1>",
            html_escape(text)
        ));
    }

    /// What someone wrote (a task's notes), set apart, its line breaks kept.
    pub fn quote(&mut self, text: &str) {
        for line in text.lines() {
            self.text.push_str("> ");
            self.text.push_str(line);
            self.text.push('\n');
        }
        self.text.push('\n');
        self.html.push_str(&format!(
            "<blockquote style=\"margin:0 0 16px;padding:8px 12px;border-left:3px solid #cbd5e1;\
             color:#334155;white-space:pre-wrap\">{}</blockquote>",
            html_escape(text)
        ));
    }

    pub fn button(&mut self, label: &str, url: &str) {
        self.text.push_str(&format!("{label}: {url}\n\n"));
        self.html.push_str(&format!(
            "<p style=\"margin:24px 0\"><a href=\"{}\" style=\"background:#1d4ed8;color:#ffffff;\
             padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block\">{}</a></p>",
            html_escape(url),
            html_escape(label)
        ));
    }

    /// A short list under its heading.
    pub fn list(&mut self, heading: &str, items: &[String]) {
        self.text.push_str(heading);
        self.text.push('\n');
        for item in items {
            self.text.push_str("- ");
            self.text.push_str(item);
            self.text.push('\n');
        }
        self.text.push('\n');
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 4px;font-weight:600\">{}</p><ul style=\"margin:0 0 16px;padding-left:20px\">",
            html_escape(heading)
        ));
        for item in items {
            self.html.push_str(&format!(
                "<li style=\"margin:0 0 4px\">{}</li>",
                html_escape(item)
            ));
        }
        self.html.push_str("</ul>");
    }

    /// The small print under a line: why this came.
    pub fn footer(&mut self, text: &str) {
        if !self.closed {
            self.text.push_str("-- \n");
            self.html.push_str(
                "<hr style=\"border:0;border-top:1px solid #e2e8f0;margin:24px 0 12px\">",
            );
            self.closed = true;
        }
        self.text.push_str(text);
        self.text.push('\n');
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 8px;font-size:13px;color:#475569\">{}</p>",
            html_escape(text)
        ));
    }

    /// A footer line with a link: its label is ours, its address escaped.
    pub fn footer_link(&mut self, line: Key, label: Key, url: &str, args: &[(&str, &str)]) {
        let mut text_args = args.to_vec();
        text_args.push(("link", url));
        self.text.push_str(&line.format(self.locale, &text_args));
        self.text.push('\n');
        let link = format!(
            "<a href=\"{}\" style=\"color:#1d4ed8\">{}</a>",
            html_escape(url),
            html_escape(label.text(self.locale))
        );
        let mut html_args: Vec<(&str, String)> =
            args.iter().map(|(k, v)| (*k, html_escape(v))).collect();
        html_args.push(("link", link));
        let html_args: Vec<(&str, &str)> =
            html_args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 8px;font-size:13px;color:#475569\">{}</p>",
            // The line is ours; its values were escaped above.
            html_escape_except_values(line.text(self.locale), &html_args)
        ));
    }

    /// The finished HTML.
    pub fn finish_html(&self) -> String {
        format!("{}</div></body></html>", self.html)
    }
}

/// A catalog line with its placeholders filled by HTML that is already safe.
fn html_escape_except_values(line: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(html_escape(line), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_users_typed_is_text_in_both_bodies() {
        let mut body = Body::new(Locale::En);
        body.footer("Why");
        body.heading("<script>alert(1)</script>");
        body.quote("a & b\n<img src=x onerror=alert(1)>");
        body.button("Open", "https://app.example/p/1/tasks?task=2&x=\"y\"");
        body.footer_link(
            Key::MailUnsubscribeLine,
            Key::MailUnsubscribeLink,
            "https://app.example/unsubscribe/abc",
            &[("kind", "<b>Reminders</b>")],
        );
        let html = body.finish_html();
        assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("task=2&amp;x=&quot;y&quot;"));
        assert!(html.contains("<a href=\"https://app.example/unsubscribe/abc\""));
        assert!(body.text.contains("<script>alert(1)</script>"));
        assert!(body.text.contains("> <img src=x onerror=alert(1)>"));
        assert!(body
            .text
            .contains("Stop these emails (<b>Reminders</b>): https://app.example/unsubscribe/abc"));
        assert!(html.ends_with("</div></body></html>"));
    }
}
