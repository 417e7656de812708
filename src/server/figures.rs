//! Figures computed from a partner's deals (a year's metrics, a period's data
//! summary, the open deals the forecast reads), kept in memory while they are
//! current.
//!
//! With 100,000 deals each aggregate walks tens of thousands of index entries
//! (about 20 ms), on every view of the progress page. Every write to a
//! partner's deals bumps `partners.deals_version` (a trigger, migration 0009),
//! so a figure is reused while the version it was computed at is still the
//! partner's: reading that one number costs what a primary-key lookup costs.
//! Each server instance keeps its own figures and checks the same version, so
//! several instances behind one database stay correct. The portfolio's
//! figures (every partner's year) are checked the same way, against a stamp
//! of all partners' versions.
//!
//! The version is read before the figure is computed: a write landing in
//! between leaves a figure at most as old as the version it is filed under,
//! and the write's bump retires it.

use crate::model::forecast::OpenGroup;
use crate::model::metrics::{DataSummary, Period, YearMetrics};
use crate::model::PartnerId;
use crate::server::db::Db;
use crate::server::store::forecast::{self, Outlook};
use crate::server::store::scope::PartnerScope;
use crate::server::store::{deal_metrics, partners};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// At most this many figures are kept (a few megabytes); when full, all are
/// dropped and the ones in use come back at their next view.
const CAPACITY: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Of {
    Year(i32),
    Summary(i32, i32),
    /// The open deals, as of the quarter ending in this month.
    Outlook(i32),
}

#[derive(Clone, Debug)]
enum Figure {
    Year(YearMetrics),
    Summary(DataSummary),
    Outlook(Arc<Outlook>),
}

/// Every partner's metrics of a year, as of a stamp of all partners' versions.
type Installation = HashMap<i32, ((i64, i64, i64), Arc<HashMap<PartnerId, YearMetrics>>)>;
/// Every partner's open deals, grouped, as of such a stamp.
type InstallationOpen = Option<((i64, i64, i64), Arc<HashMap<PartnerId, Vec<OpenGroup>>>)>;

/// The figures in memory, shared by every request of this instance.
#[derive(Debug, Default)]
pub struct FigureCache {
    entries: Mutex<HashMap<(PartnerId, Of), (i64, Figure)>>,
    portfolio: Mutex<Installation>,
    portfolio_open: Mutex<InstallationOpen>,
    /// One computation per partner at a time: when a write retires a busy
    /// page's figures, the views that arrive together wait for the first
    /// one's result instead of each walking the same 100,000 deals.
    computing: Mutex<HashMap<PartnerId, Arc<tokio::sync::Mutex<()>>>>,
}

impl FigureCache {
    fn get(&self, key: (PartnerId, Of), version: i64) -> Option<Figure> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|(at, _)| *at == version)
            .map(|(_, figure)| figure.clone())
    }

    fn turn(&self, partner: PartnerId) -> Arc<tokio::sync::Mutex<()>> {
        let mut computing = self.computing.lock().unwrap_or_else(|e| e.into_inner());
        if computing.len() >= CAPACITY {
            computing.retain(|_, turn| Arc::strong_count(turn) > 1);
        }
        computing.entry(partner).or_default().clone()
    }

    fn put(&self, key: (PartnerId, Of), version: i64, figure: Figure) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, figure));
    }
}

/// Every partner's metrics of `year`, from memory while no deal anywhere has
/// been written since: the portfolio lists up to every partner, and reading
/// each one's version would cost what the aggregate itself costs.
pub async fn portfolio_actuals(
    db: &Db,
    cache: &FigureCache,
    year: i32,
) -> Result<Arc<HashMap<PartnerId, YearMetrics>>, sqlx::Error> {
    let stamp = partners::deals_stamp(db).await?;
    let cached = {
        let portfolio = cache.portfolio.lock().unwrap_or_else(|e| e.into_inner());
        portfolio
            .get(&year)
            .filter(|(at, _)| *at == stamp)
            .map(|(_, all)| all.clone())
    };
    if let Some(all) = cached {
        return Ok(all);
    }
    let all = Arc::new(deal_metrics::every_partners_year_metrics(db, year).await?);
    let mut portfolio = cache.portfolio.lock().unwrap_or_else(|e| e.into_inner());
    // A few years at most are looked at; more are dropped, not piled up.
    if portfolio.len() >= 8 {
        portfolio.clear();
    }
    portfolio.insert(year, (stamp, all.clone()));
    Ok(all)
}

