-- 0002: a covering index for the rollup's per-project sums, so summing a
-- year's reports reads the index alone, in project order.
CREATE INDEX monthly_reports_rollup ON monthly_reports (year, status, project_id, month, completed_yuan);
