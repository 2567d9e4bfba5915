#!/usr/bin/env bash
# Consent on a throwaway PostgreSQL cluster the script starts itself:
#  1. recording banner events through Lethe beside a raw batched INSERT of the same rows (Lethe.Benchmarks consent);
#  2. reading the consent state over HTTP from `lethe serve` on that database at a fixed rate (wrk, paced by
#     bench/consent-state.lua), beside the raw SQL read of the same subjects' newest events at the same rate
#     (pgbench), the tenant's consent purposes (the same API key, tenant and JSON answer, no database: what Lethe's
#     request path costs without the query) and the server's liveness probe (the floor HTTP alone sets here).
# The load generators are C programs from Debian's packages, so that their own pauses stay out of the figures.
# Prints Markdown tables; docs/benchmarks.md records them.
# Usage: bench/consent.sh [events] [rate] [seconds] [warm-up seconds]   (defaults 100000, 1000, 30 and 30)
# With COUNTERS=FILE and dotnet-counters on PATH, the server's runtime, ASP.NET Core and Npgsql counters (GC counts and
# pauses, thread pool, JIT, connections) are written to FILE (CSV, once a second) while the state read is measured.
# STORE_OPTIONS=";Maximum Pool Size=8" (say) is appended to the server's connection string, to compare settings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
events=${1:-100000}
rate=${2:-1000}
seconds=${3:-30}
warmup=${4:-30}
batches=$((events / 1000))

pg_install_if_missing
command -v wrk >/dev/null || debian_install wrk
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build src/Lethe.Cli -c Release -nologo -v q >/dev/null
bench="bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll"
cli="src/Lethe.Cli/bin/Release/net10.0/lethe.dll"

server=""
PG_THROWAWAY_ALSO='[ -n "$server" ] && kill "$server" 2>/dev/null'
pg_throwaway

dotnet "$bench" consent --events "$events" --key-file "$work/key" --connection "$PG_CONNECTION"

database=lethe_bench_consent
store="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database${STORE_OPTIONS:-}"
port=5191
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
LETHE_ADMIN_PASSWORD=Bench-Password-1 dotnet "$cli" serve --urls "http://127.0.0.1:$port" --database postgres --connection "$store" \
  >"$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
tenant_id=$(dotnet "$bench" consent-subjects --tenant bench-consent --connection "$store" --batches "$batches")

# paced SECONDS PATH LABEL TARGET: one Markdown row for wrk at $rate requests/s.
paced() {
  wrk -t1 -c64 -d"$1s" --timeout 10s -H "Authorization: Bearer $(cat "$work/key")" -s bench/consent-state.lua \
    "http://127.0.0.1:$port" -- "$rate" "$2" "$batches" "$3" "$4" | grep '^| '
}

# raw SECONDS: one Markdown row for pgbench at $rate transactions/s, the query Lethe sends, prepared as Lethe's are.
cat >"$work/state.sql" <<'SQL'
\set i random(1, 20000)
SELECT "Id", "Action", "PurposesJson", "OccurredAt", "NoticeVersion" FROM consent_events
WHERE "TenantId" = :tenant::uuid AND "Subject" = (SELECT subject FROM bench_subjects WHERE i = :i)
ORDER BY "OccurredAt" DESC, "Position" DESC LIMIT 32;
SQL
raw() {
  rm -f "$work"/pgbench.*
  "$(pg_bin)/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -M prepared -R "$rate" -T "$1" -c 8 -j 1 \
    -f "$work/state.sql" -D "tenant=$tenant_id" --log --log-prefix="$work/pgbench" "$database" >"$work/pgbench.out" 2>&1
  local failed; failed=$(grep -oE 'failed transactions: [0-9]+' "$work/pgbench.out" | grep -oE '[0-9]+$' || echo 0)
  # Per transaction: column 3 is its time in µs, column 7 how late it started against its schedule.
  local late; late=$(cat "$work"/pgbench.[0-9]* | awk '$7 > 5000 { n++ } END { print n + 0 }')
  cat "$work"/pgbench.[0-9]* | awk '{ print $3 }' | sort -n | awk -v seconds="$1" -v failed="$failed" -v late="$late" '
    { t[NR] = $1 }
    END {
      printf "| raw SQL, the same query with the subject looked up (pgbench, no HTTP) | %d (%d sent > 5 ms late) | %d/s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d | — |\n",
        NR, late, NR / seconds, t[int(NR * 0.5) + 1] / 1000, t[int(NR * 0.99) + 1] / 1000, t[int(NR * 0.999) + 1] / 1000, t[NR] / 1000, failed
    }'
}

state="/api/v1/tenants/bench-consent/consent/state?subjectType=browser&subject=%s"
echo
echo "Warming up for $warmup s at $rate requests/s (tiered JIT keeps optimising the server for the first half minute) …"
paced "$warmup" "$state" "warm-up" "" >/dev/null
raw 5 >/dev/null
echo "Measuring $seconds s each at $rate requests/s: the state over HTTP, raw SQL, the purposes, the liveness probe …"
echo
echo "| reading the consent state, $rate requests/s for $seconds s | sent | achieved rate | p50 | p99 | p99.9 | max | errors | target |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
counters=""
if [ -n "${TRACE:-}" ] && command -v dotnet-trace >/dev/null; then
  dotnet-trace collect -p "$server" --profile dotnet-sampled-thread-time --format speedscope -o "$TRACE" --duration 00:00:00:$((seconds / 2)) >/dev/null 2>&1 &
  counters=$!
  sleep 2
elif [ -n "${COUNTERS:-}" ] && command -v dotnet-counters >/dev/null; then
  dotnet-counters collect -p "$server" --format csv -o "$COUNTERS" \
    --counters System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,Npgsql >/dev/null 2>&1 &
  counters=$!
  sleep 2
fi
paced "$seconds" "$state" "Lethe, \`GET …/consent/state\` over HTTP" "p99 ≤ 2 × the liveness probe's, no errors"
# A background job of a script ignores SIGINT: TERM ends the collection (the file is written as it goes).
if [ -n "$counters" ]; then [ -n "${TRACE:-}" ] || kill "$counters" 2>/dev/null; wait "$counters" 2>/dev/null || true; fi
raw "$seconds"
paced "$seconds" "/api/v1/tenants/bench-consent/consent/purposes?browser=%s" \
  "Lethe without the query: \`GET …/consent/purposes\` (API key, tenant, JSON; the data map from memory)" "—"
floor=$(paced "$seconds" "/health/live?browser=%s" "the machine's floor: \`GET /health/live\` (HTTP only, no database)" "—")
echo "$floor"
# On a quiet 2-core machine the probe's p99 is about 1 ms; far above that, the host (not Lethe) sets the tail.
floor_p99=$(echo "$floor" | awk -F'|' '{ gsub(/[ ms]/, "", $6); print $6 }')
if awk -v p="$floor_p99" 'BEGIN { exit !(p > 1.5) }'; then
  echo
  echo "Note: the liveness probe's p99 is $floor_p99 ms (about 1 ms on a quiet machine): something else was using the cores; repeat the run."
fi
