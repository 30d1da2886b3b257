-- 0005: every amount is bounded to 0 … ¥10 trillion (models.MaxAmountYuan)
-- from now on. Figures stored before the bound existed (a report of
-- 2^63−1 yuan accepted by the old overflow check) would make the SQL sums
-- fail (SQLite raises "integer overflow", PostgreSQL's numeric SUM no
-- longer fits int64) and every page with a total answer 500. They are
-- clamped into the range once, here; docs/reliability.md says so.
UPDATE plan_entries SET total_investment_yuan = 10000000000000 WHERE total_investment_yuan > 10000000000000;
UPDATE plan_entries SET completed_before_yuan = 10000000000000 WHERE completed_before_yuan > 10000000000000;
UPDATE plan_entries SET annual_plan_yuan = 10000000000000 WHERE annual_plan_yuan > 10000000000000;
UPDATE plan_entries SET total_investment_yuan = 0 WHERE total_investment_yuan < 0;
UPDATE plan_entries SET completed_before_yuan = 0 WHERE completed_before_yuan < 0;
UPDATE plan_entries SET annual_plan_yuan = 0 WHERE annual_plan_yuan < 0;
UPDATE monthly_reports SET completed_yuan = 10000000000000 WHERE completed_yuan > 10000000000000;
UPDATE monthly_reports SET completed_yuan = 0 WHERE completed_yuan < 0;
UPDATE annual_targets SET amount_yuan = 10000000000000 WHERE amount_yuan > 10000000000000;
UPDATE annual_targets SET amount_yuan = 0 WHERE amount_yuan < 0;
