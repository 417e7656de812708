//! The proofs that store functions take: a caller may touch one partner's
//! data (`PartnerScope`), a portfolio's partners (`PortfolioScope`), a
//! calendar feed's partners (`FeedScope`). `authz` decides and grants them;
//! they live here, below it, so that the store imports nothing above itself.

use crate::model::{PartnerId, UserId};

/// A record that belongs to exactly one partner, stored in `TABLE` with a
/// `partner_id` column. Each child id type (deal, task, review) implements this.
pub trait PartnerOwned: Copy {
    const TABLE: &'static str;
    fn raw(self) -> i64;
}

/// Proof that the caller may touch one partner's data. Only `authz::Access::allow`
/// creates one; store functions for partner data take it and filter by its
/// partner in every query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartnerScope {
    partner_id: PartnerId,
}

impl PartnerScope {
    /// For the installation's operator, who holds the database itself: the
    /// command line and the demo and benchmark data. Never for a request.
    pub fn for_operator(partner_id: PartnerId) -> PartnerScope {
        PartnerScope { partner_id }
    }

    /// What `authz` grants: nothing else makes one for a request.
    pub(in crate::server) fn granted(partner_id: PartnerId) -> PartnerScope {
        PartnerScope { partner_id }
    }

    pub fn partner_id(&self) -> PartnerId {
        self.partner_id
    }
}

/// Proof that the caller may read a portfolio: which partners are in it.
/// Only `authz::Access::allow` creates one; the portfolio's queries filter by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortfolioScope {
    /// The PDM whose assigned partners these are; `None`: every partner (an admin).
    pdm: Option<UserId>,
}

impl PortfolioScope {
    /// What `authz` grants: nothing else makes one.
    pub(in crate::server) fn granted(pdm: Option<UserId>) -> PortfolioScope {
        PortfolioScope { pdm }
    }

    pub fn pdm(&self) -> Option<UserId> {
        self.pdm
    }
}

/// Proof of which partners' tasks a calendar feed shows: those its owner may
/// open at the time of the fetch. A feed is reached by its secret, not a
/// session, so this is made from the feed's owner; only `authz::FeedScope::of`
/// makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedScope {
    partners: Vec<PartnerId>,
}

impl FeedScope {
    /// What `authz::FeedScope::of` grants.
    pub(in crate::server) fn granted(partners: Vec<PartnerId>) -> FeedScope {
        FeedScope { partners }
    }

    pub fn partner_ids(&self) -> &[PartnerId] {
        &self.partners
    }
}
