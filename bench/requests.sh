#!/usr/bin/env bash
# Access and erasure through Lethe beside the same work in hand-written SQL, on a generated PostgreSQL datastore of
# 1,000,000 people and 10,000,000 related rows in five tables; and the peak memory of exporting one person with
# 100,000 rows. Starts its own throwaway PostgreSQL cluster. Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/requests.sh [people] [sample]   (defaults 1000000 and 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
people=${1:-1000000}
sample=${2:-1000}

pg_install_if_missing
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null

work=$(mktemp -d)
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
pg_start "$work/pg"

dotnet bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll --connection "$PG_CONNECTION" --people "$people" --sample "$sample"