/// Every partner's open deals, grouped (the portfolio's forecast), from
/// memory while no deal or stage anywhere has been written since.
pub async fn portfolio_open(
    db: &Db,
    cache: &FigureCache,
) -> Result<Arc<HashMap<PartnerId, Vec<OpenGroup>>>, sqlx::Error> {
    let stamp = partners::deals_stamp(db).await?;
    {
        let open = cache
            .portfolio_open
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some((at, all)) = open.as_ref() {
            if *at == stamp {
                return Ok(all.clone());
            }
        }
    }
    let all = Arc::new(forecast::every_partners_open_groups(db).await?);
    *cache
        .portfolio_open
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Some((stamp, all.clone()));
    Ok(all)
}

/// One partner's deal figures as of the moment it was opened.
pub struct DealFigures<'a> {
    db: &'a Db,
    cache: &'a FigureCache,
    scope: &'a PartnerScope,
    version: i64,
}

impl<'a> DealFigures<'a> {
    pub async fn open(
        db: &'a Db,
        cache: &'a FigureCache,
        scope: &'a PartnerScope,
    ) -> Result<DealFigures<'a>, sqlx::Error> {
        let version = partners::deals_version(db, scope.partner_id()).await?;
        Ok(DealFigures {
            db,
            cache,
            scope,
            version,
        })
    }

    /// `deal_metrics::year_metrics`, from memory while current.
    pub async fn year_metrics(&self, year: i32) -> Result<YearMetrics, sqlx::Error> {
        let computed = self
            .figure(Of::Year(year), async {
                deal_metrics::year_metrics(self.db, self.scope, year)
                    .await
                    .map(Figure::Year)
            })
            .await?;
        match computed {
            Figure::Year(metrics) => Ok(metrics),
            _ => unreachable!("filed under Of::Year"),
        }
    }

    /// `deal_metrics::data_summary`, from memory while current.
    pub async fn data_summary(&self, period: Period) -> Result<DataSummary, sqlx::Error> {
        let computed = self
            .figure(Of::Summary(period.first, period.last), async {
                deal_metrics::data_summary(self.db, self.scope, period)
                    .await
                    .map(Figure::Summary)
            })
            .await?;
        match computed {
            Figure::Summary(summary) => Ok(summary),
            _ => unreachable!("filed under Of::Summary"),
        }
    }

    /// `forecast::outlook` as of the quarter ending in `quarter_last_month`,
    /// from memory while current (a change to a stage's probability bumps
    /// the version as a deal's change does: migration 0017).
    pub async fn outlook(&self, quarter_last_month: i32) -> Result<Arc<Outlook>, sqlx::Error> {
        let computed = self
            .figure(Of::Outlook(quarter_last_month), async {
                forecast::outlook(self.db, self.scope, quarter_last_month)
                    .await
                    .map(|o| Figure::Outlook(Arc::new(o)))
            })
            .await?;
        match computed {
            Figure::Outlook(outlook) => Ok(outlook),
            _ => unreachable!("filed under Of::Outlook"),
        }
    }

    /// The figure filed under `of` at this version, else `compute`d (once per
    /// partner at a time: a view waiting its turn finds it filed) and filed.
    async fn figure(
        &self,
        of: Of,
        compute: impl std::future::Future<Output = Result<Figure, sqlx::Error>>,
    ) -> Result<Figure, sqlx::Error> {
        let key = (self.scope.partner_id(), of);
        if let Some(figure) = self.cache.get(key, self.version) {
            return Ok(figure);
        }
        let turn = self.cache.turn(key.0);
        let _turn = turn.lock().await;
        if let Some(figure) = self.cache.get(key, self.version) {
            return Ok(figure);
        }
        let figure = compute.await?;
        self.cache.put(key, self.version, figure.clone());
        Ok(figure)
    }
}
