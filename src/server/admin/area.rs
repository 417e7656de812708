//! The admin area's pages and posts: what each page shows, and each post's
//! change through the one implementation in `server::admin` (which writes the
//! audit row), with the caller as the actor.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::audit as audit_words;
use crate::model::mail::{MailState, SkipReason};
use crate::model::{PartnerId, Role, TimeZoneName, UserId};
use crate::server::admin::changes::{self, Actor, UserInput};
use crate::server::authz::Access;
use crate::server::clock::{local_time, viewer_zone};
use crate::server::store::audit::{self, Filter};
use crate::server::store::{mail_outbox, partners, task_templates, users};
use crate::server::web::forms;
use crate::views::*;
use chrono::{DateTime, TimeZone, Utc};
use std::collections::HashMap;

/// Audit entries per page.
pub const AUDIT_PAGE: i64 = 50;

pub fn actor(access: &Access) -> Result<Actor, AppError> {
    let session = access.signed_in()?;
    Ok(Actor::Admin {
        id: session.user.id,
        email: session.user.email.clone(),
    })
}

fn partner_view(p: &partners::AdminPartnerRow) -> AdminPartnerView {
    AdminPartnerView {
        id: p.id,
        name: p.name.clone(),
        currency: p.currency.clone(),
        time_zone: p.time_zone.clone(),
        archived: p.archived_at.is_some(),
        members: p.members,
    }
}

fn user_view(access: &Access, u: &users::AdminUserRow) -> AdminUserView {
    AdminUserView {
        id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        partner_id: u.partner_id,
        partner_name: u.partner_name.clone(),
        last_login: u.last_login_at.map(|at| local_time(access, at)),
        active: u.deactivated_at.is_none(),
        must_change_password: u.must_change_password,
    }
}

fn zones() -> Vec<String> {
    TimeZoneName::all().map(str::to_string).collect()
}

async fn active_partners(access: &Access) -> Result<Vec<Choice>, AppError> {
    Ok(partners::all(&access.state.db)
        .await?
        .into_iter()
        .map(|p| Choice {
            id: p.id.0,
            name: p.name,
        })
        .collect())
}

async fn pdm_choices(access: &Access) -> Result<Vec<Choice>, AppError> {
    Ok(users::pdms(&access.state.db)
        .await?
        .into_iter()
        .map(|(id, email, name)| Choice {
            id: id.0,
            name: format!("{name} <{email}>"),
        })
        .collect())
}

pub async fn overview(access: &Access) -> Result<AdminOverview, AppError> {
    let db = &access.state.db;
    let all_partners = partners::admin_list(db, "").await?;
    let all_users = users::admin_list(db, "").await?;
    let (_, audit_entries) = audit::page(db, &Filter::default(), 1, 0).await?;
    let mail = mail_outbox::counts(db).await?;
    Ok(AdminOverview {
        partners: all_partners.len() as i64,
        archived_partners: all_partners
            .iter()
            .filter(|p| p.archived_at.is_some())
            .count() as i64,
        users: all_users.len() as i64,
        deactivated_users: all_users
            .iter()
            .filter(|u| u.deactivated_at.is_some())
            .count() as i64,
        assignments: partners::assignments(db).await?.len() as i64,
        default_tasks: task_templates::all_templates(db).await?.len() as i64,
        audit_entries,
        mail_waiting: mail_count(&mail, &["queued", "sending"]),
        mail_failed: mail_count(&mail, &["failed"]),
        api_tokens: crate::server::store::api_tokens::list(
            db,
            crate::server::store::api_tokens::Listed::All,
        )
        .await?
        .len() as i64,
    })
}

fn mail_count(counts: &[(String, i64)], states: &[&str]) -> i64 {
    counts
        .iter()
        .filter(|(state, _)| states.contains(&state.as_str()))
        .map(|(_, n)| n)
        .sum()
}

/// Messages on one page of `/admin/mail`.
const MAIL_PAGE: i64 = 100;

/// `/admin/mail`: the newest messages (of one state when `state` names one),
/// before message `before` when given.
pub async fn mail_page(
    access: &Access,
    state: &str,
    before: Option<i64>,
) -> Result<AdminMail, AppError> {
    let db = &access.state.db;
    let state = MailState::parse(state);
    let mut rows = mail_outbox::newest(db, state, before, MAIL_PAGE + 1).await?;
    let older = (rows.len() as i64 > MAIL_PAGE).then(|| {
        rows.truncate(MAIL_PAGE as usize);
        rows.last().map(|r| r.id)
    });
    let time = |at| local_time(access, at);
    let messages = rows
        .into_iter()
        .map(|m| MailRow {
            next_try: (m.state == MailState::Queued && m.attempts > 0)
                .then(|| time(m.next_attempt_at)),
            recipient: m.recipient,
            subject: m.subject,
            partner: m.partner_name,
            kind: m.kind,
            state: m.state,
            queued: time(m.created_at),
            sent: m.sent_at.map(time),
            attempts: m.attempts,
            // Why a message was not sent is ours to say in the reader's
            // language; what a server answered is quoted as it came.
            reason: match (m.state, m.last_error) {
                (MailState::Skipped, Some(code)) => Some(
                    SkipReason::parse(&code)
                        .map_or(code, |r| r.label().text(access.locale).to_string()),
                ),
                (_, error) => error,
            },
        })
        .collect();
    let transport = &access.state.mail.transport;
    Ok(AdminMail {
        transport: transport.describe(),
        files: transport.is_files(),
        state,
        messages,
        older: older.flatten(),
    })
}

