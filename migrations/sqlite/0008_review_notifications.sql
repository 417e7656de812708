-- Notifications about a quarter whose review was not started, beside task
-- reminders: a notification is now of a kind, and a review-due one names the
-- quarter instead of a task. SQLite cannot drop NOT NULL from a column, so the
-- table is rebuilt with its rows.
-- Kept in step with migrations/postgres/0008_review_notifications.sql.
CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'task_reminder' CHECK (kind IN ('task_reminder', 'review_due')),
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,
    review_year INTEGER,
    review_quarter INTEGER CHECK (review_quarter BETWEEN 1 AND 4),
    -- A reminder's instant, or the end of the quarter a review is due for.
    remind_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    CHECK ((kind = 'task_reminder') = (task_id IS NOT NULL)),
    CHECK ((kind = 'review_due') = (review_year IS NOT NULL AND review_quarter IS NOT NULL))
);
INSERT INTO notifications_new (id, kind, user_id, partner_id, task_id, remind_at, created_at, read_at)
    SELECT id, 'task_reminder', user_id, partner_id, task_id, remind_at, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE UNIQUE INDEX notifications_once ON notifications (task_id, user_id, remind_at);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at, id);
-- Once per person, partner and quarter.
CREATE UNIQUE INDEX notifications_review_due_once ON notifications (partner_id, user_id, review_year, review_quarter)
    WHERE kind = 'review_due';
