#!/usr/bin/env bash
# Runs every Lethe test against SQLite and a real PostgreSQL, and headless Chromium for the console.
# Installs what is missing (PostgreSQL, Chromium) on Debian, starts a throwaway PostgreSQL cluster of its own on a
# spare port, and ends with one line "N passed, N failed, N skipped" summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

need_apt=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need_apt+=(postgresql); fi
if ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium fonts-liberation); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
    || { log "could not install ${need_apt[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
work=$(mktemp -d)
results="$work/results"
pgdata="$work/pg"
mkdir -p "$results" "$pgdata"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$work" "$pgdata"

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# A port nobody listens on: 5432 may be someone else's server.
port=""
for candidate in $(seq 55432 55532); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { log "no free port for PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }

log "starting PostgreSQL ($PGBIN) on port $port"
as_pg "$PGBIN/initdb" -D "$pgdata" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; echo "0 passed, 1 failed"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w start \
  -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null \
  || { cat "$pgdata/server.log" >&2; echo "0 passed, 1 failed"; exit 1; }

export LETHE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
export LETHE_TEST_CHROMIUM="${LETHE_TEST_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "building"
if ! dotnet build Lethe.slnx -c Release -nologo -v q >"$work/build.log" 2>&1; then
  grep -E "error|Error" "$work/build.log" | sort -u | head -40 >&2
  echo "0 passed, 1 failed"
  exit 1
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
