//! What the browser is told about the session, users and partners: plain data
//! that both sides share, built by `server::web::views` from stored rows.

use crate::error::AppError;
use crate::i18n::Key;
use crate::model::{Currency, Locale, PartnerId, Role, UserId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerView {
    pub id: PartnerId,
    pub name: String,
    pub currency: Currency,
    pub time_zone: String,
}

/// The outcome of the last plain form post, shown once on the page it lands on:
/// what was typed and what was wrong with it, or what was done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlashView {
    /// The form it is about (its `_form` key).
    pub form: String,
    /// The submitted values, passwords left out.
    pub values: Vec<(String, String)>,
    pub error: Option<AppError>,
    /// What was done, such as "Saved.".
    pub notice: Option<Key>,
}

impl FlashView {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }
}

/// The language of the page, who is signed in with the partners they may open
/// and how many of their notifications are unread (the header's bell), and the
/// flash of the form post that led here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub locale: Locale,
    pub user: Option<UserView>,
    /// The first partners the user may open, by name (at most
    /// `SWITCHER_LIMIT`, and the one in view), for the switcher and home page.
    pub partners: Vec<PartnerView>,
    /// How many partners the user may open in all.
    pub partner_count: usize,
    pub unread_notifications: u32,
    pub flash: Option<FlashView>,
}

/// A deal as the deals page shows it; money in minor units of the partner's currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealView {
    pub id: crate::model::DealId,
    pub external_id: Option<String>,
    pub name: String,
    pub kind: crate::model::DealKind,
    pub stage: crate::model::DealStage,
    pub create_date: chrono::NaiveDate,
    pub close_date: Option<chrono::NaiveDate>,
    pub mrr: i64,
    pub owner: String,
    pub company: String,
    pub notes: String,
    pub pipeline_stage: Option<String>,
    /// Its own probability, when set.
    pub probability: Option<u8>,
    pub version: i64,
}

/// One page of a partner's deals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealList {
    pub partner: PartnerView,
    pub deals: Vec<DealView>,
    /// How many deals match the filters.
    pub total: i64,
    /// Whether the partner has any deal at all.
    pub any: bool,
    /// The years with deals, newest first, for the year filter.
    pub years: Vec<i32>,
    pub query: crate::model::deal_query::DealQuery,
}

/// A deal to edit (or none, to add one), with who created and changed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealDetail {
    pub partner: PartnerView,
    pub deal: Option<DealView>,
    /// "Name, 2026-03-31 14:05" in the viewer's time zone; `None` name: the command line.
    pub created: Option<(Option<String>, String)>,
    pub changed: Option<(Option<String>, String)>,
    /// The partner's pipeline stages and their probabilities, for the form.
    pub stages: Vec<(String, i32)>,
}

/// `/p/{partner}/deals/stages`: the partner's stages and their probabilities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StagesView {
    pub partner: PartnerView,
    /// Name, probability, open deals in it.
    pub stages: Vec<(String, i32, i64)>,
}

/// How an upload is read, as the mapping form shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MappingView {
    pub mrr_column: Option<String>,
    /// `sourced`, `assisted` or `column`.
    pub kind: String,
    pub kind_column: Option<String>,
    pub won: String,
    pub lost: String,
}

/// An uploaded deals file: how it is read, and what importing it does or did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub partner: PartnerView,
    pub id: crate::model::ImportId,
    pub file_name: String,
    pub rows: usize,
    /// (value as matched, header as written) of every column.
    pub columns: Vec<(String, String)>,
    pub stage_values: Vec<String>,
    pub mapping: MappingView,
    /// What importing would do now; `Err` when the mapping names no MRR column.
    pub preview: Result<crate::model::import_report::Outcome, AppError>,
    /// What the import did, once it is committed.
    pub committed: Option<crate::model::import_report::Outcome>,
}

/// A partner's plan for one year, as the goals page and the wizard show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalsView {
    pub partner: PartnerView,
    pub year: i32,
    /// The URL's year was not one a plan can be for: the page shows the
    /// current year, and says so on the year field.
    pub year_refused: bool,
    /// The years the chooser offers: the plans' years and a few around today.
    pub years: Vec<i32>,
    /// `None` until the plan's first save.
    pub plan: Option<PlanView>,
    /// The previous year's actuals, month by month.
    pub previous: crate::model::metrics::YearMetrics,
    /// Whether the previous year has any deals to grow from.
    pub previous_has_data: bool,
    /// Saves, newest first: one page of them, or on the wizard every save
    /// after the version the editor started from (what someone else changed
    /// meanwhile).
    pub history: Vec<SaveView>,
    /// Which page of the history this is, of how many (from 1).
    pub history_page: u32,
    pub history_pages: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub version: i64,
    pub content: crate::model::goals::PlanContent,
    /// "Name", "2026-03-31 14:05" in the viewer's time zone.
    pub updated: (Option<String>, String),
}

