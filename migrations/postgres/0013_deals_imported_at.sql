-- When an import last wrote each deal (NULL: never). A deal whose
-- `updated_at` is later was changed in the app since, and an import of an
-- older file must not silently undo that change (the preview names it, the
-- person keeps it or takes the file's). Deals imported before this column
-- count as imported when they were last written: no app edit is known of.
-- Kept in step with migrations/sqlite/0013_deals_imported_at.sql.
ALTER TABLE deals ADD COLUMN imported_at TIMESTAMPTZ;
UPDATE deals SET imported_at = updated_at WHERE external_id IS NOT NULL;
