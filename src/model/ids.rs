//! Ids of stored things, one type each, so that a user id cannot be passed where
//! a partner id is wanted. Each is a plain integer on the wire and in SQL.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

id_type! {
    /// A partner company: the tenant every plan, deal, task and review belongs to.
    PartnerId;
    /// A person who signs in: partner member, PDM or admin.
    UserId;
    /// A deal of one partner.
    DealId;
    /// An uploaded deals file waiting to be imported.
    ImportId;
    /// An action task of one partner.
    TaskId;
    /// A default task: a template new tasks can start from.
    TemplateId;
    /// An in-app notification for one user.
    NotificationId;
    /// A quarterly review of one partner.
    ReviewId;
    /// A JSON API token.
    TokenId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_on_the_wire() {
        assert_eq!(serde_json::to_string(&PartnerId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<UserId>("12").unwrap(), UserId(12));
        assert_eq!("42".parse::<PartnerId>().unwrap(), PartnerId(42));
        assert!("x".parse::<PartnerId>().is_err());
        assert_eq!(PartnerId(3).to_string(), "3");
    }
}
