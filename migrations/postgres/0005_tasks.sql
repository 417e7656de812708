-- Action tasks ("Go to market"), the default tasks they can start from,
-- in-app notifications of their reminders and the private calendar feeds.
-- Kept in step with migrations/sqlite/0005_tasks.sql.
CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'email', 'todo')),
    priority TEXT NOT NULL CHECK (priority IN ('none', 'low', 'medium', 'high')),
    -- A member of the partner or one of its PDMs; NULL when nobody is.
    assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    due_at TIMESTAMPTZ NOT NULL,
    -- The reminder as chosen (a preset or 'custom') and the instant it falls due.
    reminder TEXT NOT NULL CHECK (reminder IN ('none', 'at_due', 'before_15m', 'before_30m', 'before_1h', 'before_1d', 'before_1w', 'custom')),
    remind_at TIMESTAMPTZ,
    -- Set when the reminder became a notification; cleared when it moves.
    reminded_at TIMESTAMPTZ,
    notes TEXT NOT NULL,
    completed_at TIMESTAMPTZ,
    completed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    CHECK (reminder = 'none' OR remind_at IS NOT NULL)
);
CREATE INDEX tasks_by_due ON tasks (partner_id, due_at, id);
-- What the reminder worker claims: due, not yet sent, task still open.
CREATE INDEX tasks_reminders_due ON tasks (remind_at) WHERE reminded_at IS NULL AND completed_at IS NULL;

-- The default tasks a new task can start from, in both languages.
CREATE TABLE task_templates (
    id BIGSERIAL PRIMARY KEY,
    position BIGINT NOT NULL,
    title_en TEXT NOT NULL,
    title_zh_tw TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'email', 'todo')),
    priority TEXT NOT NULL CHECK (priority IN ('none', 'low', 'medium', 'high')),
    due_preset TEXT NOT NULL,
    notes_en TEXT NOT NULL,
    notes_zh_tw TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- A reminder delivered to one person, exactly once per task and due instant.
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    remind_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX notifications_once ON notifications (task_id, user_id, remind_at);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at, id);

-- One private calendar URL per user; only the secret's hash is kept.
CREATE TABLE calendar_feeds (
    user_id BIGSERIAL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_hash);

-- The default tasks shipped with every installation; admins may change them.
INSERT INTO task_templates (id, position, title_en, title_zh_tw, kind, priority, due_preset, notes_en, notes_zh_tw, updated_at) VALUES
    (1, 1, 'Schedule the quarterly review with the PDM', '與 PDM 安排季度檢討', 'call', 'high', 'in_1_week', 'Agree on a date in the last two weeks of the quarter and invite everyone who owns a goal.', '在本季最後兩週內約定日期，並邀請每位負責目標的同仁。', '2026-01-01T00:00:00+00:00'),
    (2, 2, 'Register new sourced deals', '登錄新的委託交易', 'todo', 'medium', 'in_3_business_days', 'Add the deals you sourced this month, or import the latest HubSpot deals export.', '新增本月委託的交易，或匯入最新的 HubSpot 交易匯出檔。', '2026-01-01T00:00:00+00:00'),
    (3, 3, 'Update targets after the quarterly review', '季度檢討後更新目標值', 'todo', 'medium', 'in_2_weeks', 'Adjust the remaining months'' targets as agreed in the review and record why.', '依檢討時的共識調整其餘月份的目標值，並記錄原因。', '2026-01-01T00:00:00+00:00'),
    (4, 4, 'Plan a co-marketing campaign', '規劃共同行銷活動', 'todo', 'medium', 'in_1_month', 'Choose the audience, the offer and the budget, and ask the PDM about market development funds.', '決定目標對象、方案與預算，並向 PDM 詢問市場開發基金。', '2026-01-01T00:00:00+00:00'),
    (5, 5, 'Complete a certification', '完成一項認證', 'todo', 'low', 'in_3_months', 'Pick the certification that fits next quarter''s deals and book the exam.', '選擇最符合下一季交易的認證並預約考試。', '2026-01-01T00:00:00+00:00'),
    (6, 6, 'Review deals in flight with the PDM', '與 PDM 檢閱進行中的交易', 'call', 'medium', 'in_2_weeks', 'Walk through open deals that need the vendor''s help to close.', '逐一檢視需要原廠協助成交的進行中交易。', '2026-01-01T00:00:00+00:00'),
    (7, 7, 'Email the PDM a pipeline update', '以電子郵件向 PDM 更新交易管道', 'email', 'low', 'in_1_week', 'New opportunities, deals won and lost, and where you need support.', '新的商機、已成交與已失去的交易，以及需要支援之處。', '2026-01-01T00:00:00+00:00');
SELECT setval(pg_get_serial_sequence('task_templates', 'id'), 7);
