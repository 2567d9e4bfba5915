#!/usr/bin/env bash
# Retention through Lethe beside one raw DELETE and one raw UPDATE of the same rows, on generated PostgreSQL call logs
# of 10,000,000 rows each, half past their period. Starts its own throwaway PostgreSQL cluster. Prints a Markdown
# table; docs/benchmarks.md records it.
# Usage: bench/retention.sh [rows] [batch size]
#   rows defaults to 10000000; without a batch size Lethe runs with its default settings (batches sized to about
#   200 ms each, starting at 5,000 rows); with one, every batch has that many rows.
set -euo pipefail
exec "$(dirname "$0")/run.sh" retention --rows "${1:-10000000}" ${2:+--batch-size "$2"}
