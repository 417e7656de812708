-- Every write to a partner's deals bumps its `deals_version`, so figures
-- computed from the deals (the progress page's aggregates) can be kept in
-- memory and known to be current by reading one number. A trigger, so no
-- path that writes deals (the app, an import, the command line) can forget;
-- once per statement, so a 100,000-row import bumps each partner once.
-- Kept in step with migrations/sqlite/0009_deals_version.sql.
ALTER TABLE partners ADD COLUMN deals_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION bump_deals_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE partners SET deals_version = deals_version + 1
            WHERE id IN (SELECT partner_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE partners SET deals_version = deals_version + 1
            WHERE id IN (SELECT partner_id FROM new_rows UNION SELECT partner_id FROM old_rows);
    ELSE
        UPDATE partners SET deals_version = deals_version + 1
            WHERE id IN (SELECT partner_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER deals_version_on_insert AFTER INSERT ON deals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_deals_version();
CREATE TRIGGER deals_version_on_update AFTER UPDATE ON deals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_deals_version();
CREATE TRIGGER deals_version_on_delete AFTER DELETE ON deals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_deals_version();
