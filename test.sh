#!/usr/bin/env bash
# Runs every Lethe test against SQLite and a real PostgreSQL, and headless Chromium for the console.
# Installs what is missing (PostgreSQL, Chromium) on Debian, starts a throwaway PostgreSQL cluster of its own on a
# spare port, and ends with one line "N passed, N failed, N skipped" summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

source scripts/postgres.sh
fail() { log "$*"; echo "0 passed, 1 failed"; exit 1; }

pg_install_if_missing || fail "could not install postgresql"
if ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium"
  debian_install chromium fonts-liberation || fail "could not install chromium"
fi

work=$(mktemp -d)
results="$work/results"
pgdata="$work/pg"
mkdir -p "$results" "$pgdata"
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
trap 'pg_stop "$pgdata"; rm -rf "$work"' EXIT

log "starting PostgreSQL"
pg_start "$pgdata" || fail "PostgreSQL did not start"
export LETHE_TEST_POSTGRES="$PG_CONNECTION;Pooling=true;Maximum Pool Size=50"
export LETHE_TEST_CHROMIUM="${LETHE_TEST_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
if ! dotnet build Lethe.slnx -c Release -nologo -v q >"$work/build.log" 2>&1; then
  grep -E "error|Error" "$work/build.log" | sort -u | head -40 >&2
  fail "the build failed"
fi

projects=(tests/*/*.csproj)
runs=0
for project in "${projects[@]}"; do
  log "testing $project"
  dotnet test "$project" -c Release --no-build --nologo --logger trx --results-directory "$results" 2>&1 \
    | grep -vE '^\s*$|^Test run for|^VSTest|^Starting test|^A total of|^Results File' || true
  runs=$((runs + 1))
done

passed=0; failed=0; total=0; executed=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total))); executed=$((executed + $(get executed)))
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - executed))

status=0
if [ "$files" -lt "$runs" ]; then
  log "a test host crashed: $runs projects ran but only $files wrote results"
  failed=$((failed + runs - files)); status=1
fi
if [ "$executed" -eq 0 ]; then log "no test ran"; status=1; fi
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
