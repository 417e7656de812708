//! The deals page's list: the URL's filters and order as SQL, one page of
//! matches with their count, and every match for the export.

use super::*;
use crate::model::deal::NAME_MAX;

/// Binds the values a filter clause collected.
macro_rules! bind_filters {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::Month(v) => q.bind(*v),
                Bind::Id(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.clone()),
            };
        }
        q
    }};
}

/// A value bound into a query built from the page's filters.
enum Bind {
    Month(i32),
    Id(i64),
    Text(String),
}

/// `WHERE …` for the filters, with its bound values after `partner_id = $1`.
fn filter_clause(query: &DealQuery, binds: &mut Vec<Bind>) -> String {
    let mut clause = String::from("partner_id = $1");
    let push = |binds: &mut Vec<Bind>, bind: Bind| {
        binds.push(bind);
        format!("${}", binds.len() + 1)
    };
    if let Some(year) = query.year {
        let (from, to) = (
            push(binds, Bind::Month(year * 100 + 1)),
            push(binds, Bind::Month(year * 100 + 12)),
        );
        // Each side has indexes of its own (with the kind or stage, or
        // without); the database unites the two.
        clause += &format!(
            " AND (create_month BETWEEN {from} AND {to} OR close_month BETWEEN {from} AND {to})"
        );
    }
    if let Some(kind) = query.kind {
        clause += &format!(
            " AND kind = {}",
            push(binds, Bind::Text(kind.as_str().into()))
        );
    }
    if let Some(stage) = query.stage {
        clause += &format!(
            " AND stage = {}",
            push(binds, Bind::Text(stage.as_str().into()))
        );
    }
    if !query.text.trim().is_empty() {
        // The same cut as the page's query (`model::deal_query`): a name's length.
        let pattern = crate::server::db::contains_pattern(&query.text, NAME_MAX);
        clause += &format!(
            " AND search_text LIKE {} ESCAPE '\\'",
            push(binds, Bind::Text(pattern))
        );
    }
    clause
}

fn order_clause(query: &DealQuery) -> String {
    let column = match query.sort {
        DealSort::CreateDate => "create_date",
        DealSort::CloseDate => "close_date",
        DealSort::Name => "lower(name)",
        DealSort::Company => "lower(company)",
        DealSort::Owner => "lower(owner)",
        DealSort::Stage => "stage",
        DealSort::Kind => "kind",
        DealSort::Mrr => "mrr",
    };
    let dir = if query.descending { "DESC" } else { "ASC" };
    // Open deals have no close date: last, whichever way.
    let nulls = if query.sort == DealSort::CloseDate {
        "close_date IS NULL, "
    } else {
        ""
    };
    format!("{nulls}{column} {dir}, id {dir}")
}

#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    deal: DealRow,
    total: i64,
}

/// One page of the partner's deals that match the query, and how many match.
///
/// Filtered, the database visits every match to order them anyway, so the
/// count comes along in the same pass (a window); unfiltered, the count is an
/// index count and the page an index walk, which two queries keep cheap.
pub async fn page(
    db: &Db,
    scope: &PartnerScope,
    query: &DealQuery,
) -> Result<(Vec<DealRow>, i64), sqlx::Error> {
    let mut binds = Vec::new();
    let filter = filter_clause(query, &mut binds);
    let order = order_clause(query);
    let offset = query.offset();
    let partner = scope.partner_id();
    let count = || async {
        let sql = format!("SELECT COUNT(*) FROM deals WHERE {filter}");
        with_db!(db, |e| bind_filters!(
            sqlx::query_scalar::<_, i64>(&sql).bind(partner),
            &binds
        )
        .fetch_one(e)
        .await)
    };
    if !query.is_filtered() {
        let sql = format!(
            "SELECT {COLUMNS} FROM deals WHERE {filter} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}"
        );
        let rows = with_db!(db, |e| bind_filters!(
            sqlx::query_as::<_, DealRow>(&sql).bind(partner),
            &binds
        )
        .fetch_all(e)
        .await)?;
        return Ok((rows, count().await?));
    }
    let sql = format!(
        "SELECT {COLUMNS}, COUNT(*) OVER () AS total FROM deals WHERE {filter} \
         ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}"
    );
    let rows = with_db!(db, |e| bind_filters!(
        sqlx::query_as::<_, CountedRow>(&sql).bind(partner),
        &binds
    )
    .fetch_all(e)
    .await)?;
    // A page past the end has no row to carry the count.
    let total = match rows.first() {
        Some(row) => row.total,
        None => count().await?,
    };
    Ok((rows.into_iter().map(|r| r.deal).collect(), total))
}

/// Every deal that matches the query's filters, in its order (for export).
pub async fn matching<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    query: &DealQuery,
) -> Result<Vec<DealRow>, sqlx::Error> {
    let mut binds = Vec::new();
    let filter = filter_clause(query, &mut binds);
    let sql = format!(
        "SELECT {COLUMNS} FROM deals WHERE {filter} ORDER BY {}",
        order_clause(query)
    );
    let partner = scope.partner_id();
    with_db!(db, |e| bind_filters!(
        sqlx::query_as::<_, DealRow>(&sql).bind(partner),
        &binds
    )
    .fetch_all(e)
    .await)
}

/// Up to `limit` of the partner's deals that match the query's filters, by
/// id, after deal `after` (the API's cursor: stable while deals are added,
/// changed or removed between pages, unlike an offset).
pub async fn after<'a>(
    db: impl Into<Exec<'a>>,
    scope: &PartnerScope,
    query: &DealQuery,
    after: Option<DealId>,
    limit: u32,
) -> Result<Vec<DealRow>, sqlx::Error> {
    let mut binds = Vec::new();
    let mut filter = filter_clause(query, &mut binds);
    if let Some(after) = after {
        binds.push(Bind::Id(after.0));
        filter += &format!(" AND id > ${}", binds.len() + 1);
    }
    let sql = format!("SELECT {COLUMNS} FROM deals WHERE {filter} ORDER BY id LIMIT {limit}");
    let partner = scope.partner_id();
    with_db!(db, |e| bind_filters!(
        sqlx::query_as::<_, DealRow>(&sql).bind(partner),
        &binds
    )
    .fetch_all(e)
    .await)
}
