//! The areas of a partner's workspace, one per section of the source article.

use crate::i18n::Key;
use crate::model::PartnerId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Area {
    Goals,
    Progress,
    Deals,
    Tasks,
    Reviews,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Goals,
        Area::Progress,
        Area::Deals,
        Area::Tasks,
        Area::Reviews,
    ];

    /// The path segment: `/p/{partner}/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Area::Goals => "goals",
            Area::Progress => "progress",
            Area::Deals => "deals",
            Area::Tasks => "tasks",
            Area::Reviews => "reviews",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.slug() == slug)
    }

    pub fn title(self) -> Key {
        match self {
            Area::Goals => Key::AreaGoals,
            Area::Progress => Key::AreaProgress,
            Area::Deals => Key::AreaDeals,
            Area::Tasks => Key::AreaTasks,
            Area::Reviews => Key::AreaReviews,
        }
    }

    pub fn about(self) -> Key {
        match self {
            Area::Goals => Key::AreaGoalsAbout,
            Area::Progress => Key::AreaProgressAbout,
            Area::Deals => Key::AreaDealsAbout,
            Area::Tasks => Key::AreaTasksAbout,
            Area::Reviews => Key::AreaReviewsAbout,
        }
    }

    pub fn path(self, partner_id: PartnerId) -> String {
        format!("/p/{partner_id}/{}", self.slug())
    }
}

/// The partner and area a path points at: `/p/7/deals` is partner 7, Deals.
pub fn parse_workspace_path(path: &str) -> Option<(PartnerId, Option<Area>)> {
    let mut segments = path.trim_start_matches('/').split('/');
    if segments.next()? != "p" {
        return None;
    }
    let partner = segments.next()?.parse().ok()?;
    Some((partner, segments.next().and_then(Area::from_slug)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for area in Area::ALL {
            assert_eq!(Area::from_slug(area.slug()), Some(area));
        }
        assert_eq!(Area::from_slug("admin"), None);
    }

    #[test]
    fn parses_workspace_paths() {
        assert_eq!(
            parse_workspace_path("/p/7/deals"),
            Some((PartnerId(7), Some(Area::Deals)))
        );
        assert_eq!(parse_workspace_path("/p/7"), Some((PartnerId(7), None)));
        assert_eq!(parse_workspace_path("/p/x/deals"), None);
        assert_eq!(parse_workspace_path("/settings"), None);
        assert_eq!(Area::Tasks.path(PartnerId(3)), "/p/3/tasks");
    }
}
