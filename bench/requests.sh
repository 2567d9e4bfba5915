#!/usr/bin/env bash
# Access and erasure through Lethe beside the same work in hand-written SQL, on a generated PostgreSQL datastore of
# 1,000,000 people and 10,000,000 related rows in five tables; and the peak memory of exporting one person with
# 100,000 rows. Starts its own throwaway PostgreSQL cluster. Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/requests.sh [people] [sample]   (defaults 1000000 and 1000)
set -euo pipefail
exec "$(dirname "$0")/run.sh" --people "${1:-1000000}" --sample "${2:-1000}"
