//! The demo workspace's quarterly review: for each partner, a completed review
//! of an earlier quarter of this year (the first; in January to March, last
//! year's fourth, whose plan is this year's), with its notes, a strategy
//! change and a target raised in the history with the review as its reason.

use crate::model::metrics::Metric;
use crate::model::progress::Elapsed;
use crate::model::reviews::{FrozenTask, Quarter, ReviewNotes, Snapshot};
use crate::model::{Locale, PartnerId, UserId};
use crate::server::admin::AdminError;
use crate::server::authz::PartnerScope;
use crate::server::db::Db;
use crate::server::store::{deal_metrics, goals, reviews, tasks};
use chrono::{Datelike, Duration, NaiveDate, Utc};

/// The quarter the demo reviews: the first of this year once it has ended.
pub fn demo_quarter(today: NaiveDate) -> Quarter {
    let first = Quarter {
        year: today.year(),
        quarter: 1,
    };
    if first.has_ended(today) {
        first
    } else {
        first.previous()
    }
}

pub async fn seed(
    db: &Db,
    partner: PartnerId,
    member: UserId,
    pdm: UserId,
    locale: Locale,
) -> Result<(), AdminError> {
    let scope = PartnerScope::for_operator(partner);
    let today = Utc::now().date_naive();
    let quarter = demo_quarter(today);
    let words = Words::of(locale);
    // Started the week after the quarter ended, completed the week after that.
    let ended = NaiveDate::from_ymd_opt(quarter.year, quarter.last_month(), 28).unwrap_or(today)
        + Duration::days(4);
    let started = ended
        .and_hms_opt(9, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(Utc::now)
        .min(Utc::now() - Duration::days(2));
    let actuals = deal_metrics::year_metrics(db, &scope, quarter.year).await?;
    let targets = goals::load(db, &scope, quarter.year)
        .await?
        .map(|p| p.content.targets);
    let snapshot = Snapshot::take(
        quarter,
        &actuals,
        targets.as_ref(),
        Elapsed::of(quarter.year, ended.min(today)),
    );
    let mut tx = db.begin().await?;
    let Some(id) =
        reviews::create(&mut tx, &scope, quarter, &snapshot, Some(member), started).await?
    else {
        return Ok(());
    };
    let notes = ReviewNotes {
        held_on: ended.min(today).format("%Y-%m-%d").to_string(),
        attendees: words.attendees.to_string(),
        went_well: words.went_well.to_string(),
        did_not_go_well: words.did_not_go_well.to_string(),
        strategy: words.strategy.to_string(),
    };
    let at = started + Duration::hours(2);
    reviews::save_notes(&mut tx, &scope, id, 1, &notes, Some(member), at).await?;
    // The PDM raises the first month after the quarter, as agreed.
    let year = quarter.plan_year();
    if let Some(plan) = goals::load(&mut tx, &scope, year).await? {
        let month = *quarter.open_months().start();
        let mut content = plan.content.clone();
        let now = content.targets.month(Metric::SourcedDealsCreated, month);
        content
            .targets
            .set(Metric::SourcedDealsCreated, month, now + 2);
        let edit = goals::Edit {
            by: Some(pdm),
            at: at + Duration::hours(1),
            reason: words.reason,
            review: Some(id),
        };
        goals::save(&mut tx, &scope, year, Some(plan.version), &content, &edit).await?;
    }
    let completed = (at + Duration::days(7)).min(Utc::now());
    // Completed, it keeps the plan's goals as they stood and the tasks it
    // followed up: the demo's open tasks due by the end of the next quarter
    // (the demo's tasks are laid out around today, not around then).
    let company_goals = goals::load(&mut tx, &scope, year)
        .await?
        .map(|p| p.content.goals);
    let next_ends = Quarter::of(quarter.day_after()).day_after();
    let open = tasks::ListQuery {
        completed: Some(false),
        ..tasks::ListQuery::default()
    };
    let followed: Vec<FrozenTask> = tasks::list(&mut tx, &scope, &open)
        .await?
        .into_iter()
        .filter(|t| t.due_at.date_naive() < next_ends)
        .map(|t| FrozenTask {
            id: t.id,
            title: t.title,
            due_at: t.due_at,
            overdue: t.due_at < completed,
        })
        .collect();
    let frozen = snapshot.with_plan_and_tasks(company_goals, followed);
    reviews::complete(&mut tx, &scope, id, 2, &frozen, Some(pdm), completed).await?;
    tx.commit().await?;
    Ok(())
}

struct Words {
    attendees: &'static str,
    went_well: &'static str,
    did_not_go_well: &'static str,
    strategy: &'static str,
    reason: &'static str,
}

impl Words {
    fn of(locale: Locale) -> Words {
        match locale {
            Locale::En => Words {
                attendees: "Morgan Lee (Acme), Pat Chen (PDM)",
                went_well: "Two new resellers signed; sourced MRR ahead of target.",
                did_not_go_well: "Fewer new deals than planned in the last month.",
                strategy: "Focus on retail and logistics customers; one joint webinar a month.",
                reason: "More pipeline expected from the webinars",
            },
            Locale::ZhTw => Words {
                attendees: "林怡君（福爾摩沙）、Pat Chen（PDM）",
                went_well: "新簽兩家經銷商；委託交易 MRR 超前目標。",
                did_not_go_well: "最後一個月的新交易少於計劃。",
                strategy: "聚焦零售與物流客戶；每月舉辦一場聯合網路研討會。",
                reason: "預期研討會帶來更多交易管道",
            },
        }
    }
}
