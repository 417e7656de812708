//! The two migration folders must define the same schema: the same migration
//! files, tables, columns (with the same nullability and compatible types, by
//! the dialect policy in `server::db`) and indexes. Read from the SQL itself, so
//! it runs without a database.

use std::collections::BTreeMap;

#[derive(Debug, PartialEq, Eq, Clone)]
struct Column {
    family: &'static str,
    not_null: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, BTreeMap<String, Column>>,
    /// name → (table, columns, unique)
    indexes: BTreeMap<String, (String, String, bool)>,
    /// name → table
    triggers: BTreeMap<String, String>,
}

/// The statements of a migration, comments removed. A PostgreSQL function
/// body (`$$ ... $$`) and an SQLite trigger body (`BEGIN ... END`) hold
/// semicolons of their own, so they stay within their statement.
fn statements(text: &str) -> Vec<String> {
    let text: String = text
        .lines()
        .map(|l| l.split("--").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for piece in text.split(';') {
        if open {
            let last = out.last_mut().unwrap();
            last.push(';');
            last.push_str(piece);
        } else {
            out.push(piece.to_string());
        }
        let current = out.last().unwrap().to_ascii_uppercase();
        let in_dollars = current.matches("$$").count() % 2 == 1;
        let in_trigger_body = current.trim_start().starts_with("CREATE TRIGGER")
            && words(&current).iter().any(|w| w == "BEGIN")
            && words(&current).last().map(String::as_str) != Some("END");
        open = in_dollars || in_trigger_body;
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Types that store the same values on both backends, by the dialect policy.
fn family(sql_type: &str) -> &'static str {
    match sql_type.to_ascii_uppercase().as_str() {
        "INTEGER" | "BIGINT" | "BIGSERIAL" => "integer",
        "TEXT" => "text",
        // Instants and dates are TEXT in SQLite.
        "TIMESTAMPTZ" | "DATE" => "text",
        "BOOLEAN" => "integer",
        "REAL" | "DOUBLE" => "float",
        "BLOB" | "BYTEA" => "bytes",
        other => panic!("type {other} has no place in the dialect policy"),
    }
}

fn split_top_level(body: &str) -> Vec<String> {
    let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_string()).collect()
}

fn parse(folder: &str) -> (Vec<String>, Schema) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let mut schema = Schema::default();
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for statement in statements(&text) {
            let statement = statement.as_str();
            let upper = statement.to_ascii_uppercase();
            let w = words(statement);
            if upper.starts_with("CREATE TABLE") {
                let name = w[2].trim_end_matches('(').to_lowercase();
                let open = statement.find('(').unwrap();
                let close = statement.rfind(')').unwrap();
                let mut columns = BTreeMap::new();
                for item in split_top_level(&statement[open + 1..close]) {
                    let iw = words(&item);
                    let first = iw[0].to_ascii_uppercase();
                    if ["PRIMARY", "CHECK", "UNIQUE", "FOREIGN", "CONSTRAINT"]
                        .contains(&first.as_str())
                    {
                        continue;
                    }
                    let rest = item.to_ascii_uppercase();
                    columns.insert(
                        iw[0].to_lowercase(),
                        Column {
                            family: family(iw[1].trim_end_matches(',')),
                            not_null: rest.contains("NOT NULL") || rest.contains("PRIMARY KEY"),
                        },
                    );
                }
                schema.tables.insert(name, columns);
            } else if upper.starts_with("CREATE INDEX") || upper.starts_with("CREATE UNIQUE INDEX")
            {
                let unique = upper.starts_with("CREATE UNIQUE");
                let at = if unique { 3 } else { 2 };
                let on = w.iter().position(|x| x.eq_ignore_ascii_case("ON")).unwrap();
                let table = w[on + 1].trim_end_matches('(').to_lowercase();
                let cols = statement[statement.find('(').unwrap()..]
                    .replace(' ', "")
                    .to_lowercase();
                schema
                    .indexes
                    .insert(w[at].to_lowercase(), (table, cols, unique));
            } else if upper.starts_with("ALTER TABLE") {
                let table = w[2].to_lowercase();
                let clauses = statement[statement.find(&w[2]).unwrap() + w[2].len()..].to_string();
                for clause in split_top_level(&clauses) {
                    let cw = words(&clause);
                    let cu: Vec<String> = cw.iter().map(|x| x.to_ascii_uppercase()).collect();
                    match cu.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                        ["ADD", "COLUMN", ..] => {
                            schema.tables.get_mut(&table).unwrap().insert(
                                cw[2].to_lowercase(),
                                Column {
                                    family: family(&cw[3]),
                                    not_null: clause.to_ascii_uppercase().contains("NOT NULL"),
                                },
                            );
                        }
                        ["ALTER", "COLUMN", _, "DROP", "NOT", "NULL"] => {
                            let columns = schema.tables.get_mut(&table).unwrap();
                            columns.get_mut(&cw[2].to_lowercase()).unwrap().not_null = false;
                        }
                        ["ADD", "CHECK", ..] | ["ADD", "CONSTRAINT", ..] => {}
                        ["RENAME", "TO", _] => {
                            let columns = schema.tables.remove(&table).unwrap();
                            schema.tables.insert(cw[2].to_lowercase(), columns);
                        }
                        _ => panic!(
                            "{folder}/{file}: an ALTER TABLE this test cannot read: {clause}"
                        ),
                    }
                }
            } else if upper.starts_with("CREATE TRIGGER") {
                let on = w.iter().position(|x| x.eq_ignore_ascii_case("ON")).unwrap();
                schema
                    .triggers
                    .insert(w[2].to_lowercase(), w[on + 1].to_lowercase());
            } else if upper.starts_with("CREATE FUNCTION") {
                // A trigger's PostgreSQL body; SQLite writes it in the trigger.
            } else if upper.starts_with("DROP TABLE") {
                let table = w[2].to_lowercase();
                schema.tables.remove(&table);
                // Its indexes and triggers go with it.
                schema.indexes.retain(|_, (on, _, _)| *on != table);
                schema.triggers.retain(|_, on| *on != table);
            } else if upper.starts_with("INSERT")
                || upper.starts_with("UPDATE")
                || upper.starts_with("SELECT SETVAL")
            {
                // Rows shipped with the schema (default tasks) or filled in
                // for a new column, not schema.
            } else if upper.starts_with("DROP TRIGGER") {
                schema.triggers.remove(&w[2].to_lowercase());
            } else if upper.starts_with("DROP INDEX") {
                schema.indexes.remove(&w[2].to_lowercase());
            } else if upper.starts_with("DROP TRIGGER") {
                schema.triggers.remove(&w[2].to_lowercase());
            } else {
                panic!("{folder}/{file}: a statement this test cannot read: {statement}");
            }
        }
    }
    (files, schema)
}

