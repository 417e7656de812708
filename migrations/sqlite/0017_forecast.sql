-- The forecast (model::forecast): each deal keeps its pipeline stage as
-- HubSpot names it, and may carry a probability of its own; each partner has
-- its pipeline's stages with a probability each. Writes to the stages bump
-- the partner's `deals_version`, since the figures computed from the deals
-- (the forecast among them) depend on them.
-- Kept in step with migrations/postgres/0017_forecast.sql.
ALTER TABLE deals ADD COLUMN pipeline_stage TEXT;
ALTER TABLE deals ADD COLUMN probability INTEGER CHECK (probability BETWEEN 0 AND 100);

CREATE TABLE deal_stages (
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    -- Stages are listed in the order they were first seen.
    position INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (partner_id, name)
);

CREATE TRIGGER deal_stages_version_on_insert AFTER INSERT ON deal_stages BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER deal_stages_version_on_update AFTER UPDATE ON deal_stages BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER deal_stages_version_on_delete AFTER DELETE ON deal_stages BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id = OLD.partner_id;
END;

-- The forecast reads a partner's open deals by their close month, as the
-- metrics read the won ones: the same covering index, two columns wider
-- (one more index would slow every import's writes).
DROP INDEX deals_closed;
CREATE INDEX deals_closed ON deals (partner_id, stage, close_month, kind, mrr, probability, pipeline_stage);