/// One save of a plan: who, when and why, and what it changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveView {
    pub version: i64,
    pub by: Option<String>,
    pub at: String,
    pub reason: String,
    /// The quarterly review the save was made from, and its quarter.
    pub review: Option<(crate::model::ReviewId, crate::model::reviews::Quarter)>,
    /// What it changed, goals first, then each metric's months.
    pub changes: Vec<ChangeView>,
}

/// One goal or target a save changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeView {
    pub subject: crate::model::goals::Subject,
    /// As stored: a goal's text, a target's number (minor units for money).
    pub old: String,
    pub new: String,
}

/// A partner's progress in one year, as the progress page and its export
/// show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub partner: PartnerView,
    pub year: i32,
    pub year_refused: bool,
    pub years: Vec<i32>,
    pub actuals: crate::model::metrics::YearMetrics,
    /// `None` until the year's plan is saved.
    pub targets: Option<crate::model::metrics::YearMetrics>,
    /// Each metric's pacing, in `Metric::ALL` order.
    pub pacing: Vec<crate::model::progress::Pacing>,
    /// The year is over: pacing is final attainment.
    pub year_over: bool,
    /// The month in progress on the partner's clock, when it is of this year.
    pub in_progress_month: Option<u32>,
    /// The quarter the data summary covers; `None` for the whole year.
    pub summary_quarter: Option<u32>,
    /// The data summary of that period, and of the same period a year before.
    pub summary: crate::model::metrics::DataSummary,
    pub previous_summary: crate::model::metrics::DataSummary,
    pub forecast: ForecastView,
}

/// The forecast from the pipeline beside the pacing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastView {
    pub forecast: crate::model::forecast::Forecast,
    /// Pipeline coverage, in `model::forecast::FORECAST_METRICS` order.
    pub coverage: Vec<crate::model::forecast::Coverage>,
    /// The year is the partner's current one (the lists are today's).
    pub this_year: bool,
    /// The open deals closing this quarter (or overdue) with the largest
    /// weighted MRR.
    pub largest: Vec<OpenDealView>,
    /// Open deals without a close date, largest MRR first.
    pub undated: Vec<OpenDealView>,
}

/// An open deal in a forecast list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenDealView {
    pub id: crate::model::DealId,
    pub name: String,
    pub kind: crate::model::DealKind,
    pub pipeline_stage: Option<String>,
    /// Its probability is its own, not its stage's.
    pub own_probability: bool,
    pub probability: i32,
    pub close_date: Option<chrono::NaiveDate>,
    pub overdue: bool,
    pub mrr: i64,
    /// MRR × probability, in minor units rounded half up.
    pub weighted_mrr: i64,
}

/// The partners a PDM looks after (every partner for an admin), each goal's
/// annual attainment and pacing status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioView {
    pub year: i32,
    pub year_refused: bool,
    pub years: Vec<i32>,
    pub order: crate::model::progress::PortfolioOrder,
    /// After the filter, in order.
    pub rows: Vec<PortfolioRow>,
    /// Before the filter.
    pub partner_count: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioRow {
    pub partner: PartnerView,
    /// In `Metric::ALL` order.
    pub standings: Vec<crate::model::progress::Standing>,
    /// The weighted forecast's year end of sourced deal MRR (minor units)
    /// and its percent of the annual target (`None` without one).
    pub weighted_forecast: (i64, Option<i64>),
}

/// A task as the Go-to-market page shows it; times already in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: crate::model::TaskId,
    pub title: String,
    pub kind: crate::model::tasks::TaskType,
    pub priority: crate::model::tasks::Priority,
    pub assignee: Option<(UserId, String)>,
    /// `YYYY-MM-DD` and `HH:MM` on the viewer's clock.
    pub due_date: String,
    pub due_time: String,
    pub overdue: bool,
    pub reminder: crate::model::tasks::ReminderPreset,
    pub remind_date: String,
    pub remind_time: String,
    pub notes: String,
    /// Who completed it and when, if it is completed.
    pub completed: Option<(Option<String>, String)>,
    pub created: (Option<String>, String),
    pub changed: (Option<String>, String),
    pub version: i64,
}

/// Someone a task may be assigned to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: UserId,
    pub name: String,
    pub role: Role,
}

