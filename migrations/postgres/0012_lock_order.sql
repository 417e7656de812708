-- What a kept page shows of a person is their name, email, role, partner,
-- language, time zone and whether they are active or must choose a password;
-- a login (`last_login_at`) or a new password hash changes none of it, so it
-- no longer bumps `site_version`: every login used to throw away every kept
-- page, and queued behind whoever held the site-wide row (the reminder batch).
-- A row trigger, as PostgreSQL allows no column condition with transition tables.
-- Kept in step with migrations/sqlite/0012_lock_order.sql.
DROP TRIGGER users_version_on_update ON users;
CREATE TRIGGER users_version_on_update AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.email IS DISTINCT FROM NEW.email
          OR OLD.display_name IS DISTINCT FROM NEW.display_name
          OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.partner_id IS DISTINCT FROM NEW.partner_id
          OR OLD.locale IS DISTINCT FROM NEW.locale
          OR OLD.time_zone IS DISTINCT FROM NEW.time_zone
          OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password
          OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at)
    -- 0010's per-row bump (first written for partners' rows).
    EXECUTE FUNCTION bump_site_version_for_partner();
