#!/usr/bin/env bash
# A scan of a generated PostgreSQL support-ticket table (free-text bodies, one in a thousand holding an e-mail address)
# beside the raw read of the same rows by COPY … TO STDOUT, in one run. Starts its own throwaway PostgreSQL cluster.
# Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/scan.sh [rows]   (default 5000000)
set -euo pipefail
exec "$(dirname "$0")/run.sh" scan --rows "${1:-5000000}"
