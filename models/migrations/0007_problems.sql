-- 0007: the problems ledger (问题台账). A problem belongs to a project;
-- category, level and status take the words of province/problems.go.
-- due_on is a YYYY-MM-DD date ('' for none), as milestones keep theirs,
-- so "overdue" compares strings on both databases. report_id names the
-- monthly report whose 存在问题 it came from, when it did. IF NOT EXISTS,
-- like 0003: the upgrade test replays the migrations over a newer schema.
CREATE TABLE IF NOT EXISTS problems (
    id           {{pk}},
    project_id   BIGINT NOT NULL REFERENCES projects (id),
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    department   TEXT NOT NULL DEFAULT '',
    level        TEXT NOT NULL DEFAULT 'county',   -- county | city | province
    status       TEXT NOT NULL DEFAULT 'open',     -- open | in_progress | resolved | closed
    due_on       TEXT NOT NULL DEFAULT '',
    raised_by    TEXT NOT NULL DEFAULT '',
    report_id    BIGINT,
    version      INTEGER NOT NULL DEFAULT 1,       -- optimistic locking
    created_at   {{ts}} NOT NULL,
    updated_at   {{ts}} NOT NULL
);
CREATE INDEX IF NOT EXISTS problems_project ON problems (project_id);
CREATE INDEX IF NOT EXISTS problems_status_level ON problems (status, level);

-- Every change of a problem: who, when, what it moved, and the note.
CREATE TABLE IF NOT EXISTS problem_events (
    id           {{pk}},
    problem_id   BIGINT NOT NULL REFERENCES problems (id),
    at           {{ts}} NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,                    -- raise | start | escalate | resolve | close | reopen
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL,
    from_level   TEXT NOT NULL DEFAULT '',
    to_level     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS problem_events_problem ON problem_events (problem_id, id);
