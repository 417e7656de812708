-- Notifications about a quarter whose review was not started, beside task
-- reminders: a notification is now of a kind, and a review-due one names the
-- quarter instead of a task.
-- Kept in step with migrations/sqlite/0008_review_notifications.sql.
ALTER TABLE notifications
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'task_reminder' CHECK (kind IN ('task_reminder', 'review_due')),
    ADD COLUMN review_year INTEGER,
    ADD COLUMN review_quarter INTEGER CHECK (review_quarter BETWEEN 1 AND 4),
    ALTER COLUMN task_id DROP NOT NULL,
    ADD CHECK ((kind = 'task_reminder') = (task_id IS NOT NULL)),
    ADD CHECK ((kind = 'review_due') = (review_year IS NOT NULL AND review_quarter IS NOT NULL));
-- Once per person, partner and quarter.
CREATE UNIQUE INDEX notifications_review_due_once ON notifications (partner_id, user_id, review_year, review_quarter)
    WHERE kind = 'review_due';
