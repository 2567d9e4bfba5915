#!/usr/bin/env bash
# Consent on a throwaway PostgreSQL cluster the script starts itself:
#  1. recording banner events through Lethe beside a raw batched INSERT of the same rows (Lethe.Benchmarks consent);
#  2. reading the consent state over HTTP from `lethe serve` on that database at a fixed rate, beside the raw SQL
#     read of the same subjects (Lethe.Benchmarks consent-state).
# Prints Markdown tables; docs/benchmarks.md records them.
# Usage: bench/consent.sh [events] [rate] [seconds]   (defaults 100000, 1000 and 30)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
events=${1:-100000}
rate=${2:-1000}
seconds=${3:-30}

pg_install_if_missing
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null
dotnet build src/Lethe.Cli -c Release -nologo -v q >/dev/null
bench="bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll"
cli="src/Lethe.Cli/bin/Release/net10.0/lethe.dll"

server=""
PG_THROWAWAY_ALSO='[ -n "$server" ] && kill "$server" 2>/dev/null'
pg_throwaway

dotnet "$bench" consent --events "$events" --key-file "$work/key" --connection "$PG_CONNECTION"

store="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=lethe_bench_consent"
port=5191
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
LETHE_ADMIN_PASSWORD=Bench-Password-1 dotnet "$cli" serve --urls "http://127.0.0.1:$port" --database postgres --connection "$store" \
  >"$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

echo
dotnet "$bench" consent-state --url "http://127.0.0.1:$port" --tenant bench-consent --key-file "$work/key" --connection "$store" \
  --rate "$rate" --seconds "$seconds" --batches $((events / 1000))
