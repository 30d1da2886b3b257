#!/usr/bin/env python3
"""The summary-table experiment of docs/benchmarks.md ("National scale"):
psql scripts that build per-project-year summary tables with CREATE TABLE
AS in a schema "experiment" of a bench/rollupdb PostgreSQL database, and
time the rollup's and the projects page's statements as they are and
with their `done` and `first` read from the summaries, two runs each.
The statements are the rollup's own (the .rollup.sql file that
`rollupbench -pg` writes to the temp directory). Not part of the product.

  f=${TMPDIR:-/tmp}/bench_rollup_300000_60_v1_s10.rollup.sql
  db=postgres://portfolio:portfolio@localhost:5432/bench_rollup_300000_60_v1_s10
  python3 bench/summary_experiment.py "$f" build | psql -X "$db"
  python3 bench/summary_experiment.py "$f" run "SET jit = off" "SET work_mem = '64MB'" | psql -X "$db"
"""
import re
import sys

s = open(sys.argv[1]).read()
body = s.split("READ ONLY;\n", 1)[1].rsplit("COMMIT;", 1)[0]
stmts = [x.strip() for x in body.split(";\n") if x.strip()]
cube, bymonth = stmts[0], stmts[1]
with_end = cube.index("\nSELECT sector, city, stage")
with_ = cube[:with_end]
months = "+".join("s.m%d" % i for i in range(1, 13))
w2 = re.sub(r"done AS \(.*?\), late AS \(", "done AS (SELECT s.project_id, " + months + " AS yuan FROM experiment.pys s WHERE s.year = 2024), late AS (", with_, flags=re.S)
w2 = re.sub(r"first AS \(.*?\), slipped AS \(", "first AS (SELECT project_id, total_yuan, end_year FROM experiment.pfirst), slipped AS (", w2, flags=re.S)
assert w2 != with_ and "experiment.pfirst" in w2 and "experiment.pys" in w2
cube2 = w2 + cube[with_end:]
bym2 = "SELECT " + ", ".join("SUM(s.m%d)" % i for i in range(1, 13)) + " FROM experiment.pys s JOIN plan_entries e ON e.project_id = s.project_id AND e.year = s.year WHERE s.year = 2024"
def count(w, where): return w + "\nSELECT COUNT(*), SUM(total_yuan), SUM(done_yuan), SUM(overrun), SUM(delayed) FROM pl" + where
def page(w, where, order, off): return w + "\nSELECT * FROM (SELECT pl.*, CASE WHEN plan_yuan = 0 THEN 0 ELSE done_yuan * 1.0 / plan_yuan END AS rate FROM pl" + where + ") x ORDER BY " + order + " LIMIT 50 OFFSET %d" % off
city = " WHERE city = '南昌市'"
out = ["\\set ON_ERROR_STOP on", "\\o /dev/null", "\\timing on"]
def run(label, q, times=2):
    for i in range(times):
        out.append("\\echo %s run %d" % (label, i + 1))
        out.append(q + ";")
mode = sys.argv[2]
if mode == "build":
    cols = ", ".join("COALESCE(SUM(completed_yuan) FILTER (WHERE month = %d), 0)::bigint AS m%d" % (i, i) for i in range(1, 13))
    out += ["CREATE SCHEMA IF NOT EXISTS experiment", ";DROP TABLE IF EXISTS experiment.pys, experiment.pfirst;",
            "\\echo build pys", "CREATE TABLE experiment.pys AS SELECT project_id, year, " + cols + " FROM monthly_reports WHERE status = 'approved' GROUP BY project_id, year;",
            "ALTER TABLE experiment.pys ADD PRIMARY KEY (project_id, year);",
            "\\echo build pfirst", "CREATE TABLE experiment.pfirst AS SELECT DISTINCT ON (project_id) project_id, year AS first_year, total_investment_yuan AS total_yuan, end_year FROM plan_entries ORDER BY project_id, year;",
            "ALTER TABLE experiment.pfirst ADD PRIMARY KEY (project_id);",
            "VACUUM (ANALYZE) experiment.pys, experiment.pfirst;"]
else:
    for setting in sys.argv[3:]:
        out.append(setting + ";")
    orderrate = "CASE WHEN plan_yuan > 0 THEN 0 ELSE 1 END, rate DESC, project_id"
    for name, w in (("as is", with_), ("summary", w2)):
        run(name + ": cube", cube if w is with_ else cube2)
        run(name + ": by month", bymonth if w is with_ else bym2)
        run(name + ": city count", count(w, city))
        run(name + ": city page 1", page(w, city, "seq, project_id", 0))
        run(name + ": city page 462", page(w, city, "seq, project_id", 461 * 50))
        run(name + ": rate page 1", page(w, "", orderrate, 0))
        run(name + ": rate page 500", page(w, "", orderrate, 499 * 50))
print("\n".join(out))
