-- Administration in the browser. Kept in step with migrations/sqlite/0006_admin.sql.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMPTZ;
ALTER TABLE partners ADD COLUMN archived_at TIMESTAMPTZ;
ALTER TABLE task_templates ADD COLUMN retired_at TIMESTAMPTZ;

-- Every administrative change, from the browser or the command line.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    -- NULL: the command line.
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
