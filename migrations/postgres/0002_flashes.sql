-- One-time flashes of plain form posts. Kept in step with migrations/sqlite/0002_flashes.sql.
CREATE TABLE flashes (
    token_hash TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX flashes_created ON flashes (created_at);
