-- 0001: the first schema. {{pk}}, {{ts}} and {{bool}} are filled in per
-- dialect by migrate.go so both SQLite and PostgreSQL run the same file.

CREATE TABLE projects (
    id          {{pk}},
    code        TEXT UNIQUE,          -- 投资项目统一代码; NULL when the lists carry none
    name        TEXT NOT NULL,
    norm_name   TEXT NOT NULL,        -- name folded for matching
    created_at  {{ts}} NOT NULL,
    updated_at  {{ts}} NOT NULL
);
CREATE INDEX projects_norm_name ON projects (norm_name);

CREATE TABLE import_batches (
    id           {{pk}},
    kind         TEXT NOT NULL,       -- plan | monthly
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL DEFAULT 0,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,       -- applied | reverted
    actor        TEXT NOT NULL DEFAULT '',
    created_at   {{ts}} NOT NULL,
    reverted_at  {{ts}}
);
CREATE INDEX import_batches_sha ON import_batches (sha256);

CREATE TABLE plan_entries (
    id                     {{pk}},
    project_id             BIGINT NOT NULL REFERENCES projects (id),
    year                   INTEGER NOT NULL,
    seq                    INTEGER NOT NULL DEFAULT 0,   -- row order in the list
    name                   TEXT NOT NULL,
    norm_name              TEXT NOT NULL,
    owner                  TEXT NOT NULL DEFAULT '',
    responsible            TEXT NOT NULL DEFAULT '',
    content                TEXT NOT NULL DEFAULT '',
    sector                 TEXT NOT NULL DEFAULT '',
    subsector              TEXT NOT NULL DEFAULT '',
    city                   TEXT NOT NULL DEFAULT '',
    county                 TEXT NOT NULL DEFAULT '',
    start_year             INTEGER NOT NULL DEFAULT 0,
    end_year               INTEGER NOT NULL DEFAULT 0,
    stage                  TEXT NOT NULL,
    total_investment_yuan  BIGINT NOT NULL DEFAULT 0,
    completed_before_yuan  BIGINT NOT NULL DEFAULT 0,
    annual_plan_yuan       BIGINT NOT NULL DEFAULT 0,
    flagship               {{bool}} NOT NULL DEFAULT FALSE,
    tags                   TEXT NOT NULL DEFAULT '',     -- 、-joined list tags
    note                   TEXT NOT NULL DEFAULT '',
    version                INTEGER NOT NULL DEFAULT 1,   -- optimistic locking
    batch_id               BIGINT REFERENCES import_batches (id),
    created_at             {{ts}} NOT NULL,
    updated_at             {{ts}} NOT NULL,
    UNIQUE (project_id, year)
);
CREATE INDEX plan_entries_year_norm ON plan_entries (year, norm_name);
CREATE INDEX plan_entries_year_sector ON plan_entries (year, sector);
CREATE INDEX plan_entries_year_city ON plan_entries (year, city);

CREATE TABLE monthly_reports (
    id              {{pk}},
    project_id      BIGINT NOT NULL REFERENCES projects (id),
    year            INTEGER NOT NULL,
    month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    completed_yuan  BIGINT NOT NULL DEFAULT 0,   -- completed in this month
    progress        TEXT NOT NULL DEFAULT '',    -- 形象进度
    problems        TEXT NOT NULL DEFAULT '',    -- 存在问题
    status          TEXT NOT NULL DEFAULT 'approved', -- draft | submitted | approved | returned
    version         INTEGER NOT NULL DEFAULT 1,
    batch_id        BIGINT REFERENCES import_batches (id),
    created_at      {{ts}} NOT NULL,
    updated_at      {{ts}} NOT NULL,
    UNIQUE (project_id, year, month)
);
CREATE INDEX monthly_reports_year_month ON monthly_reports (year, month);

CREATE TABLE milestones (
    id          {{pk}},
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    kind        TEXT NOT NULL,               -- 立项, 可研批复, 用地, 环评, 初步设计, 开工 … or custom
    planned_on  TEXT NOT NULL DEFAULT '',    -- YYYY-MM-DD
    reached_on  TEXT NOT NULL DEFAULT '',    -- YYYY-MM-DD, '' while not reached
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  {{ts}} NOT NULL,
    updated_at  {{ts}} NOT NULL
);
CREATE INDEX milestones_project ON milestones (project_id);

CREATE TABLE annual_targets (
    id           {{pk}},
    year         INTEGER NOT NULL,
    scope        TEXT NOT NULL,              -- province | sector | city
    scope_key    TEXT NOT NULL DEFAULT '',   -- the sector or city name; '' for province
    amount_yuan  BIGINT NOT NULL,
    UNIQUE (year, scope, scope_key)
);
-- 2024: complete ¥1 trillion of investment (Government Work Report, 2024-01-23).
INSERT INTO annual_targets (year, scope, scope_key, amount_yuan) VALUES (2024, 'province', '', 1000000000000);

CREATE TABLE users (
    id             {{pk}},
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL,            -- admin | city | manager | viewer
    city           TEXT NOT NULL DEFAULT '',
    disabled       {{bool}} NOT NULL DEFAULT FALSE,
    created_at     {{ts}} NOT NULL,
    updated_at     {{ts}} NOT NULL
);

CREATE TABLE user_projects (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    PRIMARY KEY (user_id, project_id)
);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,          -- SHA-256 of the cookie token, never the token
    user_id       BIGINT NOT NULL REFERENCES users (id),
    created_at    {{ts}} NOT NULL,
    last_seen_at  {{ts}} NOT NULL,
    expires_at    {{ts}} NOT NULL,
    remote_addr   TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            {{pk}},
    user_id       BIGINT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL DEFAULT '',
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    {{ts}} NOT NULL,
    last_used_at  {{ts}},
    revoked_at    {{ts}}
);

CREATE TABLE audit_entries (
    id           {{pk}},
    at           {{ts}} NOT NULL,
    actor        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',   -- cli | web | api | import
    remote_addr  TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,              -- create | update | delete | revert | login …
    entity       TEXT NOT NULL DEFAULT '',   -- table name
    entity_id    BIGINT NOT NULL DEFAULT 0,
    project_id   BIGINT,
    batch_id     BIGINT REFERENCES import_batches (id),
    before_json  TEXT NOT NULL DEFAULT '',
    after_json   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entries_batch ON audit_entries (batch_id);
CREATE INDEX audit_entries_project ON audit_entries (project_id);
CREATE INDEX audit_entries_at ON audit_entries (at);
