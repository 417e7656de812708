//! The fields our forms post, each with the most it may hold: what a refused
//! form post may keep to show again. A name that is not here is no field of
//! ours and is not kept; a value longer than its field holds is cut just past
//! that length, so it still reads as too long beside its error.

use crate::model::goals::{goal_field, target_field, GoalCategory, GOAL_MAX, REASON_MAX};
use crate::model::metrics::Metric;
use crate::model::{deal, reviews, tasks, DisplayName, Email, NewPassword, PartnerName};

/// Codes, ids, dates, times, numbers and choices: nothing of ours is longer.
const SHORT: usize = 64;
/// An address inside the app (where a form returns to).
const PATH: usize = 2_048;

/// Fields that hold a code, an id, a date, a time, a number or a choice.
const CODES: &str = "\
    action actor assignee close_date completed confirm create_date currency deal_id \
    dir direction done due_date due_preset due_time file growth held_on import_id \
    kind kind_column listed locale lost mrr mrr_column newer notification_id overdue \
    partner_id pdm_id plan_version position priority quarter remind_date remind_time \
    reminder role since sort stage status step summary take task_id task_version \
    template template_id time_zone type user_id version view week won year \
    reminders assignments reviews digest alerts digest_weekday state before \
    lifetime deals_read deals_write goals_read progress_read tasks_read tasks_write token_id probability";

/// The most characters `name` may hold, or `None` when no form of ours posts it.
pub fn limit(name: &str) -> Option<usize> {
    let limit = match name {
        "display_name" => DisplayName::MAX_CHARS,
        "email" | "username" => Email::MAX_LEN,
        "password" | "current_password" | "new_password" | "confirm_password" => {
            NewPassword::MAX_CHARS
        }
        "title" | "title_en" | "title_zh_tw" => tasks::TITLE_MAX,
        "notes_en" | "notes_zh_tw" => tasks::NOTES_MAX,
        "notes" => tasks::NOTES_MAX.max(deal::NOTES_MAX),
        "owner" | "company" => deal::NAME_MAX,
        "external_id" => deal::EXTERNAL_ID_MAX,
        "pipeline_stage" => crate::model::forecast::STAGE_NAME_MAX,
        "reason" => REASON_MAX,
        "q" | "query" => PartnerName::MAX_CHARS.max(deal::NAME_MAX),
        "next" | "from" | "to" => PATH,
        reviews::fields::ATTENDEES => reviews::ATTENDEES_MAX,
        reviews::fields::WENT_WELL
        | reviews::fields::DID_NOT_GO_WELL
        | reviews::fields::STRATEGY => reviews::NOTE_MAX,
        // A partner's or a deal's name.
        "name" => PartnerName::MAX_CHARS.max(deal::NAME_MAX),
        other if CODES.split_whitespace().any(|code| code == other) => SHORT,
        other if is_goal(other) => GOAL_MAX,
        other if is_target(other) => SHORT,
        _ => return None,
    };
    Some(limit)
}

fn is_goal(name: &str) -> bool {
    GoalCategory::ALL
        .iter()
        .any(|&category| goal_field(category) == name)
}

fn is_target(name: &str) -> bool {
    Metric::ALL
        .iter()
        .any(|&metric| (1..=12).any(|month| target_field(metric, month) == name))
}

#[cfg(test)]
mod tests {
    use super::limit;
    use crate::model::goals::{goal_field, target_field, GoalCategory};
    use crate::model::metrics::Metric;
    use crate::model::tasks;

    #[test]
    fn every_field_of_the_wizard_is_known() {
        for category in GoalCategory::ALL {
            assert!(limit(&goal_field(category)).is_some());
        }
        for metric in Metric::ALL {
            for month in 1..=12 {
                assert_eq!(limit(&target_field(metric, month)), Some(64));
            }
            assert_eq!(limit(&target_field(metric, 13)), None);
        }
    }

    #[test]
    fn fields_hold_what_their_rules_allow_and_strangers_nothing() {
        assert_eq!(limit("title"), Some(tasks::TITLE_MAX));
        assert_eq!(limit("display_name"), Some(100));
        assert_eq!(limit("junk"), None);
        assert_eq!(limit(""), None);
        assert_eq!(limit("goal_"), None);
    }
}
