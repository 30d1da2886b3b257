#!/usr/bin/env bash
# National scale on PostgreSQL (issue 18): for each size, the portfolio of
# bench/rollupdb on the server of $PG (built on first use and kept as
# database bench_rollup_<projects>_<months>_v<version>_s<schema>; 300,000
# × 60 takes ~5 min and 6 GB), then
#   - rollupbench -pg -pages: the rollup cold (Reporter.Rollup, no app
#     cache; PostgreSQL's buffers warm after a warm-up) against psql, the
#     rollup through report.Cache, the projects page's views at page 1 and
#     page 500, with EXPLAIN (ANALYZE, BUFFERS) of each written to $TMPDIR;
#   - the export of one province (its list tag 省份07) through the CLI:
#     wall time and peak RSS (GNU time);
#   - a `portfolio serve` on the database, driven through its API and
#     pages (the rollup, the projects page's views, the province's
#     export), and its peak RSS (VmHWM) after.
#
#   PG='postgres://portfolio:portfolio@localhost:5432/portfolio_test?sslmode=disable' bash bench/national.sh
#   SIZES=100000x60 RUNS=3 PG=… bash bench/national.sh
#   PAGES=0 PG=… bash bench/national.sh   # only the export and the server
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PG:?set PG to a postgres:// DSN whose role may create databases}"
command -v psql >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client >/dev/null
work=${BENCH_DIR:-/tmp/portfolio-bench}/national
port=${PORT:-18391}
base=http://127.0.0.1:$port
mkdir -p "$work" bench/.bin/national
go build -o bench/.bin/national/portfolio .
bin=$PWD/bench/.bin/national/portfolio
tag=省份07
echo "$(date -u '+%F %T UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

for size in ${SIZES:-100000x60 300000x60}; do
  name=$(go run ./bench/rollupbench -pg "$PG" -sizes "$size" -ensure)
  if [ "${PAGES:-1}" = 1 ]; then
    go run ./bench/rollupbench -pg "$PG" -sizes "$size" -runs "${RUNS:-5}" -pages -explain
  fi
  db=$(printf '%s' "$PG" | sed "s#/[^/?]*\([?]\|\$\)#/$name\1#")

  # The CLI's export of one province.
  /usr/bin/time -f '%e s %M KB' -o "$work/time.$size" \
    "$bin" export --db "$db" --year 2024 --month 12 --tag "$tag" --out "$work/$tag.$size.xlsx" >/dev/null
  echo "$size: portfolio export --tag $tag: $(cat "$work/time.$size") (wall, peak RSS), $(du -k "$work/$tag.$size.xlsx" | cut -f1) KB"

  # The server: sign in through a token, drive it, read its peak RSS.
  "$bin" user add --db "$db" --username national --role admin --password national-bench >/dev/null 2>&1 || true
  token=$("$bin" user token --db "$db" --label national national | grep '^pft_')
  "$bin" serve --db "$db" --addr "127.0.0.1:$port" >"$work/serve.out" 2>"$work/serve.log" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  sleep 1 # a server that lost the port to another exits by now
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %d MB  ", $1, $2 / 1024}' "/proc/$pid/status"; }
  echo "$size: serve started: $(rss)"
  get() { # PATH [NAME=VALUE…]: the time of one GET
    local path=$1; shift
    local args=(-G -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" --data-urlencode year=2024 --data-urlencode month=12)
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    curl "${args[@]}" "$base$path"
  }
  for req in "/api/v1/rollup" "/api/v1/rollup" "/ " "/api/v1/projects city=南昌市" \
    "/api/v1/projects sort=rate desc=1 page=500" "/projects sector=能源 page=200" \
    "/projects sort=total desc=1 page=500" "/api/v1/export.xlsx tag=$tag"; do
    read -r -a r <<<"$req"
    t=$(get "${r[@]}") || t="failed"
    echo "$size: GET ${r[*]}: $t s; $(rss)"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
