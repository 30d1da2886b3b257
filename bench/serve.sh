#!/usr/bin/env bash
# Serving benchmark: wrk with 64 connections on loopback against /healthz,
# /api/v1/rollup (bearer token), / (the dashboard, session cookie) and a
# page of /api/v1/projects sorted by completion rate (computed per
# request) of `portfolio serve --demo` (3,670 projects). Prints
# requests/s, p50 and p99 of each and their ratios to /healthz, all from
# one run.
#
#   bash bench/serve.sh                 # SQLite, 15 s per URL
#   DB=postgres://user:pw@host/db bash bench/serve.sh   # PostgreSQL (an empty database, or the demo)
#   DURATION=30s THREADS=2 CONNS=64 bash bench/serve.sh
#
# The demo database is kept (the SQLite file in $BENCH_DIR/serve/) and
# reused between runs (the first run imports the demo, about half a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v psql >/dev/null || need+=(postgresql-client)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

work=${BENCH_DIR:-/tmp/portfolio-bench}/serve
port=${PORT:-18080}
base=http://127.0.0.1:$port
threads=${THREADS:-2} conns=${CONNS:-64} duration=${DURATION:-15s}
mkdir -p "$work" bench/.bin/serve
go build -o bench/.bin/serve/portfolio .
bin=$PWD/bench/.bin/serve/portfolio
db=${DB:-$work/serve.db}
# sql runs a query on the database, whichever it is.
sql() { case $db in postgres://*|postgresql://*) psql "$db" -tAc "$1" ;; *) sqlite3 "$db" "$1" ;; esac; }

"$bin" serve --demo --db "$db" --addr "127.0.0.1:$port" >"$work/serve.out" 2>"$work/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null

# Sign in as the demo leader; keep the session cookie.
rm -f "$work/cookies"
curl -fsS -o /dev/null -c "$work/cookies" --data 'username=leader&password=leader-demo&next=/' "$base/login"
cookie=$(awk '$6 == "portfolio_session" {print $7}' "$work/cookies")
[ -n "$cookie" ] || { echo "sign-in failed: no session cookie" >&2; exit 1; }
# A personal access token for the API, made once and reused.
token=$(cat "$work/token" 2>/dev/null || true)
if [ -z "$token" ] || ! curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/rollup"; then
  token=$("$bin" user token --db "$db" --label bench leader | grep '^pft_')
  echo "$token" > "$work/token"
fi
curl -fsS -o /dev/null -H "Cookie: portfolio_session=$cookie" "$base/"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/rollup"
projects="$base/api/v1/projects?sort=rate&desc=1&page=20&per_page=50"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$projects"

# wrk's --latency table gives p50 and p99 in us, ms or s.
run() {
  local name=$1; shift
  wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" > "$work/wrk.$name"
  awk -v name="$name" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.0f %.0f %.0f %d\n", name, rps, p50, p99, bad }' "$work/wrk.$name"
}
{
  run healthz "$base/healthz"
  run rollup -H "Authorization: Bearer $token" "$base/api/v1/rollup"
  run dashboard -H "Cookie: portfolio_session=$cookie" "$base/"
  run projects -H "Authorization: Bearer $token" "$projects"
} > "$work/results"

echo "wrk -t$threads -c$conns -d$duration --latency, 127.0.0.1, $(nproc) cores, demo database on $(case $db in postgres*) echo PostgreSQL ;; *) echo SQLite ;; esac) ($(sql 'SELECT COUNT(*) FROM plan_entries WHERE year = (SELECT MAX(year) FROM plan_entries)') projects)"
awk 'NR == 1 { h = $2 }
  { printf "%-10s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.1f%% of /healthz%s\n", $1, $2, $3/1000, $4/1000, 100*$2/h, ($5 > 0 ? "  NON-2xx: " $5 : "") }' "$work/results"
awk 'NR == 1 { h = $2 } NR <= 3 { if ($4 > 100000) bad = bad " " $1 " p99>100ms" } NR == 3 && $2 < 0.3 * h { bad = bad " dashboard<30%" }
  END { print (bad == "" ? "goals met: dashboard ≥ 30 % of /healthz, every p99 ≤ 100 ms" : "goals missed:" bad) }' "$work/results"
