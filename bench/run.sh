#!/usr/bin/env bash
# Builds the benchmark project, starts a throwaway PostgreSQL cluster of its own (installing PostgreSQL if missing),
# runs Lethe.Benchmarks with the given arguments and --connection to that cluster, and stops the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

pg_install_if_missing
dotnet build bench/Lethe.Benchmarks -c Release -nologo -v q >/dev/null

pg_throwaway

dotnet bench/Lethe.Benchmarks/bin/Release/net10.0/Lethe.Benchmarks.dll "$@" --connection "$PG_CONNECTION"
