#!/usr/bin/env bash
# Wall time of `lethe request run --type access` on the demo tenant's SQLite billing database (the one a first run
# builds), beside the floor of the process (`lethe --version`: the .NET host, the runtime and System.CommandLine, no
# database) and the same reads by the sqlite3 shell. Each command runs N times in a row, on a warm file cache; the
# median and the slowest are reported. Prints a Markdown table; docs/benchmarks.md records it.
# Usage: bench/cli.sh [runs] [how]   (default 15; how: "dotnet" runs `dotnet lethe.dll` from the Release build,
#        a directory runs the `lethe` executable in it, e.g. a ReadyToRun publish)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
how=${2:-dotnet}

command -v sqlite3 >/dev/null || { echo "bench/cli.sh needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
if [ "$how" = dotnet ]; then
  dotnet build src/Lethe.Cli -c Release -nologo -v q >/dev/null
  lethe=(dotnet src/Lethe.Cli/bin/Release/net10.0/lethe.dll)
else
  lethe=("$how/lethe")
fi

work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# A first run builds the demo tenant and its databases; then the server stops and only the CLI runs.
port=5290
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
LETHE_ADMIN_PASSWORD=Bench-Password-1 "${lethe[@]}" serve --data "$work/data" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.05
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""

billing="$work/data/datastores/flex4business/billing-db.db"
numbers=($(sqlite3 "$billing" "SELECT customer_number FROM customers ORDER BY id LIMIT $runs"))

now_ms() { date +%s%N | cut -c1-13; }
# time_runs LABEL CMD…: runs CMD $runs times (CMD may use $i, the run's number), prints "LABEL median max".
time_runs() {
  local label=$1 start t
  shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    start=$(now_ms)
    eval "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    t=$(($(now_ms) - start))
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{a[NR]=$1} END {printf "| %s | %d | %d ms | %d ms |\n", l, NR, a[int((NR+1)/2)], a[NR]}'
}

echo "| command (demo tenant, SQLite) | runs | median wall time | slowest |"
echo "| --- | --- | --- | --- |"
time_runs '`lethe --version` (the process floor)' '"${lethe[@]}" --version'
time_runs '`lethe request run --type access … --answer x.zip`' \
  '"${lethe[@]}" request run --data "$work/data" --tenant flex4business --type access --identity "customer_number=${numbers[$i]}" --identity-check "bench" --answer "$work/answer-$i.zip"'
time_runs 'the same reads by `sqlite3` (the customer and their invoices)' \
  'sqlite3 "$billing" "SELECT * FROM customers WHERE customer_number = '"'"'${numbers[$i]}'"'"'; SELECT i.* FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.customer_number = '"'"'${numbers[$i]}'"'"';"'
