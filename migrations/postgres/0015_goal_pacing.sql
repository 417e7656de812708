-- The last pacing status seen of each goal (a metric of a partner's plan in a
-- year), so that an off-track alert (server::mail::alerts) goes out when the
-- status turns from on track to behind, not again while it stays behind.
-- Kept in step with migrations/sqlite/0015_goal_pacing.sql.
CREATE TABLE goal_pacing (
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partner_id, metric, year)
);
