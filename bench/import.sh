#!/usr/bin/env bash
# Import benchmark: portfolio import against pandas.read_excel (openpyxl)
# + DataFrame.to_sql into SQLite, on the same workbook, on the same
# machine, in the same run, alternating. Prints each run and the ratios of
# the medians (time) and of the peaks (resident memory).
#
# Beside them, SQLite's floor for the same rows: after each import, the
# sqlite3 tool copies every row it wrote (projects, plan entries, audit
# entries, the batch) with INSERT … SELECT into an empty database of the
# same schema (the same indexes; foreign keys on, WAL, synchronous=NORMAL,
# one transaction, as the import). Our time over the floor's is the
# share of the import that is not SQLite's own work (goal ≤ 1.3×).
#
#   bash bench/import.sh            # 3,670 and 100,000 projects, 3 runs each
#   SIZES="3670" RUNS=5 bash bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
/usr/bin/python3 -c 'import pandas, openpyxl' 2>/dev/null || need+=(python3-pandas python3-openpyxl)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

work=${BENCH_DIR:-/tmp/portfolio-bench}
mkdir -p "$work" bench/.bin
go build -o bench/.bin/portfolio .
bin=$PWD/bench/.bin/portfolio
# The linker has just written the binary. Pages cached from that write
# are mapped in bigger pieces around each page the program touches than
# pages read from disk: 10-15 MB more peak resident memory here (53
# against 40 MB at 3,670 rows). An installed program, like pandas's
# libraries, is read from disk; evicting the file's cached pages
# measures ours that way too.
dd of="$bin" oflag=nocache conv=notrunc,fdatasync count=0 status=none

# The empty database the floor copies into, made by our own migrations.
rm -f "$work/empty.db"*
"$bin" migrate --db "$work/empty.db" >/dev/null

# floor copies the rows of our import's database $1 into a copy of the
# empty one, table by table in the order the migrations made them (parents
# before children), and records time and peak memory like the others.
# Tables the migrations fill (annual targets) hold nothing of the import's.
floor() {
  rm -f "$work/floor.db"*
  cp "$work/empty.db" "$work/floor.db"
  local sql="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; ATTACH '$1' AS src; BEGIN;"
  for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'data_version') AND name NOT LIKE 'sqlite_%' ORDER BY rowid"); do
    [ "$(sqlite3 "$work/empty.db" "SELECT COUNT(*) FROM $t")" = 0 ] || continue
    sql+=" INSERT INTO main.$t SELECT * FROM src.$t;"
  done
  sql+=" UPDATE main.data_version SET version = (SELECT version FROM src.data_version); COMMIT;"
  /usr/bin/time -f "%e %M" -o "$work/t" sqlite3 "$work/floor.db" "$sql" >/dev/null
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
max() { sort -g | tail -1; }

for n in ${SIZES:-3670 100000}; do
  list=$work/$n/demo.xlsx
  if [ ! -f "$list" ]; then
    echo "writing the $n-project demo …" >&2
    "$bin" demo --out "$list" --projects "$n" >/dev/null
  fi
  : > "$work/go.$n" ; : > "$work/py.$n" ; : > "$work/sq.$n"
  for i in $(seq 1 "${RUNS:-3}"); do
    rm -f "$work/p.db"*
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" import --db "$work/p.db" "$list" >/dev/null
    cat "$work/t" >> "$work/go.$n"
    floor "$work/p.db"
    cat "$work/t" >> "$work/sq.$n"
    rm -f "$work/pd.db"
    /usr/bin/time -f "%e %M" -o "$work/t" /usr/bin/python3 bench/pandas_import.py "$list" "$work/pd.db" >/dev/null
    cat "$work/t" >> "$work/py.$n"
    echo "$n projects, run $i: portfolio $(cat "$work/go.$n" | tail -1 | awk '{printf "%.2f s %.0f MB", $1, $2/1024}'), sqlite3 floor $(tail -1 "$work/sq.$n" | awk '{printf "%.2f s", $1}'), pandas $(tail -1 "$work/py.$n" | awk '{printf "%.2f s %.0f MB", $1, $2/1024}')"
  done
  gt=$(cut -d' ' -f1 "$work/go.$n" | median); pt=$(cut -d' ' -f1 "$work/py.$n" | median)
  gm=$(cut -d' ' -f2 "$work/go.$n" | max); pm=$(cut -d' ' -f2 "$work/py.$n" | max)
  st=$(cut -d' ' -f1 "$work/sq.$n" | median)
  awk -v n="$n" -v gt="$gt" -v pt="$pt" -v gm="$gm" -v pm="$pm" -v st="$st" 'BEGIN {
    printf "%s projects: portfolio %.2f s, %.0f MB peak; pandas+openpyxl+to_sql %.2f s, %.0f MB peak; portfolio is %.1fx faster with %.2f of the memory\n",
      n, gt, gm/1024, pt, pm/1024, pt/gt, gm/pm
    printf "%s projects: SQLite floor (sqlite3, INSERT … SELECT of the same rows) %.2f s; portfolio is %.2fx the floor (goal <= 1.3x)\n",
      n, st, gt/st }'
done
