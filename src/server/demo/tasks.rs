//! The demo workspace's tasks: a dozen per partner, from the default tasks and
//! open ones, open and completed, some overdue, assigned to both sides, and
//! one reminder that falls due a few minutes after the demo starts, so the
//! bell shows its first notification while you look around.

use crate::model::tasks::{Priority, ReminderPreset, TaskType};
use crate::model::{Locale, PartnerId, UserId};
use crate::server::admin::AdminError;
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::store::tasks::{self, TaskFields};
use chrono::{Duration, Utc};

/// One demo task: its title in each language, its kind and priority, when it
/// is due from now, who holds it, and whether it is done.
struct Demo {
    title: (&'static str, &'static str),
    kind: TaskType,
    priority: Priority,
    due_in: Duration,
    by_pdm: bool,
    done: bool,
}

const fn demo(
    title: (&'static str, &'static str),
    kind: TaskType,
    priority: Priority,
    due_in_hours: i64,
    by_pdm: bool,
    done: bool,
) -> Demo {
    Demo {
        title,
        kind,
        priority,
        due_in: Duration::hours(due_in_hours),
        by_pdm,
        done,
    }
}

const DEMOS: [Demo; 11] = [
    demo(
        (
            "Schedule the quarterly review with the PDM",
            "與 PDM 安排季度檢討",
        ),
        TaskType::Call,
        Priority::High,
        24 * 6,
        true,
        false,
    ),
    demo(
        ("Register new sourced deals", "登錄新的委託交易"),
        TaskType::Todo,
        Priority::Medium,
        -24 * 3,
        false,
        false,
    ),
    demo(
        (
            "Update targets after the quarterly review",
            "季度檢討後更新目標值",
        ),
        TaskType::Todo,
        Priority::Medium,
        -24 * 20,
        false,
        true,
    ),
    demo(
        ("Plan a co-marketing campaign", "規劃共同行銷活動"),
        TaskType::Todo,
        Priority::Medium,
        24 * 30,
        true,
        false,
    ),
    demo(
        ("Complete a certification", "完成一項認證"),
        TaskType::Todo,
        Priority::Low,
        24 * 80,
        false,
        false,
    ),
    demo(
        (
            "Review deals in flight with the PDM",
            "與 PDM 檢閱進行中的交易",
        ),
        TaskType::Call,
        Priority::Medium,
        -24 * 9,
        true,
        false,
    ),
    demo(
        (
            "Email the PDM a pipeline update",
            "以電子郵件向 PDM 更新交易管道",
        ),
        TaskType::Email,
        Priority::Low,
        -24 * 12,
        false,
        true,
    ),
    demo(
        (
            "Send the joint value proposition to three prospects",
            "寄送聯合價值主張給三位潛在客戶",
        ),
        TaskType::Email,
        Priority::High,
        26,
        false,
        false,
    ),
    demo(
        ("Call Contoso about the renewal", "致電 Contoso 討論續約"),
        TaskType::Call,
        Priority::High,
        4,
        true,
        false,
    ),
    demo(
        ("Update the HubSpot deal stages", "更新 HubSpot 交易階段"),
        TaskType::Todo,
        Priority::None,
        -24 * 2,
        true,
        true,
    ),
    demo(
        (
            "Prepare the third-quarter pipeline review",
            "準備第三季交易管道檢討",
        ),
        TaskType::Todo,
        Priority::Medium,
        24 * 14,
        false,
        false,
    ),
];

pub async fn seed(
    db: &Db,
    partner: PartnerId,
    member: UserId,
    pdm: UserId,
    locale: Locale,
) -> Result<(), AdminError> {
    let scope = PartnerScope::for_operator(partner);
    let now = Utc::now();
    let mut tx = db.begin().await?;
    for (i, d) in DEMOS.iter().enumerate() {
        let holder = if d.by_pdm { pdm } else { member };
        let task = TaskFields {
            title: pick(locale, d.title).to_string(),
            kind: d.kind,
            priority: d.priority,
            assignee: Some(holder),
            due_at: now + d.due_in,
            // Every third open one reminds a day before.
            reminder: if i % 3 == 0 {
                ReminderPreset::Before1d
            } else {
                ReminderPreset::None
            },
            remind_at: (i % 3 == 0).then(|| now + d.due_in - Duration::days(1)),
            notes: String::new(),
            completed: false,
        };
        let creator = if i % 2 == 0 { member } else { pdm };
        let id = tasks::create(&mut tx, &scope, &task, Some(creator), now).await?;
        if d.done {
            tasks::set_completed(&mut tx, &scope, id, true, Some(holder), now).await?;
        }
    }
    // The first notification: due in 17 minutes, reminded 15 minutes before.
    let soon = TaskFields {
        title: pick(
            locale,
            ("Confirm the webinar speakers", "確認網路研討會講者"),
        )
        .to_string(),
        kind: TaskType::Email,
        priority: Priority::High,
        assignee: Some(member),
        due_at: now + Duration::minutes(17),
        reminder: ReminderPreset::Before15m,
        remind_at: Some(now + Duration::minutes(2)),
        notes: pick(
            locale,
            (
                "Two speakers from the vendor, one from our team.",
                "原廠兩位講者，我方一位。",
            ),
        )
        .to_string(),
        completed: false,
    };
    tasks::create(&mut tx, &scope, &soon, Some(pdm), now).await?;
    tx.commit().await?;
    Ok(())
}

fn pick(locale: Locale, (en, zh): (&'static str, &'static str)) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::ZhTw => zh,
    }
}
