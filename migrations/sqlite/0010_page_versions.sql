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
-- Kept in step with migrations/postgres/0010_page_versions.sql.
ALTER TABLE partners ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE site_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO site_version (id, version) VALUES (1, 0);

CREATE TRIGGER deal_imports_version_on_insert AFTER INSERT ON deal_imports BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER deal_imports_version_on_update AFTER UPDATE ON deal_imports BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER deal_imports_version_on_delete AFTER DELETE ON deal_imports BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = OLD.partner_id;
END;

CREATE TRIGGER deal_import_mappings_version_on_insert AFTER INSERT ON deal_import_mappings BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER deal_import_mappings_version_on_update AFTER UPDATE ON deal_import_mappings BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER deal_import_mappings_version_on_delete AFTER DELETE ON deal_import_mappings BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = OLD.partner_id;
END;

CREATE TRIGGER goal_plans_version_on_insert AFTER INSERT ON goal_plans BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER goal_plans_version_on_update AFTER UPDATE ON goal_plans BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER goal_plans_version_on_delete AFTER DELETE ON goal_plans BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = OLD.partner_id;
END;

CREATE TRIGGER tasks_version_on_insert AFTER INSERT ON tasks BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER tasks_version_on_update AFTER UPDATE ON tasks BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER tasks_version_on_delete AFTER DELETE ON tasks BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = OLD.partner_id;
END;

CREATE TRIGGER reviews_version_on_insert AFTER INSERT ON reviews BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = NEW.partner_id;
END;
CREATE TRIGGER reviews_version_on_update AFTER UPDATE ON reviews BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER reviews_version_on_delete AFTER DELETE ON reviews BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = OLD.partner_id;
END;

CREATE TRIGGER goal_targets_version_on_insert AFTER INSERT ON goal_targets BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = (SELECT partner_id FROM goal_plans WHERE id = NEW.plan_id);
END;
CREATE TRIGGER goal_targets_version_on_update AFTER UPDATE ON goal_targets BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (SELECT partner_id FROM goal_plans WHERE id IN (OLD.plan_id, NEW.plan_id));
END;
CREATE TRIGGER goal_targets_version_on_delete AFTER DELETE ON goal_targets BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = (SELECT partner_id FROM goal_plans WHERE id = OLD.plan_id);
END;

CREATE TRIGGER goal_revisions_version_on_insert AFTER INSERT ON goal_revisions BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = (SELECT partner_id FROM goal_plans WHERE id = NEW.plan_id);
END;
CREATE TRIGGER goal_revisions_version_on_update AFTER UPDATE ON goal_revisions BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id IN (SELECT partner_id FROM goal_plans WHERE id IN (OLD.plan_id, NEW.plan_id));
END;
CREATE TRIGGER goal_revisions_version_on_delete AFTER DELETE ON goal_revisions BEGIN
    UPDATE partners SET data_version = data_version + 1 WHERE id = (SELECT partner_id FROM goal_plans WHERE id = OLD.plan_id);
END;

CREATE TRIGGER users_version_on_insert AFTER INSERT ON users BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_version_on_update AFTER UPDATE ON users BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_version_on_delete AFTER DELETE ON users BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER pdm_assignments_version_on_insert AFTER INSERT ON pdm_assignments BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER pdm_assignments_version_on_update AFTER UPDATE ON pdm_assignments BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER pdm_assignments_version_on_delete AFTER DELETE ON pdm_assignments BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER task_templates_version_on_insert AFTER INSERT ON task_templates BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER task_templates_version_on_update AFTER UPDATE ON task_templates BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER task_templates_version_on_delete AFTER DELETE ON task_templates BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER notifications_version_on_insert AFTER INSERT ON notifications BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER notifications_version_on_update AFTER UPDATE ON notifications BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER notifications_version_on_delete AFTER DELETE ON notifications BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER calendar_feeds_version_on_insert AFTER INSERT ON calendar_feeds BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER calendar_feeds_version_on_update AFTER UPDATE ON calendar_feeds BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER calendar_feeds_version_on_delete AFTER DELETE ON calendar_feeds BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

-- A partner's own row: its version columns change with every write above,
-- and those changes alone are not news.
CREATE TRIGGER partners_version_on_insert AFTER INSERT ON partners BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER partners_version_on_update AFTER UPDATE ON partners
    WHEN NEW.deals_version = OLD.deals_version AND NEW.data_version = OLD.data_version BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER partners_version_on_delete AFTER DELETE ON partners BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
