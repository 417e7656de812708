-- Quarterly reviews: one per partner and quarter, its frozen performance
-- snapshot, notes and strategy changes; target and goal changes made from a
-- review name it in the plan's revision history.
-- Kept in step with migrations/sqlite/0007_reviews.sql.
CREATE TABLE reviews (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    -- The performance when the review started (or was last refreshed), as JSON
    -- (`model::reviews::Snapshot`), and when it was taken.
    snapshot TEXT NOT NULL,
    snapshot_at TIMESTAMPTZ NOT NULL,
    -- Notes: the date the review was held (`YYYY-MM-DD`, empty until known).
    held_on TEXT NOT NULL,
    attendees TEXT NOT NULL,
    went_well TEXT NOT NULL,
    did_not_go_well TEXT NOT NULL,
    strategy TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Set when someone marked it complete: it is read-only from then on.
    completed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    completed_at TIMESTAMPTZ,
    version BIGINT NOT NULL,
    UNIQUE (partner_id, year, quarter)
);

-- The review a plan change was made from, if any.
ALTER TABLE goal_revisions ADD COLUMN review_id BIGINT REFERENCES reviews (id) ON DELETE SET NULL;
