-- Two numbers that tell whether a rendered page is still current, so a page
-- viewed again can be served as it was rendered (`server::page_cache`)
-- instead of rendered anew, and never once something it shows has changed:
--
-- - `partners.data_version`: bumped by every write to the partner's own
--   records (goals, targets, their revisions, tasks, reviews, deal imports).
--   Its deals bump `deals_version` already (0009); a page reads both.
-- - `site_version`: bumped by every write to what a page may show of
--   everyone: partners, people, PDM assignments, default tasks,
--   notifications, calendar feeds.
--
-- Triggers, so no path that writes (the app, an import, the command line, a
-- job) can forget; in the writing transaction, so the new number is seen
-- exactly when the new records are. Not versioned, because no cached page
-- shows them: sessions, flashes, login failures and the audit log (admin
-- pages are not cached). `tests/integration/schema.rs` checks that every
-- other table has its three triggers.
-- PostgreSQL runs them once per statement, and only for statements that
-- changed rows: a job's sweep that finds nothing bumps nothing.
-- Kept in step with migrations/sqlite/0010_page_versions.sql.
ALTER TABLE partners ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE site_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_site_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each branch names only the transition table its event has.
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM old_rows) THEN
            UPDATE site_version SET version = version + 1 WHERE id = 1;
        END IF;
    ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
        UPDATE site_version SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

-- A partner's own row, once per changed row: its version columns change
-- with every write above, and those changes alone are not news.
CREATE FUNCTION bump_site_version_for_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

-- For tables with a `partner_id`.
CREATE FUNCTION bump_partner_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE partners SET data_version = data_version + 1
            WHERE id IN (SELECT partner_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE partners SET data_version = data_version + 1
            WHERE id IN (SELECT partner_id FROM new_rows UNION SELECT partner_id FROM old_rows);
    ELSE
        UPDATE partners SET data_version = data_version + 1
            WHERE id IN (SELECT partner_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

-- For a goal plan's rows (`plan_id`).
CREATE FUNCTION bump_plan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE partners SET data_version = data_version + 1 WHERE id IN
            (SELECT partner_id FROM goal_plans WHERE id IN (SELECT plan_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE partners SET data_version = data_version + 1 WHERE id IN
            (SELECT partner_id FROM goal_plans WHERE id IN
                (SELECT plan_id FROM new_rows UNION SELECT plan_id FROM old_rows));
    ELSE
        UPDATE partners SET data_version = data_version + 1 WHERE id IN
            (SELECT partner_id FROM goal_plans WHERE id IN (SELECT plan_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER deal_imports_version_on_insert AFTER INSERT ON deal_imports
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER deal_imports_version_on_update AFTER UPDATE ON deal_imports
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER deal_imports_version_on_delete AFTER DELETE ON deal_imports
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();

CREATE TRIGGER deal_import_mappings_version_on_insert AFTER INSERT ON deal_import_mappings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER deal_import_mappings_version_on_update AFTER UPDATE ON deal_import_mappings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER deal_import_mappings_version_on_delete AFTER DELETE ON deal_import_mappings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();

CREATE TRIGGER goal_plans_version_on_insert AFTER INSERT ON goal_plans
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER goal_plans_version_on_update AFTER UPDATE ON goal_plans
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER goal_plans_version_on_delete AFTER DELETE ON goal_plans
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();

CREATE TRIGGER tasks_version_on_insert AFTER INSERT ON tasks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER tasks_version_on_update AFTER UPDATE ON tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER tasks_version_on_delete AFTER DELETE ON tasks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();

CREATE TRIGGER reviews_version_on_insert AFTER INSERT ON reviews
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER reviews_version_on_update AFTER UPDATE ON reviews
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();
CREATE TRIGGER reviews_version_on_delete AFTER DELETE ON reviews
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_data_version();

CREATE TRIGGER goal_targets_version_on_insert AFTER INSERT ON goal_targets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER goal_targets_version_on_update AFTER UPDATE ON goal_targets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER goal_targets_version_on_delete AFTER DELETE ON goal_targets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();

CREATE TRIGGER goal_revisions_version_on_insert AFTER INSERT ON goal_revisions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER goal_revisions_version_on_update AFTER UPDATE ON goal_revisions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER goal_revisions_version_on_delete AFTER DELETE ON goal_revisions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();

CREATE TRIGGER users_version_on_insert AFTER INSERT ON users
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER users_version_on_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER users_version_on_delete AFTER DELETE ON users
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();

CREATE TRIGGER pdm_assignments_version_on_insert AFTER INSERT ON pdm_assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER pdm_assignments_version_on_update AFTER UPDATE ON pdm_assignments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER pdm_assignments_version_on_delete AFTER DELETE ON pdm_assignments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();

CREATE TRIGGER task_templates_version_on_insert AFTER INSERT ON task_templates
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER task_templates_version_on_update AFTER UPDATE ON task_templates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER task_templates_version_on_delete AFTER DELETE ON task_templates
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();

CREATE TRIGGER notifications_version_on_insert AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER notifications_version_on_update AFTER UPDATE ON notifications
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER notifications_version_on_delete AFTER DELETE ON notifications
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();

CREATE TRIGGER calendar_feeds_version_on_insert AFTER INSERT ON calendar_feeds
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER calendar_feeds_version_on_update AFTER UPDATE ON calendar_feeds
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER calendar_feeds_version_on_delete AFTER DELETE ON calendar_feeds
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();

CREATE TRIGGER partners_version_on_insert AFTER INSERT ON partners
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER partners_version_on_update AFTER UPDATE ON partners FOR EACH ROW
    WHEN (NEW.deals_version = OLD.deals_version AND NEW.data_version = OLD.data_version)
    EXECUTE FUNCTION bump_site_version_for_partner();
CREATE TRIGGER partners_version_on_delete AFTER DELETE ON partners
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_site_version();
