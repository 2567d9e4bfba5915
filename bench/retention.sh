#!/usr/bin/env bash
# Retention through Lethe beside one raw DELETE and one raw UPDATE of the same rows, on generated PostgreSQL call logs
# of 10,000,000 rows each, half past their period. Starts its own throwaway PostgreSQL cluster. Prints a Markdown
# table; docs/benchmarks.md records it.
# Usage: bench/retention.sh [rows] [batch size]   (defaults 10000000 and 5000)
set -euo pipefail
exec "$(dirname "$0")/run.sh" retention --rows "${1:-10000000}" --batch-size "${2:-5000}"
