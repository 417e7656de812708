-- Mail (server::mail). Kept in step with migrations/postgres/0014_mail.sql.
--
-- What each person chooses to receive: every kind on until they turn it off
-- (on /settings, or by a message's one-click unsubscribe), and the weekday of
-- their digest (ISO: 1 is Monday).
ALTER TABLE users ADD COLUMN mail_reminders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_assignments INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_reviews INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_digest INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_alerts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN digest_weekday INTEGER NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7);

-- /settings is a kept page (server::web::page_cache): the choices are on it,
-- so changing one bumps the site's version like the rest of what it shows.
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
      OR OLD.mail_reminders IS NOT NEW.mail_reminders
      OR OLD.mail_assignments IS NOT NEW.mail_assignments
      OR OLD.mail_reviews IS NOT NEW.mail_reviews
      OR OLD.mail_digest IS NOT NEW.mail_digest
      OR OLD.mail_alerts IS NOT NEW.mail_alerts
      OR OLD.digest_weekday IS NOT NEW.digest_weekday
BEGIN
    UPDATE site_version SET version = version + 1 WHERE id = 1;
END;

-- The outbox: a message is queued in the transaction of what caused it and
-- sent by the mail worker, which renders it then (in the recipient's language,
-- after checking again that they may read it). `once_key` makes each message
-- once (a reminder per task, person and instant; a digest per person and
-- week) and is its Message-ID, so a message sent again after a crash between
-- sending and marking it sent is recognisably the same one.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('task_reminder', 'task_assigned', 'review_due', 'digest', 'off_track')),
    once_key TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,
    goal_id INTEGER,
    -- The quarter (review_due), week (digest) or month (off_track) it is about.
    period TEXT,
    -- Who caused it (an assignment's assigner), for the message's words.
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    -- When the worker may take it (again): queued, the next try; sending, the
    -- end of the claim, after which another run takes it up.
    next_attempt_at TEXT NOT NULL,
    -- What the last try was told, or why it was skipped.
    last_error TEXT,
    -- What was sent, filled in when rendered.
    recipient TEXT,
    subject TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state IN ('queued', 'sending');
CREATE INDEX mail_outbox_newest ON mail_outbox (created_at, id);

-- One-click unsubscribe links (RFC 8058): each sent message carries a random
-- token that only turns off that kind for that person; the table keeps its
-- SHA-256, so the table alone unsubscribes nobody.
CREATE TABLE mail_unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mail_unsubscribe_tokens_age ON mail_unsubscribe_tokens (created_at);
