-- Every write to a partner's deals bumps its `deals_version`, so figures
-- computed from the deals (the progress page's aggregates) can be kept in
-- memory and known to be current by reading one number. A trigger, so no
-- path that writes deals (the app, an import, the command line) can forget.
-- Kept in step with migrations/postgres/0009_deals_version.sql.
ALTER TABLE partners ADD COLUMN deals_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER deals_version_on_insert AFTER INSERT ON deals BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER deals_version_on_update AFTER UPDATE ON deals BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER deals_version_on_delete AFTER DELETE ON deals BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id = OLD.partner_id;
END;
