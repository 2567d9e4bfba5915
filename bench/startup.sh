#!/usr/bin/env bash
# Measures, on SQLite and PostgreSQL: the time from starting `lethe serve` to /health/ready answering 200, for a cold
# start (empty database: migrations and first-run set-up) and a warm one (existing database), and the resident memory
# of the idle server. Prints a Markdown table; docs/benchmarks.md records its output.
# Usage: bench/startup.sh [runs] [how]   (default 5; the median is reported; how: "dotnet" runs `dotnet lethe.dll` from
#        the Release build, a directory runs the `lethe` executable in it, e.g. a ReadyToRun publish as in bench/cli.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
runs=${1:-5}

pg_install_if_missing
how=${2:-dotnet}
if [ "$how" = dotnet ]; then
  dotnet build src/Lethe.Cli -c Release -nologo -v q >/dev/null
  lethe=(dotnet src/Lethe.Cli/bin/Release/net10.0/lethe.dll)
else
  lethe=("$how/lethe")
fi

server=""
PG_THROWAWAY_ALSO='[ -n "$server" ] && kill "$server" 2>/dev/null'
pg_throwaway

port=5190
now_ms() { date +%s%3N; }

# Starts lethe with the given storage arguments, waits for /health/ready; prints "milliseconds rss_kib".
measure() {
  local start ready rss
  start=$(now_ms)
  LETHE_ADMIN_PASSWORD=Bench-Password-1 "${lethe[@]}" serve --urls "http://127.0.0.1:$port" "$@" >"$work/server.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(now_ms)
  sleep 10 # idle: let start-up garbage be collected
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  echo "$((ready - start)) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() {
  local name=$1; shift
  local cold=() warm=() rss=() result i
  for i in $(seq 1 "$runs"); do
    "$@" fresh "$i"
    result=$(measure "${args[@]}"); cold+=("${result% *}")
    result=$(measure "${args[@]}"); warm+=("${result% *}"); rss+=("${result#* }")
  done
  printf '| %s | %s ms | %s ms | %s MiB |\n' "$name" \
    "$(printf '%s\n' "${cold[@]}" | median)" "$(printf '%s\n' "${warm[@]}" | median)" \
    "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}

sqlite_fresh() { args=(--data "$work/sqlite-$2"); }
postgres_fresh() {
  pg_as_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE bench_$2" >/dev/null
  args=(--database postgres --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench_$2")
}

echo "| store | cold start to ready (median of $runs) | warm start to ready | idle RSS |"
echo "| --- | --- | --- | --- |"
report "SQLite" sqlite_fresh
report "PostgreSQL" postgres_fresh