/// A default task, in the viewer's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateView {
    pub id: crate::model::TemplateId,
    pub title: String,
    pub kind: crate::model::tasks::TaskType,
    pub priority: crate::model::tasks::Priority,
    pub due_preset: crate::model::tasks::DuePreset,
    pub notes: String,
}

/// What the task panel opens on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PanelView {
    /// A new task, blank or from a default task.
    New(Option<TemplateView>),
    Edit(TaskView),
}

/// The Go-to-market page: the list as filtered, and the panel if one is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TasksView {
    pub partner: PartnerView,
    pub filter: crate::model::tasks::TaskFilter,
    pub tasks: Vec<TaskView>,
    pub people: Vec<PersonView>,
    pub templates: Vec<TemplateView>,
    pub panel: Option<PanelView>,
    /// The viewer's today (`YYYY-MM-DD`) and time zone, for the due presets.
    pub today: String,
    pub time_zone: String,
    pub me: UserId,
}

/// A notification delivered to the viewer; times in their time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: crate::model::NotificationId,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub about: NotificationAbout,
    /// When it was sent.
    pub sent: String,
    pub unread: bool,
}

/// What a notification is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NotificationAbout {
    /// A task's reminder fell due.
    TaskReminder {
        task_id: crate::model::TaskId,
        title: String,
        due: String,
    },
    /// A quarter ended and its review has not been started.
    ReviewDue {
        quarter: crate::model::reviews::Quarter,
    },
}

/// The viewer's newest notifications, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationList {
    pub notifications: Vec<NotificationView>,
    /// Older ones exist beyond those listed.
    pub more: bool,
}

/// A default task as admins edit it: both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefaultTaskView {
    pub id: crate::model::TemplateId,
    pub position: i64,
    pub title_en: String,
    pub title_zh_tw: String,
    pub kind: crate::model::tasks::TaskType,
    pub priority: crate::model::tasks::Priority,
    pub due_preset: crate::model::tasks::DuePreset,
    pub notes_en: String,
    pub notes_zh_tw: String,
    /// Retired: kept, but no longer offered by the task panel.
    #[serde(default)]
    pub retired: bool,
}

/// A partner in the admin area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminPartnerView {
    pub id: PartnerId,
    pub name: String,
    pub currency: String,
    pub time_zone: String,
    pub archived: bool,
    pub members: i64,
}

/// A user in the admin area; `last_login` in the viewer's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUserView {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    pub last_login: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
}

/// An id and a name, for a choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// `/admin`: what the installation holds, at a glance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub partners: i64,
    pub archived_partners: i64,
    pub users: i64,
    pub deactivated_users: i64,
    pub assignments: i64,
    pub default_tasks: i64,
    pub audit_entries: i64,
    /// Messages waiting to be sent, and given up.
    pub mail_waiting: i64,
    pub mail_failed: i64,
    /// API tokens not revoked.
    pub api_tokens: i64,
}

/// A partner's API tokens page, or the admin area's list of every token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensView {
    /// `None`: the admin area, which lists every token and makes tokens for
    /// every partner.
    pub partner: Option<PartnerView>,
    pub tokens: Vec<ApiTokenView>,
    /// Whether a token that never expires may be made (admins).
    pub may_make_unending: bool,
}

/// One token as its list shows it; never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: crate::model::TokenId,
    pub name: String,
    /// The partner's name; `None`: every partner.
    pub partner: Option<String>,
    pub scopes: Vec<crate::model::api_token::Scope>,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    /// `None`: the command line.
    pub creator: Option<String>,
    /// In the viewer's time zone.
    pub created_at: String,
    pub last_used: Option<(String, String)>,
    /// The day it expires; `None`: never.
    pub expires: Option<String>,
    pub expired: bool,
}

/// `/admin/partners`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminPartners {
    pub partners: Vec<AdminPartnerView>,
    pub zones: Vec<String>,
}

/// `/admin/partners/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminPartnerDetail {
    pub partner: AdminPartnerView,
    pub zones: Vec<String>,
    /// The PDMs assigned to it, and those who could be.
    pub pdms: Vec<Choice>,
    pub other_pdms: Vec<Choice>,
}

/// `/admin/users`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUsers {
    pub users: Vec<AdminUserView>,
    /// Active partners, for a member's partner.
    pub partners: Vec<Choice>,
}

/// `/admin/users/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUserDetail {
    pub user: AdminUserView,
    pub partners: Vec<Choice>,
    /// For a PDM: the partners assigned, and those that could be.
    pub assigned: Vec<Choice>,
    pub unassigned: Vec<Choice>,
}

