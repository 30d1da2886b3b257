#!/usr/bin/env bash
# Import benchmark on PostgreSQL: `portfolio import --db postgres://…` of
# the demo list into a freshly created and migrated database each run,
# this checkout's binary (COPY) alternating with a binary built from an
# older commit (BEFORE, default 26b54a9: multi-row INSERTs), in the same
# run. The migration runs before the clock starts, so the time is the
# import's alone.
#
# Beside them, PostgreSQL's floor for the same rows: after each import of
# this checkout, psql writes every row it wrote (projects, plan entries,
# audit entries, the batch) to CSV, then, timed, `\copy`s them into
# another fresh migrated database (the same indexes and foreign keys) in
# one transaction. Our time over the floor's is the share of the import
# that is not PostgreSQL's own work.
#
#   bash bench/import_pg.sh            # 3,670 and 100,000 projects, 3 runs each
#   SIZES="3670" RUNS=5 BEFORE=<commit> bash bench/import_pg.sh
#
# PG names a database the role may connect to (it needs CREATEDB): the
# benchmark's databases are made and dropped beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

pg=${PG:-postgres://portfolio:portfolio@localhost:5432/portfolio_test?sslmode=disable}
need=()
command -v psql >/dev/null || need+=(postgresql-client)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

work=${BENCH_DIR:-/tmp/portfolio-bench}
mkdir -p "$work" bench/.bin
go build -o bench/.bin/portfolio .
after=$PWD/bench/.bin/portfolio
before=$PWD/bench/.bin/portfolio-before
if [ ! -x "$before" ] || [ "$(cat "$before.commit" 2>/dev/null)" != "${BEFORE:-26b54a9}" ]; then
  tree=$(mktemp -d)
  git worktree add -q --detach "$tree" "${BEFORE:-26b54a9}"
  (cd "$tree" && go build -o "$before" .)
  git worktree remove --force "$tree"
  echo "${BEFORE:-26b54a9}" > "$before.commit"
fi
# As in import.sh: both binaries read from disk, not from the linker's
# cached write.
for b in "$before" "$after"; do dd of="$b" oflag=nocache conv=notrunc,fdatasync count=0 status=none; done

# dsn NAME is the URL of database NAME on the server of $pg.
dsn() { sed -E "s#/[^/?]+(\?|$)#/$1\1#" <<<"$pg"; }
# fresh NAME drops and creates database NAME and migrates it.
fresh() {
  PGOPTIONS=--client-min-messages=warning psql -q "$pg" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  "$after" migrate --db "$(dsn "$1")" >/dev/null
}
db=bench_import_pg
floordb=bench_import_pg_floor

# floor dumps the rows of database $db to CSV, then times psql copying them
# into a fresh migrated database, parents before children (tables in the
# order the migrations made them), in one transaction. Tables the
# migrations fill hold nothing of the import's.
floor() {
  fresh "$floordb"
  local src script=$work/floor.sql
  src=$(dsn "$db")
  echo "BEGIN;" > "$script"
  for t in $(psql -At "$src" -c "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
      AND relname NOT IN ('schema_migrations', 'data_version') ORDER BY oid"); do
    [ "$(psql -At "$(dsn "$floordb")" -c "SELECT COUNT(*) FROM $t")" = 0 ] || continue
    [ "$(psql -At "$src" -c "SELECT COUNT(*) FROM $t")" != 0 ] || continue
    psql -q "$src" -c "\\copy (SELECT * FROM $t ORDER BY 1) TO '$work/$t.csv' CSV"
    echo "\\copy $t FROM '$work/$t.csv' CSV" >> "$script"
  done
  echo "UPDATE data_version SET version = $(psql -At "$src" -c 'SELECT version FROM data_version'); COMMIT;" >> "$script"
  /usr/bin/time -f "%e %M" -o "$work/t" psql -q -v ON_ERROR_STOP=1 "$(dsn "$floordb")" -f "$script" >/dev/null
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
max() { sort -g | tail -1; }

for n in ${SIZES:-3670 100000}; do
  list=$work/$n/demo.xlsx
  if [ ! -f "$list" ]; then
    echo "writing the $n-project demo …" >&2
    "$after" demo --out "$list" --projects "$n" >/dev/null
  fi
  : > "$work/pgb.$n" ; : > "$work/pga.$n" ; : > "$work/pgf.$n"
  for i in $(seq 1 "${RUNS:-3}"); do
    for side in b a; do
      bin=$before; [ $side = a ] && bin=$after
      fresh "$db"
      /usr/bin/time -f "%e %M" -o "$work/t" "$bin" import --db "$(dsn "$db")" "$list" >/dev/null
      cat "$work/t" >> "$work/pg$side.$n"
    done
    floor
    cat "$work/t" >> "$work/pgf.$n"
    echo "$n projects, run $i: INSERTs $(tail -1 "$work/pgb.$n" | awk '{printf "%.2f s %.0f MB", $1, $2/1024}')," \
      "COPY $(tail -1 "$work/pga.$n" | awk '{printf "%.2f s %.0f MB", $1, $2/1024}'), psql \\copy floor $(tail -1 "$work/pgf.$n" | awk '{printf "%.2f s", $1}')"
  done
  bt=$(cut -d' ' -f1 "$work/pgb.$n" | median); at=$(cut -d' ' -f1 "$work/pga.$n" | median)
  bm=$(cut -d' ' -f2 "$work/pgb.$n" | max); am=$(cut -d' ' -f2 "$work/pga.$n" | max)
  ft=$(cut -d' ' -f1 "$work/pgf.$n" | median)
  awk -v n="$n" -v bt="$bt" -v at="$at" -v bm="$bm" -v am="$am" -v ft="$ft" 'BEGIN {
    printf "%s projects on PostgreSQL: INSERTs %.2f s, %.0f MB peak; COPY %.2f s, %.0f MB peak; COPY takes %.2f of the time\n",
      n, bt, bm/1024, at, am/1024, at/bt
    printf "%s projects on PostgreSQL: floor (psql \\copy of the same rows) %.2f s; the import is %.2fx the floor\n", n, ft, at/ft }'
done
PGOPTIONS=--client-min-messages=warning psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $floordb" >/dev/null
