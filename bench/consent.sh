#!/usr/bin/env bash
# Consent on a throwaway PostgreSQL cluster the script starts itself:
#  1. recording banner events through Lethe beside a raw batched INSERT of the same rows (Lethe.Benchmarks consent);
#  2. reading the consent state over HTTP from `lethe serve` on that database at a fixed rate (wrk, paced by
#     bench/consent-state.lua), beside the raw SQL read of the same subjects' newest events at the same rate
#     (pgbench), a bare Kestrel server sending the same query (no authentication, tenant or middleware: the floor
#     for any state read over HTTP here), the tenant's consent purposes (the same API key, tenant and JSON answer, no database: what Lethe's
#     request path costs without the query) and the server's liveness probe (the floor HTTP alone sets here).
# The load generators are C programs from Debian's packages, so that their own pauses stay out of the figures.
# Prints Markdown tables; docs/benchmarks.md records them.
# Usage: bench/consent.sh [events] [rate] [seconds] [warm-up seconds]   (defaults 100000, 1000, 30 and 30)
# ROUNDS=N measures the five rows N times in turn (each round in the same order) and adds a table of their medians.
# With COUNTERS=FILE and dotnet-counters on PATH, the server's runtime, ASP.NET Core, Npgsql and Lethe counters (GC counts and
# pauses, thread pool, JIT, connections, state reads from memory or the database) are written to FILE (CSV, once a
# second) while the state read is measured.
# SERVER_ENV="DOTNET_GCgen0size=0x4000000 …" sets environment variables for Lethe's server alone, to compare runtime settings.
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
bare=""
PG_THROWAWAY_ALSO='[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$bare" ] && kill "$bare" 2>/dev/null'
pg_throwaway

dotnet "$bench" consent --events "$events" --key-file "$work/key" --connection "$PG_CONNECTION"

database=lethe_bench_consent
store="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database${STORE_OPTIONS:-}"
port=5191
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
# shellcheck disable=SC2086 # SERVER_ENV is a list of NAME=value words
env ${SERVER_ENV:-} LETHE_ADMIN_PASSWORD=Bench-Password-1 dotnet "$cli" serve --urls "http://127.0.0.1:$port" --database postgres --connection "$store" \
  >"$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
tenant_id=$(dotnet "$bench" consent-subjects --tenant bench-consent --connection "$store" --batches "$batches")

# The floor for any state read over HTTP: a bare Kestrel server sending the same query (Lethe.Benchmarks bare-state),
# with the server's own thread-pool setting, idle while Lethe is measured.
bare_port=$((port + 1))
while (exec 3<>"/dev/tcp/127.0.0.1/$bare_port") 2>/dev/null; do bare_port=$((bare_port + 1)); done
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet "$bench" bare-state --tenant bench-consent --connection "$store" \
  --urls "http://127.0.0.1:$bare_port" >"$work/bare.log" 2>&1 &
bare=$!
until curl -sf "http://127.0.0.1:$bare_port/state?subject=browser-1" >/dev/null 2>&1; do
  kill -0 "$bare" 2>/dev/null || { cat "$work/bare.log" >&2; exit 1; }
  sleep 0.1
done

# cpu PID: the process's user and system CPU so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# paced SECONDS PATH LABEL TARGET [PORT PID]: one Markdown row for wrk at $rate requests/s (to Lethe unless PORT and
# its server's PID are given), ending with the server's CPU time per answered request.
paced() {
  local pid=${6:-$server} before after
  before=$(cpu "$pid")
  wrk -t1 -c64 -d"$1s" --timeout 10s -H "Authorization: Bearer $(cat "$work/key")" -s bench/consent-state.lua \
    "http://127.0.0.1:${5:-$port}" -- "$rate" "$2" "$batches" "$3" "$4" | grep '^| ' >"$work/row"
  after=$(cpu "$pid")
  awk -F'|' -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    '{ split($3, sent, " "); printf "%s %d µs |\n", $0, (sent[1] > 0 ? ticks * 1e6 / hz / sent[1] : 0) }' "$work/row"
}

# xacts: transactions committed in the benchmark's database so far (PostgreSQL flushes the count about once a second).
xacts() {
  "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$database'" postgres
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
      printf "| raw SQL, the same query with the subject looked up (pgbench, no HTTP) | %d (%d sent > 5 ms late) | %d/s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %d | — | — |\n",
        NR, late, NR / seconds, t[int(NR * 0.5) + 1] / 1000, t[int(NR * 0.99) + 1] / 1000, t[int(NR * 0.999) + 1] / 1000, t[NR] / 1000, failed
    }'
}

