-- Annual plans: company goals, monthly targets and their revision history.
-- Kept in step with migrations/sqlite/0004_goals.sql.
CREATE TABLE goal_plans (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    organizational_goal TEXT NOT NULL,
    revenue_goal TEXT NOT NULL,
    people_goal TEXT NOT NULL,
    market_goal TEXT NOT NULL,
    partnership_goal TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (partner_id, year)
);

-- One row per metric and month; counts as numbers, money in minor units of
-- the partner's currency.
CREATE TABLE goal_targets (
    plan_id BIGINT NOT NULL REFERENCES goal_plans (id) ON DELETE CASCADE,
    metric TEXT NOT NULL CHECK (metric IN ('sourced_deals_created', 'sourced_deals_closed_won', 'sourced_deal_mrr', 'assisted_deal_mrr')),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    value BIGINT NOT NULL CHECK (value >= 0),
    PRIMARY KEY (plan_id, metric, month)
);

-- Every change after the first save: which goal or target (`goal:revenue`,
-- `target:sourced_deal_mrr:3`), the values before and after as stored, who,
-- when, why, and the plan version it made.
CREATE TABLE goal_revisions (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES goal_plans (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    subject TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX goal_revisions_by_plan ON goal_revisions (plan_id, version, id);
