#!/usr/bin/env bash
# Approve → answer package stored, on the demo tenant of real `lethe serve` processes: SQLite with one server, and
# PostgreSQL (a throwaway cluster the script starts) with two servers on one database and one data directory, every
# approval made on the first and the work done by whichever takes it. Each beside its baseline, measured in the same
# run on the same servers restarted with Lethe__Worker__Wake=Timer: the timed round alone (every 30 s), as Lethe worked
# before work started when it became due. Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/approve.sh [requests] [pace ms] [baseline requests]   (defaults 200, 250 and 40)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
requests=${1:-200}
pace=${2:-250}
baseline=${3:-40}

pg_install_if_missing
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build src/Lethe.Cli -c Release -nologo -v q >/dev/null
bench="bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll"
cli="src/Lethe.Cli/bin/Release/net10.0/lethe.dll"

servers=()
PG_THROWAWAY_ALSO='for s in "${servers[@]}"; do kill "$s" 2>/dev/null; done'
pg_throwaway

port=5200
# serve NAME WAKE STORAGE-ARGS…: starts `lethe serve` on the next free port and waits until it is ready; sets $url.
serve() {
  local name=$1 wake=$2
  shift 2
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  url="http://127.0.0.1:$port"
  port=$((port + 1))
  Lethe__Worker__Wake=$wake LETHE_ADMIN_PASSWORD=Bench-Password-1 dotnet "$cli" serve --urls "$url" "$@" >>"$work/$name.log" 2>&1 &
  servers+=("$!")
  until curl -sf "$url/health/ready" >/dev/null 2>&1; do
    kill -0 "${servers[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.1
  done
}

stop_all() {
  for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true; done
  servers=()
}

# measure LABEL COUNT SERVERS STORAGE-ARGS…: one Markdown row from Lethe.Benchmarks approve.
measure() {
  local label=$1 count=$2 urls=$3
  shift 3
  dotnet "$bench" approve --servers "$urls" --requests "$count" --pace "$pace" --timeout 45 --label "$label" --breakdown "$work/breakdown.md" "$@"
}

sqlite=(--data "$work/sqlite")
pg_as_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE lethe_bench_approve" >/dev/null
store="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=lethe_bench_approve"
postgres=(--database postgres --connection "$store" --data "$work/postgres")

echo "| approve → answer package stored (demo tenant, one approval every $pace ms) | approvals | p50 | p99 | max | not stored within 45 s |"
echo "| --- | --- | --- | --- | --- | --- |"

serve sqlite Notify "${sqlite[@]}"
measure "SQLite, one server" "$requests" "$url" --data "$work/sqlite"
stop_all
serve sqlite Timer "${sqlite[@]}"
measure "SQLite, one server — baseline: the timed round only (Wake=Timer, every 30 s)" "$baseline" "$url" --data "$work/sqlite" --warmup 0
stop_all

serve postgres-a Notify "${postgres[@]}"
first=$url
serve postgres-b Notify "${postgres[@]}"
measure "PostgreSQL, two servers (approved on the first, worked by either)" "$requests" "$first,$url" --data "$work/postgres" --connection "$store"
split="packages made by the first server: $(grep -c 'Stored the answer package' "$work/postgres-a.log" || true), by the second: $(grep -c 'Stored the answer package' "$work/postgres-b.log" || true)"
stop_all
serve postgres-a Timer "${postgres[@]}"
first=$url
serve postgres-b Timer "${postgres[@]}"
measure "PostgreSQL, two servers — baseline: the timed round only (Wake=Timer, every 30 s)" "$baseline" "$first,$url" --data "$work/postgres" --connection "$store" --warmup 0
stop_all
echo
echo "PostgreSQL, two servers: $split (warm-up included)."
echo
echo "Where the time goes, from sending the approval (the datastore step, the request and the package as Lethe's database records them):"
echo
echo "| run | approval answered | Nets step closed | datastore step done | request completed | package begun | package seen stored |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
cat "$work/breakdown.md"