#[test]
fn both_backends_define_the_same_schema() {
    let (sqlite_files, sqlite) = parse("sqlite");
    let (postgres_files, postgres) = parse("postgres");
    assert_eq!(
        sqlite_files, postgres_files,
        "each change needs a migration for both backends"
    );
    assert!(sqlite.tables.contains_key("users") && sqlite.tables.contains_key("flashes"));
    for (table, columns) in &sqlite.tables {
        assert_eq!(
            Some(columns),
            postgres.tables.get(table),
            "table {table} differs"
        );
    }
    assert_eq!(
        sqlite.tables.keys().collect::<Vec<_>>(),
        postgres.tables.keys().collect::<Vec<_>>()
    );
    assert_eq!(sqlite.indexes, postgres.indexes);
    assert_eq!(sqlite.triggers, postgres.triggers);
}

#[test]
fn the_reader_sees_a_difference() {
    // The comparison above is only as good as the reader: a column left out is seen.
    let mut a = parse("sqlite").1;
    let b = parse("sqlite").1;
    a.tables.get_mut("users").unwrap().remove("locale");
    assert_ne!(a, b);
    assert_eq!(family("BIGSERIAL"), family("INTEGER"));
    assert_eq!(family("TIMESTAMPTZ"), family("TEXT"));
}

#[test]
fn every_table_a_kept_page_may_show_bumps_a_version() {
    // A page is served from memory while its versions read the same
    // (server::web::page_cache), so a write to any table a page shows must bump
    // one: a table added without its triggers would leave pages stale.
    // These are never shown on a page that is kept.
    const NOT_SHOWN: &[&str] = &[
        "sessions",
        "flashes",
        "login_failures",
        "known_devices",
        "audit_log",
        "site_version",
        // Mail is listed on /admin/mail, which is never kept; a person's
        // choices are columns of `users`, whose trigger covers them.
        "mail_outbox",
        "mail_unsubscribe_tokens",
        // The alerts' memory of each goal's last status.
        "goal_pacing",
        // API tokens are listed on pages that are never kept (their last use
        // changes with every call); addresses and idempotency keys on none.
        "api_tokens",
        "api_token_addresses",
        "api_idempotency",
    ];
    for backend in ["sqlite", "postgres"] {
        let (_, schema) = parse(backend);
        for table in schema
            .tables
            .keys()
            .filter(|t| !NOT_SHOWN.contains(&t.as_str()))
        {
            for event in ["insert", "update", "delete"] {
                assert_eq!(
                    schema.triggers.get(&format!("{table}_version_on_{event}")),
                    Some(table),
                    "{backend}: {table} has no {event} trigger bumping a version"
                );
            }
        }
    }
}
