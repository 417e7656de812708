-- Quarterly reviews: one per partner and quarter, its frozen performance
-- snapshot, notes and strategy changes; target and goal changes made from a
-- review name it in the plan's revision history.
-- Kept in step with migrations/postgres/0007_reviews.sql.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    -- The performance when the review started (or was last refreshed), as JSON
    -- (`model::reviews::Snapshot`), and when it was taken.
    snapshot TEXT NOT NULL,
    snapshot_at TEXT NOT NULL,
    -- Notes: the date the review was held (`YYYY-MM-DD`, empty until known).
    held_on TEXT NOT NULL,
    attendees TEXT NOT NULL,
    went_well TEXT NOT NULL,
    did_not_go_well TEXT NOT NULL,
    strategy TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    -- Set when someone marked it complete: it is read-only from then on.
    completed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    completed_at TEXT,
    version INTEGER NOT NULL,
    UNIQUE (partner_id, year, quarter)
);

-- The review a plan change was made from, if any.
ALTER TABLE goal_revisions ADD COLUMN review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL;
