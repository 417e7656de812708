-- The JSON API's tokens (server::rest). Kept in step with
-- migrations/sqlite/0016_api_tokens.sql.
--
-- A token is for one partner, or (made by an admin) for every partner
-- (partner_id NULL). Only the SHA-256 of its secret is kept; `prefix` is the
-- secret's first characters, shown in the list so a person can tell tokens
-- apart. A token acts as its creator, whose access is asked again on every
-- request: it stops working when they are deactivated or lose the partner.
-- A token made on the command line has no creator (created_by NULL): it
-- acts as the operator, within its partner.
CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT REFERENCES partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Comma-separated, as `model::api_token::Scope` writes them.
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    revoked_by BIGINT REFERENCES users (id),
    last_used_at TIMESTAMPTZ,
    last_used_addr TEXT
);
CREATE INDEX api_tokens_by_partner ON api_tokens (partner_id, created_at);

-- Every address a token was used from, so that a use from a new one is
-- written to the audit log once.
CREATE TABLE api_token_addresses (
    token_id BIGINT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    addr TEXT NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_id, addr)
);

-- Idempotency keys of writes: the first answer, given again to the same key
-- with the same body for 24 hours. `status` is NULL while the first request
-- is still being answered.
CREATE TABLE api_idempotency (
    token_id BIGINT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_id, idempotency_key)
);
CREATE INDEX api_idempotency_by_age ON api_idempotency (created_at);
