#!/usr/bin/env bash
# Retention through Lethe beside one raw DELETE and one raw UPDATE of the same rows, on generated PostgreSQL call logs
# of 10,000,000 rows each, half past their period. Starts its own throwaway PostgreSQL cluster. Prints a Markdown
# table; docs/benchmarks.md records it.
# Usage: bench/retention.sh [rows] [batch size]   (defaults 10000000 and 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
rows=${1:-10000000}
batch=${2:-5000}

pg_install_if_missing
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null

work=$(mktemp -d)
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
pg_start "$work/pg"

dotnet bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll retention --connection "$PG_CONNECTION" --rows "$rows" --batch-size "$batch"
