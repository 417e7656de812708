-- Deals and their imports. Kept in step with migrations/sqlite/0003_deals.sql.
CREATE TABLE deals (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    -- HubSpot's Record ID; NULL for deals typed by hand.
    external_id TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sourced', 'assisted')),
    stage TEXT NOT NULL CHECK (stage IN ('open', 'closed_won', 'closed_lost')),
    create_date DATE NOT NULL,
    close_date DATE,
    -- year * 100 + month of the dates, written from Rust, for grouping (see server::db).
    create_month INTEGER NOT NULL,
    close_month INTEGER,
    -- Minor units of the partner's currency.
    mrr BIGINT NOT NULL CHECK (mrr >= 0),
    owner TEXT NOT NULL,
    company TEXT NOT NULL,
    notes TEXT NOT NULL,
    -- Name, company, owner and Record ID in lower case, for the text filter.
    search_text TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    CHECK (stage = 'open' OR close_date IS NOT NULL)
);
CREATE UNIQUE INDEX deals_external_id ON deals (partner_id, external_id);
-- Sourced deals created per month; deals won per month (covering the sums).
CREATE INDEX deals_created ON deals (partner_id, kind, create_month);
CREATE INDEX deals_closed ON deals (partner_id, stage, close_month, kind, mrr);
-- The deals page's default order, and its year filter (created or closed in
-- the year) when no kind or stage narrows it to the two indexes above.
CREATE INDEX deals_by_create_date ON deals (partner_id, create_date, id);
CREATE INDEX deals_by_create_month ON deals (partner_id, create_month);
CREATE INDEX deals_by_close_month ON deals (partner_id, close_month);

-- An uploaded file between its preview and its commit.
CREATE TABLE deal_imports (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    committed_at TIMESTAMPTZ,
    -- What the commit did (JSON), shown when the import is opened again.
    outcome TEXT
);
CREATE INDEX deal_imports_partner ON deal_imports (partner_id, created_at);

-- How a partner's files are read, remembered from the last import (JSON).
CREATE TABLE deal_import_mappings (
    partner_id BIGINT PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    mapping TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
