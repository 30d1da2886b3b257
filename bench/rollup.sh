#!/usr/bin/env bash
# Rollup benchmark: Reporter.Rollup through Go against the same SQL
# (report.RollupSQL, parameters written in) run by the database's own
# command-line tool on the same database, alternating in one run.
# The databases (bench/rollupdb: 3,670 projects × 12 months and 100,000
# projects × 60 months) are built on first use and kept: on SQLite under
# ${TMPDIR:-/tmp}/portfolio-rollup-bench/ (the 100,000 one takes ~2 min and
# 1.5 GB), timed against sqlite3; with PG set, as databases
# bench_rollup_<projects>_<months>_v<version>_s<schema> on that server
# (the 100,000 one takes ~1.5 min and 1.9 GB), timed against psql.
#
#   bash bench/rollup.sh                      # both sizes, 5 runs each
#   SIZES=3670x12 RUNS=9 bash bench/rollup.sh
#   PG='postgres://portfolio:portfolio@localhost:5432/portfolio_test?sslmode=disable' bash bench/rollup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PG:-}" ]; then
  command -v psql >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client >/dev/null
  exec go run ./bench/rollupbench -pg "$PG" -sizes "${SIZES:-3670x12,100000x60}" -runs "${RUNS:-5}"
fi
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null
go run ./bench/rollupbench -sizes "${SIZES:-3670x12,100000x60}" -runs "${RUNS:-5}"
