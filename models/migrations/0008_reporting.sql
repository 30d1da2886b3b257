-- 0008: the reporting calendar and its notifications (issue 17).
-- settings holds the admin's settings that live in the database rather
-- than on the command line (the reporting due day); webhooks the robot
-- and JSON webhooks the admin adds; notifications_sent one row per event
-- sent (a month's deadline for a city, …) so that the periodic check of
-- several servers sends each once: the first to insert the key sends.
-- IF NOT EXISTS, like 0003 and 0006: a database that has them migrates.
CREATE TABLE IF NOT EXISTS settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  {{ts}} NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS webhooks (
    id          {{pk}},
    url         TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL,            -- wecom | dingtalk | json
    created_at  {{ts}} NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS notifications_sent (
    event_key  TEXT PRIMARY KEY,          -- deadline:2024-10:南昌市
    sent_at    {{ts}} NOT NULL
);

-- The calendar counts a month's reports by status.
CREATE INDEX IF NOT EXISTS monthly_reports_year_month_status ON monthly_reports (year, month, status);
