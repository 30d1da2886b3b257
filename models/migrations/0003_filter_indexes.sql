-- 0003: indexes for the filters of the projects page and for the joins
-- and lookups of the pages around it, chosen from SQLite's EXPLAIN QUERY
-- PLAN of the queries report/ and models/ run (report/indexes_test.go
-- holds them to it). IF NOT EXISTS: a database where someone already
-- added one by hand still migrates.

-- The list's filters, each with the year the list is scoped to (sector
-- and city have theirs since 0001). Tag and text search are LIKE '%…%'
-- and light and lagging are computed, so no B-tree index serves them.
CREATE INDEX IF NOT EXISTS plan_entries_year_subsector ON plan_entries (year, subsector);
CREATE INDEX IF NOT EXISTS plan_entries_year_stage ON plan_entries (year, stage);
CREATE INDEX IF NOT EXISTS plan_entries_year_flagship ON plan_entries (year, flagship);
-- A city official's audit trail: the city's projects of every year.
CREATE INDEX IF NOT EXISTS plan_entries_city_project ON plan_entries (city, project_id);

-- The month-by-month curve and the default report month (the newest
-- approved month of a year) read the index alone, and a range of months
-- instead of every report of the year.
CREATE INDEX IF NOT EXISTS monthly_reports_year_status_month ON monthly_reports (year, status, month, project_id, completed_yuan);
-- Reports awaiting review, oldest first, without reading the others.
CREATE INDEX IF NOT EXISTS monthly_reports_status_updated ON monthly_reports (status, updated_at);

-- A project's milestones in date order, and every column the lights'
-- late and reached counts read, so they never touch the table. It leads
-- with project_id, so it replaces milestones_project.
CREATE INDEX IF NOT EXISTS milestones_project_dates ON milestones (project_id, planned_on, reached_on, kind);
DROP INDEX IF EXISTS milestones_project;

-- The audit trail filtered by user.
CREATE INDEX IF NOT EXISTS audit_entries_actor ON audit_entries (actor);
