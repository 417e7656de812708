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
        let text: String = text
            .lines()
            .map(|l| l.split("--").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        for statement in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
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
            } else if upper.starts_with("ALTER TABLE") && upper.contains("ADD COLUMN") {
                let table = w[2].to_lowercase();
                let col = w
                    .iter()
                    .position(|x| x.eq_ignore_ascii_case("COLUMN"))
                    .unwrap();
                schema.tables.get_mut(&table).unwrap().insert(
                    w[col + 1].to_lowercase(),
                    Column {
                        family: family(&w[col + 2]),
                        not_null: upper.contains("NOT NULL"),
                    },
                );
            } else if upper.starts_with("DROP TABLE") {
                schema.tables.remove(&w[2].to_lowercase());
            } else if upper.starts_with("INSERT") || upper.starts_with("SELECT SETVAL") {
                // Rows shipped with the schema (default tasks), not schema.
            } else if upper.starts_with("DROP INDEX") {
                schema.indexes.remove(&w[2].to_lowercase());
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
