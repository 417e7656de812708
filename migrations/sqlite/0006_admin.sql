-- Administration in the browser. Kept in step with migrations/postgres/0006_admin.sql.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
ALTER TABLE users ADD COLUMN last_login_at TEXT;
ALTER TABLE partners ADD COLUMN archived_at TEXT;
ALTER TABLE task_templates ADD COLUMN retired_at TEXT;

-- Every administrative change, from the browser or the command line.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    -- NULL: the command line.
    actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
