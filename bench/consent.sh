#!/usr/bin/env bash
# Recording banner consent events through Lethe beside a raw batched INSERT of the same rows, on a throwaway PostgreSQL
# cluster the script starts itself. Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/consent.sh [events]   (default 100000)
set -euo pipefail
exec "$(dirname "$0")/run.sh" consent --events "${1:-100000}"
