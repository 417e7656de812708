-- Mail (server::mail). Kept in step with migrations/sqlite/0014_mail.sql.
--
-- What each person chooses to receive: every kind on until they turn it off
-- (on /settings, or by a message's one-click unsubscribe), and the weekday of
-- their digest (ISO: 1 is Monday).
ALTER TABLE users ADD COLUMN mail_reminders BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN mail_assignments BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN mail_reviews BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN mail_digest BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN mail_alerts BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN digest_weekday INTEGER NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7);

-- /settings is a kept page (server::web::page_cache): the choices are on it,
-- so changing one bumps the site's version like the rest of what it shows.
DROP TRIGGER users_version_on_update ON users;
CREATE TRIGGER users_version_on_update AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.email IS DISTINCT FROM NEW.email
          OR OLD.display_name IS DISTINCT FROM NEW.display_name
          OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.partner_id IS DISTINCT FROM NEW.partner_id
          OR OLD.locale IS DISTINCT FROM NEW.locale
          OR OLD.time_zone IS DISTINCT FROM NEW.time_zone
          OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password
          OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at
          OR OLD.mail_reminders IS DISTINCT FROM NEW.mail_reminders
          OR OLD.mail_assignments IS DISTINCT FROM NEW.mail_assignments
          OR OLD.mail_reviews IS DISTINCT FROM NEW.mail_reviews
          OR OLD.mail_digest IS DISTINCT FROM NEW.mail_digest
          OR OLD.mail_alerts IS DISTINCT FROM NEW.mail_alerts
          OR OLD.digest_weekday IS DISTINCT FROM NEW.digest_weekday)
    EXECUTE FUNCTION bump_site_version_for_partner();

-- The outbox: a message is queued in the transaction of what caused it and
-- sent by the mail worker, which renders it then (in the recipient's language,
-- after checking again that they may read it). `once_key` makes each message
-- once (a reminder per task, person and instant; a digest per person and
-- week) and is its Message-ID, so a message sent again after a crash between
-- sending and marking it sent is recognisably the same one.
CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('task_reminder', 'task_assigned', 'review_due', 'digest', 'off_track')),
    once_key TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id BIGINT REFERENCES partners (id) ON DELETE CASCADE,
    task_id BIGINT REFERENCES tasks (id) ON DELETE CASCADE,
    goal_id BIGINT,
    -- The quarter (review_due), week (digest) or month (off_track) it is about.
    period TEXT,
    -- Who caused it (an assignment's assigner), for the message's words.
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    -- When the worker may take it (again): queued, the next try; sending, the
    -- end of the claim, after which another run takes it up.
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- What the last try was told, or why it was skipped.
    last_error TEXT,
    -- What was sent, filled in when rendered.
    recipient TEXT,
    subject TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state IN ('queued', 'sending');
CREATE INDEX mail_outbox_newest ON mail_outbox (created_at, id);

-- One-click unsubscribe links (RFC 8058): each sent message carries a random
-- token that only turns off that kind for that person; the table keeps its
-- SHA-256, so the table alone unsubscribes nobody.
CREATE TABLE mail_unsubscribe_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mail_unsubscribe_tokens_age ON mail_unsubscribe_tokens (created_at);