/// One PDM assignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub pdm: Choice,
    pub partner: Choice,
    pub archived: bool,
}

/// `/admin/assignments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminAssignments {
    pub assignments: Vec<AssignmentView>,
    pub pdms: Vec<Choice>,
    pub partners: Vec<Choice>,
}

/// One audit entry; `at` in the viewer's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub at: String,
    /// Every part in the reader's words (`model::audit::describe`).
    pub actor: String,
    pub kind: String,
    pub target: String,
    /// One line per field.
    pub old_value: Vec<String>,
    pub new_value: Vec<String>,
}

/// Someone who made changes, as the log's filter offers them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditActorView {
    /// As the filter posts it (the stored actor).
    pub value: String,
    /// In the reader's words.
    pub name: String,
}

/// The audit log's filters, as the URL carries them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub page: u32,
}

/// `/admin/audit`: one page of entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub actors: Vec<AuditActorView>,
    pub query: AuditQuery,
}

/// One review in the partner's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewSummaryView {
    pub id: crate::model::ReviewId,
    pub quarter: crate::model::reviews::Quarter,
    pub held_on: String,
    /// Who completed it and when; `None` while it is a draft.
    pub completed: Option<(Option<String>, String)>,
    pub changed: (Option<String>, String),
}

/// `/p/{partner}/reviews`: the reviews, newest first, and the quarters a
/// review can be started for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewsView {
    pub partner: PartnerView,
    pub reviews: Vec<ReviewSummaryView>,
    /// Ended quarters without a review, newest first; the first is the default.
    pub startable: Vec<crate::model::reviews::Quarter>,
}

/// An open task as a completed review kept it; times in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrozenTaskView {
    pub id: crate::model::TaskId,
    pub title: String,
    pub due_date: String,
    pub due_time: String,
    pub overdue: bool,
}

/// One quarterly review, as its page and its printable view show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub partner: PartnerView,
    pub id: crate::model::ReviewId,
    pub quarter: crate::model::reviews::Quarter,
    pub version: i64,
    pub notes: crate::model::reviews::ReviewNotes,
    pub snapshot: Option<crate::model::reviews::Snapshot>,
    /// When the snapshot was taken, on the viewer's clock.
    pub snapshot_at: String,
    pub created: (Option<String>, String),
    pub changed: (Option<String>, String),
    /// Who completed it and when; `None` while it is a draft.
    pub completed: Option<(Option<String>, String)>,
    /// The plan the review updates (its year, the months it may change) and
    /// that plan as saved, if it is.
    pub plan_year: i32,
    pub open_months: Vec<u32>,
    pub plan: Option<PlanView>,
    /// The plan changes made from this review, newest first.
    pub history: Vec<SaveView>,
    /// The partner's open tasks, by due time (a draft's follow-up).
    pub tasks: Vec<TaskView>,
    /// A completed review's open tasks as they stood when it was completed
    /// (`None` for a draft, or a review completed before they were kept).
    pub frozen_tasks: Option<Vec<FrozenTaskView>>,
    pub templates: Vec<TemplateView>,
    /// The viewer may reopen a completed review (an admin).
    pub may_reopen: bool,
}

/// What an unsubscribe link turns off (its page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    pub email: String,
    pub kind: crate::model::mail::MailKind,
    /// Off already (the link was used, or the person turned it off).
    pub off: bool,
}

/// `/admin/mail`: the outbox, newest first, one page at a time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminMail {
    /// Where mail goes: the SMTP server (without its password), or the folder.
    pub transport: String,
    pub files: bool,
    /// The state shown, or every state.
    pub state: Option<crate::model::mail::MailState>,
    pub messages: Vec<MailRow>,
    /// The id to list older messages before, when there are more.
    pub older: Option<i64>,
}

/// One message on `/admin/mail`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailRow {
    pub recipient: String,
    pub subject: Option<String>,
    pub partner: Option<String>,
    pub kind: crate::model::mail::MailKind,
    pub state: crate::model::mail::MailState,
    /// Queued at, in the viewer's time zone.
    pub queued: String,
    pub sent: Option<String>,
    pub attempts: i32,
    /// When it is tried again (queued after a failure).
    pub next_try: Option<String>,
    /// What the server said, or why it was not sent.
    pub reason: Option<String>,
}

/// One operation of the JSON API, as `/api-docs` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperationView {
    pub method: String,
    pub path: String,
    pub summary: Key,
    /// The scope it needs; empty when it needs no token.
    pub scope: String,
}