state="/api/v1/tenants/bench-consent/consent/state?subjectType=browser&subject=%s"
echo
echo "Warming up for $warmup s at $rate requests/s (tiered JIT keeps optimising the server for the first half minute) …"
paced "$warmup" "$state" "warm-up" "" >/dev/null
raw 5 >/dev/null
paced $((warmup > 1 ? warmup / 2 : 1)) "/state?subject=%s" "warm-up" "" "$bare_port" "$bare" >/dev/null
rounds=${ROUNDS:-1}
echo "Measuring $seconds s each at $rate requests/s, $rounds round(s): the state over HTTP, raw SQL, a bare server's state read, the purposes, the liveness probe …"
rows="$work/rows"
: >"$rows"
asked=0
stated=0
for round in $(seq 1 "$rounds"); do
  echo
  [ "$rounds" -gt 1 ] && { echo "Round $round of $rounds:"; echo; }
  echo "| reading the consent state, $rate requests/s for $seconds s | sent | achieved rate | p50 | p99 | p99.9 | max | errors | target | server CPU per request |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  counters=""
  if [ "$round" -eq 1 ] && [ -n "${TRACE:-}" ] && command -v dotnet-trace >/dev/null; then
    dotnet-trace collect -p "$server" --profile dotnet-sampled-thread-time --format speedscope -o "$TRACE" --duration 00:00:00:$((seconds / 2)) >/dev/null 2>&1 &
    counters=$!
    sleep 2
  elif [ "$round" -eq 1 ] && [ -n "${COUNTERS:-}" ] && command -v dotnet-counters >/dev/null; then
    dotnet-counters collect -p "$server" --format csv -o "$COUNTERS" \
      --counters System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,Npgsql,Lethe >/dev/null 2>&1 &
    counters=$!
    sleep 2
  fi
  before=$(xacts)
  state_row=$(paced "$seconds" "$state" "Lethe, \`GET …/consent/state\` over HTTP" "p99 ≤ 2 × the liveness probe's, no errors")
  echo "$state_row" | tee -a "$rows"
  sleep 1.2
  asked=$((asked + $(xacts) - before))
  stated=$((stated + $(echo "$state_row" | awk -F'|' '{ split($3, sent, " "); print sent[1] + 0 }')))
  # A background job of a script ignores SIGINT: TERM ends the collection (the file is written as it goes).
  if [ -n "$counters" ]; then [ -n "${TRACE:-}" ] || kill "$counters" 2>/dev/null; wait "$counters" 2>/dev/null || true; fi
  raw "$seconds" | tee -a "$rows"
  paced "$seconds" "/state?subject=%s" "the floor for a state read: a bare server, HTTP and the same query (\`Lethe.Benchmarks bare-state\`)" "—" "$bare_port" "$bare" | tee -a "$rows"
  paced "$seconds" "/api/v1/tenants/bench-consent/consent/purposes?browser=%s" \
    "Lethe without the query: \`GET …/consent/purposes\` (API key, tenant, JSON; the data map from memory)" "—" | tee -a "$rows"
  floor=$(paced "$seconds" "/health/live?browser=%s" "the machine's floor: \`GET /health/live\` (HTTP only, no database)" "—")
  echo "$floor" | tee -a "$rows"
  # On a quiet 2-core machine the probe's p99 is about 1 ms; far above that, the host (not Lethe) sets the tail.
  floor_p99=$(echo "$floor" | awk -F'|' '{ gsub(/[ ms]/, "", $6); print $6 }')
  if awk -v p="$floor_p99" 'BEGIN { exit !(p > 1.5) }'; then
    echo
    echo "Note: the liveness probe's p99 is $floor_p99 ms (about 1 ms on a quiet machine): something else was using the cores."
  fi
done

# The state read answers from memory a browser it read before (ConsentStateCache): how often it still asked the database.
echo
echo "While the state was measured the database committed $asked transactions for $stated state reads: the reads that" \
  "missed the server's state cache, and its own background work (about two a second)."

# Over several rounds the host's noise moves every row; the medians, and each round's ratios to its own probe, say more.
if [ "$rounds" -gt 1 ]; then
  echo
  echo "| median of $rounds rounds, $rate requests/s | p50 | p99 | p99 ÷ the probe's p99, per round | median ratio | server CPU per request |"
  echo "| --- | --- | --- | --- | --- | --- |"
  awk -F'|' '
    function trim(v) { gsub(/^ +| +$/, "", v); return v }
    function ms(v) { gsub(/[ ms]/, "", v); return v + 0 }
    function median(list,   a, n, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      label = trim($2); row = (NR - 1) % 5
      if (!(label in p50)) order[++labels] = label
      p50[label] = p50[label] " " ms($5); p99[label] = p99[label] " " ms($6); seen[row] = label; last[row] = ms($6)
      if ($11 ~ /µs/) { c = $11; gsub(/[^0-9]/, "", c); used[label] = used[label] " " c }
      if (row == 4) for (r = 0; r < 5; r++) ratios[seen[r]] = ratios[seen[r]] sprintf(" %.1f", last[4] > 0 ? last[r] / last[4] : 0)
    }
    END {
      for (i = 1; i <= labels; i++) {
        l = order[i]
        printf "| %s | %.2f ms | %.2f ms | %s | %.1f | %s |\n", l, median(p50[l]), median(p99[l]), trim(ratios[l]), median(ratios[l]),
          l in used ? sprintf("%d µs", median(used[l])) : "—"
      }
    }' "$rows"
fi
