-- What a kept page shows of a person is their name, email, role, partner,
-- language, time zone and whether they are active or must choose a password;
-- a login (`last_login_at`) or a new password hash changes none of it, so it
-- no longer bumps `site_version`: every login used to throw away every kept
-- page.
-- Kept in step with migrations/postgres/0012_lock_order.sql.
DROP TRIGGER users_version_on_update;
CREATE TRIGGER users_version_on_update AFTER UPDATE ON users
    WHEN OLD.email IS NOT NEW.email
      OR OLD.display_name IS NOT NEW.display_name
      OR OLD.role IS NOT NEW.role
      OR OLD.partner_id IS NOT NEW.partner_id
      OR OLD.locale IS NOT NEW.locale
      OR OLD.time_zone IS NOT NEW.time_zone
      OR OLD.must_change_password IS NOT NEW.must_change_password
      OR OLD.deactivated_at IS NOT NEW.deactivated_at
BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;
