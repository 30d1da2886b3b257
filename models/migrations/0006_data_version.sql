-- 0006: a counter that every write of the data the reports read moves
-- (projects, plan entries, monthly reports, milestones, targets, import
-- batches), bumped by WriteAudit in the writer's own transaction. The
-- rollup and dashboard caches are keyed on it rather than on the newest
-- audit id, so sign-ins, refusals and user administration, which write
-- audit rows too, no longer flush them. IF NOT EXISTS, like 0003: a
-- database that already has the table still migrates.
CREATE TABLE IF NOT EXISTS data_version (
    id       INTEGER PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO data_version (id, version)
SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM data_version WHERE id = 1);
