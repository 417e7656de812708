-- Accounts and tenancy. Kept in step with migrations/postgres/0001_accounts.sql.
CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    time_zone TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'pdm', 'admin')),
    partner_id INTEGER REFERENCES partners (id) ON DELETE RESTRICT,
    locale TEXT NOT NULL DEFAULT 'en',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    created_at TEXT NOT NULL,
    -- A member belongs to exactly one partner; PDMs and admins to none.
    CHECK ((role = 'member') = (partner_id IS NOT NULL))
);
CREATE INDEX users_partner ON users (partner_id);

CREATE TABLE pdm_assignments (
    pdm_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    PRIMARY KEY (pdm_user_id, partner_id)
);
CREATE INDEX pdm_assignments_partner ON pdm_assignments (partner_id);

-- Server-side sessions; the cookie holds a random token, this table its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_client ON login_failures (client_addr, failed_at);
