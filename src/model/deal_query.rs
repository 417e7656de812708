//! What the deals page shows: its filters, order and page, read from and
//! written to the URL, so that a view works without JavaScript and can be shared.

use crate::model::date::YEARS;
use crate::model::deal::{DealKind, DealStage, NAME_MAX};
use serde::{Deserialize, Serialize};

/// Deals per page.
pub const PAGE_SIZE: u32 = 50;
/// Paging is by offset, bounded: past this many deals, narrowing the filters
/// finds a deal faster than paging, and the database is spared deep offsets.
pub const MAX_PAGED: u32 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DealSort {
    CreateDate,
    CloseDate,
    Name,
    Company,
    Owner,
    Stage,
    Kind,
    Mrr,
}

impl DealSort {
    pub const ALL: [DealSort; 8] = [
        DealSort::CreateDate,
        DealSort::CloseDate,
        DealSort::Name,
        DealSort::Company,
        DealSort::Owner,
        DealSort::Stage,
        DealSort::Kind,
        DealSort::Mrr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DealSort::CreateDate => "create_date",
            DealSort::CloseDate => "close_date",
            DealSort::Name => "name",
            DealSort::Company => "company",
            DealSort::Owner => "owner",
            DealSort::Stage => "stage",
            DealSort::Kind => "kind",
            DealSort::Mrr => "mrr",
        }
    }

    pub fn parse(s: &str) -> Option<DealSort> {
        DealSort::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Dates and money read best newest or largest first; words from A.
    pub fn descending_by_default(self) -> bool {
        matches!(
            self,
            DealSort::CreateDate | DealSort::CloseDate | DealSort::Mrr
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealQuery {
    pub year: Option<i32>,
    pub kind: Option<DealKind>,
    pub stage: Option<DealStage>,
    /// Matched against name, company, owner and Record ID, ignoring case.
    pub text: String,
    pub sort: DealSort,
    pub descending: bool,
    /// From 1.
    pub page: u32,
}

impl Default for DealQuery {
    fn default() -> Self {
        DealQuery {
            year: None,
            kind: None,
            stage: None,
            text: String::new(),
            sort: DealSort::CreateDate,
            descending: true,
            page: 1,
        }
    }
}

impl DealQuery {
    /// Reads the URL's parameters; anything unknown or out of range falls back
    /// to the default, so an edited or stale link still shows a page.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> DealQuery {
        let mut q = DealQuery::default();
        let mut dir = None;
        for (name, value) in params {
            let value = value.trim();
            match name {
                "year" => q.year = value.parse().ok().filter(|y| YEARS.contains(y)),
                "kind" => q.kind = DealKind::parse(value),
                "stage" => q.stage = DealStage::parse(value),
                "q" => q.text = value.chars().take(NAME_MAX).collect(),
                "sort" => {
                    if let Some(sort) = DealSort::parse(value) {
                        q.sort = sort;
                    }
                }
                "dir" => dir = Some(value == "desc"),
                "page" => q.page = value.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                _ => {}
            }
        }
        q.descending = dir.unwrap_or(q.sort.descending_by_default());
        q.page = q.page.min(q.last_page_allowed());
        q
    }

    /// The highest page number that paging reaches.
    pub fn last_page_allowed(&self) -> u32 {
        MAX_PAGED.div_ceil(PAGE_SIZE)
    }

    pub fn offset(&self) -> u32 {
        (self.page - 1) * PAGE_SIZE
    }

    /// The filters alone, as URL parameters (for the export link).
    pub fn filter_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(y) = self.year {
            p.push(("year", y.to_string()));
        }
        if let Some(k) = self.kind {
            p.push(("kind", k.as_str().to_string()));
        }
        if let Some(s) = self.stage {
            p.push(("stage", s.as_str().to_string()));
        }
        if !self.text.is_empty() {
            p.push(("q", self.text.clone()));
        }
        p
    }

    /// Everything but defaults, as a query string starting with `?` (or empty).
    pub fn to_query_string(&self) -> String {
        let mut p = self.filter_params();
        if self.sort != DealSort::CreateDate || !self.descending {
            p.push(("sort", self.sort.as_str().to_string()));
            p.push((
                "dir",
                if self.descending { "desc" } else { "asc" }.to_string(),
            ));
        }
        if self.page > 1 {
            p.push(("page", self.page.to_string()));
        }
        encode(&p)
    }

    /// The same view sorted by `sort`: the other direction when it is already
    /// sorted by it; back to the first page.
    pub fn sorted_by(&self, sort: DealSort) -> DealQuery {
        let descending = if self.sort == sort {
            !self.descending
        } else {
            sort.descending_by_default()
        };
        DealQuery {
            sort,
            descending,
            page: 1,
            ..self.clone()
        }
    }

    pub fn at_page(&self, page: u32) -> DealQuery {
        DealQuery {
            page,
            ..self.clone()
        }
    }

    pub fn is_filtered(&self) -> bool {
        !self.filter_params().is_empty()
    }
}

/// `?a=1&b=x%20y`, or empty without parameters.
pub fn encode(params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> DealQuery {
        DealQuery::from_params(s.split('&').filter_map(|kv| kv.split_once('=')))
    }

    #[test]
    fn reads_and_writes_the_url() {
        let q = parse("year=2026&kind=assisted&stage=closed_won&q=acme&sort=mrr&dir=asc&page=3");
        assert_eq!(q.year, Some(2026));
        assert_eq!(q.kind, Some(DealKind::Assisted));
        assert_eq!(q.stage, Some(DealStage::ClosedWon));
        assert_eq!((q.sort, q.descending, q.page), (DealSort::Mrr, false, 3));
        assert_eq!(
            q.to_query_string(),
            "?year=2026&kind=assisted&stage=closed_won&q=acme&sort=mrr&dir=asc&page=3"
        );
        assert_eq!(DealQuery::default().to_query_string(), "");
    }

    #[test]
    fn nonsense_falls_back_to_defaults() {
        let q = parse("year=abc&kind=x&sort=drop%20table&page=-1");
        assert_eq!(q, DealQuery::default());
        assert_eq!(parse("page=999999").page, MAX_PAGED / PAGE_SIZE);
    }

    #[test]
    fn sorting_toggles_and_restarts_paging() {
        let q = parse("page=4");
        let by_name = q.sorted_by(DealSort::Name);
        assert_eq!((by_name.descending, by_name.page), (false, 1));
        assert!(by_name.sorted_by(DealSort::Name).descending);
        assert!(q.sorted_by(DealSort::CreateDate).descending == false);
    }

    #[test]
    fn encodes_text() {
        let q = DealQuery {
            text: "a&b 台".into(),
            ..DealQuery::default()
        };
        assert_eq!(q.to_query_string(), "?q=a%26b%20%E5%8F%B0");
    }
}
