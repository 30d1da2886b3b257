#!/usr/bin/env bash
# Runs bench/attacks.py (the attacks of issue 13) against a fresh
# `portfolio serve --demo` on 127.0.0.1, then stops it. Exit code: the
# number of attacks that got through.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/portfolio" .
port=${PORT:-18093}
"$dir/portfolio" serve --demo --db "$dir/demo.db" --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && grep -q 'serving' "$dir/serve.log" && break
  sleep 1
done
/usr/bin/python3 bench/attacks.py "http://127.0.0.1:$port"