pub async fn partner_list(access: &Access, search: &str) -> Result<AdminPartners, AppError> {
    Ok(AdminPartners {
        partners: partners::admin_list(&access.state.db, search)
            .await?
            .iter()
            .map(partner_view)
            .collect(),
        zones: zones(),
    })
}

pub async fn partner_detail(
    access: &Access,
    id: PartnerId,
) -> Result<AdminPartnerDetail, AppError> {
    let db = &access.state.db;
    let partner = partners::admin_find(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let assigned: Vec<UserId> = partners::assignments(db)
        .await?
        .into_iter()
        .filter(|a| a.partner_id == id)
        .map(|a| a.pdm_id)
        .collect();
    let (pdms, other_pdms) = pdm_choices(access)
        .await?
        .into_iter()
        .partition(|c| assigned.contains(&UserId(c.id)));
    Ok(AdminPartnerDetail {
        partner: partner_view(&partner),
        zones: zones(),
        pdms,
        other_pdms,
    })
}

pub async fn user_list(access: &Access, search: &str) -> Result<AdminUsers, AppError> {
    Ok(AdminUsers {
        users: users::admin_list(&access.state.db, search)
            .await?
            .iter()
            .map(|u| user_view(access, u))
            .collect(),
        partners: active_partners(access).await?,
    })
}

pub async fn user_detail(access: &Access, id: UserId) -> Result<AdminUserDetail, AppError> {
    let db = &access.state.db;
    let user = users::admin_find(db, id).await?.ok_or(AppError::NotFound)?;
    let partners = active_partners(access).await?;
    let mine: Vec<PartnerId> = partners::assignments(db)
        .await?
        .into_iter()
        .filter(|a| a.pdm_id == id)
        .map(|a| a.partner_id)
        .collect();
    let (assigned, unassigned) = if user.role == Role::Pdm {
        partners
            .iter()
            .cloned()
            .partition(|c| mine.contains(&PartnerId(c.id)))
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(AdminUserDetail {
        user: user_view(access, &user),
        partners,
        assigned,
        unassigned,
    })
}

pub async fn assignment_list(access: &Access) -> Result<AdminAssignments, AppError> {
    Ok(AdminAssignments {
        assignments: partners::assignments(&access.state.db)
            .await?
            .into_iter()
            .map(|a| AssignmentView {
                pdm: Choice {
                    id: a.pdm_id.0,
                    name: format!("{} <{}>", a.pdm_name, a.pdm_email),
                },
                partner: Choice {
                    id: a.partner_id.0,
                    name: a.partner_name,
                },
                archived: a.archived_at.is_some(),
            })
            .collect(),
        pdms: pdm_choices(access).await?,
        partners: active_partners(access).await?,
    })
}

/// A day of the filter, as the start of that day in the viewer's time zone;
/// a day `model::date` refuses filters nothing.
fn day_start(access: &Access, day: &str) -> Option<DateTime<Utc>> {
    let date = crate::model::date::parse(day).ok()?;
    let zone = viewer_zone(access);
    zone.from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

pub async fn audit_page(access: &Access, query: AuditQuery) -> Result<AuditPage, AppError> {
    let db = &access.state.db;
    let filter = Filter {
        actor: query.actor.trim().to_string(),
        kind: query.kind.trim().to_string(),
        from: day_start(access, &query.from),
        until: day_start(access, &query.to).map(|t| t + chrono::Duration::days(1)),
    };
    let page = query.page.max(1);
    let offset = i64::from(page - 1) * AUDIT_PAGE;
    let (rows, total) = audit::page(db, &filter, AUDIT_PAGE, offset).await?;
    let pages = u32::try_from((total + AUDIT_PAGE - 1) / AUDIT_PAGE)
        .unwrap_or(1)
        .max(1);
    // Entries name a user's partner by id: named here as it is called today,
    // archived or not.
    let names: HashMap<i64, String> = partners::admin_list(db, "")
        .await?
        .into_iter()
        .map(|p| (p.id.0, p.name))
        .collect();
    let partner_name = |id: i64| names.get(&id).cloned();
    let locale = access.locale;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| {
                let stored = audit_words::Stored {
                    actor: &r.actor,
                    kind: &r.kind,
                    target: &r.target,
                    old_value: &r.old_value,
                    new_value: &r.new_value,
                };
                let words = audit_words::describe(&stored, locale, &partner_name);
                AuditEntryView {
                    at: local_time(access, r.at),
                    actor: words.actor,
                    kind: words.kind,
                    target: words.target,
                    old_value: words.old_value,
                    new_value: words.new_value,
                }
            })
            .collect(),
        total,
        page,
        pages,
        actors: audit::actors(db)
            .await?
            .into_iter()
            .map(|a| AuditActorView {
                name: audit_words::actor_words(&a, locale),
                value: a,
            })
            .collect(),
        query: AuditQuery { page, ..query },
    })
}

