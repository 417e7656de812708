-- When an import last wrote each deal (NULL: never). A deal whose
-- `updated_at` is later was changed in the app since, and an import of an
-- older file must not silently undo that change (the preview names it, the
-- person keeps it or takes the file's). Deals imported before this column
-- count as imported when they were last written: no app edit is known of.
-- Kept in step with migrations/postgres/0013_deals_imported_at.sql.
ALTER TABLE deals ADD COLUMN imported_at TEXT;
UPDATE deals SET imported_at = updated_at WHERE external_id IS NOT NULL;

-- A deal an import creates (imported when created) does not bump its
-- partner's `deals_version` row by row: SQLite has no statement triggers, and
-- 205,000 bumps held the writer 1.4 s longer. The importer bumps it once
-- for them, in the same transaction (`store::deals::Inserts::write`);
-- PostgreSQL's statement trigger bumps once per statement anyway.
DROP TRIGGER deals_version_on_insert;
CREATE TRIGGER deals_version_on_insert AFTER INSERT ON deals
WHEN NEW.imported_at IS NULL OR NEW.imported_at <> NEW.created_at BEGIN
    UPDATE partners SET deals_version = deals_version + 1 WHERE id = NEW.partner_id;
END;
