#!/usr/bin/env bash
# Rollup benchmark: Reporter.Rollup through Go against the same SQL
# (report.RollupSQL, parameters written in) run by the sqlite3
# command-line tool on the same database file, alternating in one run.
# The databases (bench/rollupdb: 3,670 projects × 12 months and 100,000
# projects × 60 months) are built on first use and kept under
# ${TMPDIR:-/tmp}/portfolio-rollup-bench/ (the 100,000 one takes ~2 min and 1.5 GB).
#
#   bash bench/rollup.sh                      # both sizes, 5 runs each
#   SIZES=3670x12 RUNS=9 bash bench/rollup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null
go run ./bench/rollupbench -sizes "${SIZES:-3670x12,100000x60}" -runs "${RUNS:-5}"