// ---- posts ---------------------------------------------------------------

fn optional_partner(role: Role, partner: Option<&str>) -> Result<Option<PartnerId>, AppError> {
    if role != Role::Member {
        // Only members belong to a partner: a choice left in the form is ignored.
        return Ok(None);
    }
    match partner.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) => p
            .parse::<i64>()
            .map(|id| Some(PartnerId(id)))
            .map_err(|_| AppError::invalid("partner_id", Key::ErrChooseOption)),
    }
}

fn parse_role(role: &str) -> Result<Role, AppError> {
    Role::parse(role.trim()).ok_or_else(|| AppError::invalid("role", Key::ErrChooseOption))
}

pub async fn create_partner(
    access: &Access,
    name: &str,
    currency: &str,
    time_zone: &str,
) -> Result<(), AppError> {
    let id = changes::create_partner(&access.state.db, &actor(access)?, name, currency, time_zone)
        .await?;
    forms::landing(&format!("/admin/partners/{id}"));
    forms::notice(Key::AdminPartnerCreated);
    Ok(())
}

pub async fn update_partner(
    access: &Access,
    id: PartnerId,
    name: &str,
    time_zone: &str,
) -> Result<(), AppError> {
    changes::update_partner(&access.state.db, &actor(access)?, id, name, time_zone).await?;
    forms::notice(Key::Saved);
    Ok(())
}

pub async fn archive_partner(
    access: &Access,
    id: PartnerId,
    archived: bool,
) -> Result<(), AppError> {
    changes::set_partner_archived(&access.state.db, &actor(access)?, id, archived).await?;
    forms::notice(if archived {
        Key::AdminPartnerArchived
    } else {
        Key::AdminPartnerRestored
    });
    Ok(())
}

/// What a new user's form posts.
pub struct NewUserForm<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub partner_id: Option<&'a str>,
    pub password: Option<&'a str>,
}

/// Creates a user with a one-time password (typed by the admin, else made up
/// here), which the page it lands on shows once. It is carried only in the
/// one-time flash (deleted as the page reads it) or the JSON answer.
pub async fn create_user(access: &Access, form: NewUserForm<'_>) -> Result<String, AppError> {
    let role = parse_role(form.role)?;
    let partner_id = optional_partner(role, form.partner_id)?;
    let password = match form.password.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => changes::one_time_password(),
    };
    let input = UserInput {
        email: form.email,
        name: form.name,
        role,
        partner_id,
        password: &password,
        locale: access.locale,
        time_zone: "UTC",
    };
    let id = changes::create_user(&access.state.db, &actor(access)?, input, true).await?;
    forms::landing(&format!("/admin/users/{id}"));
    forms::notice(Key::AdminUserCreated);
    forms::carry(&[("one_time_password", &password)]);
    Ok(password)
}

pub async fn change_role(
    access: &Access,
    id: UserId,
    role: &str,
    partner_id: Option<&str>,
) -> Result<(), AppError> {
    let role = parse_role(role)?;
    let partner_id = optional_partner(role, partner_id)?;
    changes::change_role(&access.state.db, &actor(access)?, id, role, partner_id).await?;
    forms::notice(Key::Saved);
    Ok(())
}

pub async fn reset_password(
    access: &Access,
    id: UserId,
    password: Option<&str>,
) -> Result<String, AppError> {
    let password = changes::reset_password(
        &access.state.db,
        &actor(access)?,
        id,
        password.map(str::trim),
    )
    .await?;
    forms::notice(Key::AdminPasswordReset);
    forms::carry(&[("one_time_password", &password)]);
    Ok(password)
}

pub async fn set_active(access: &Access, id: UserId, active: bool) -> Result<(), AppError> {
    changes::set_user_active(&access.state.db, &actor(access)?, id, active).await?;
    forms::notice(if active {
        Key::AdminUserReactivated
    } else {
        Key::AdminUserDeactivated
    });
    Ok(())
}

pub async fn assign(
    access: &Access,
    pdm: UserId,
    partner: PartnerId,
    assigned: bool,
) -> Result<(), AppError> {
    changes::set_assignment(&access.state.db, &actor(access)?, pdm, partner, assigned).await?;
    forms::notice(if assigned {
        Key::AdminAssigned
    } else {
        Key::AdminUnassigned
    });
    Ok(())
}
