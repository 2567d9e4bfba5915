# Sourced by test.sh and the benchmarks: a throwaway PostgreSQL cluster of our own on a spare loopback port.
# pg_start DIR   initialises and starts a cluster in DIR (which must exist); sets PG_PORT and PG_CONNECTION.
# pg_stop DIR    stops it.
# pg_throwaway   makes a temporary directory $work, starts a cluster in $work/pg and, on exit, stops it and removes
#                $work (running $PG_THROWAWAY_ALSO first, e.g. to stop a server the caller started).
# debian_install PKG...  installs Debian packages quietly (with sudo when not root); for the other tools the scripts need.
# Installs Debian's postgresql only when no initdb exists (installing again would upgrade shared packages).

debian_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_install_if_missing() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    debian_install postgresql
  fi
}

pg_bin() { dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"; }

# initdb refuses to run as root: run the server as the postgres user then.
pg_as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  local dir=$1 bin candidate
  bin=$(pg_bin)
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  pg_as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log" >&2; return 1; }
  PG_PORT=""
  # 5432 may be someone else's server; take the first port nobody answers on. Not answering is not enough: the probe's
  # own connect can leave the port in TIME_WAIT (a loopback connect may pick the port it dials as its source), so when
  # the server cannot bind a port it is tried on the next.
  for candidate in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue
    rm -f "$dir/server.log"
    if pg_as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start \
      -o "-p $candidate -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null 2>&1; then
      PG_PORT=$candidate; break
    fi
    grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null || { cat "$dir/server.log" >&2; return 1; }
  done
  [ -n "$PG_PORT" ] || { echo "no free port for PostgreSQL" >&2; return 1; }
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  export PG_PORT PG_CONNECTION
}

pg_stop() { pg_as_owner "$(pg_bin)/pg_ctl" -D "$1" -m fast stop >/dev/null 2>&1 || true; }

pg_throwaway() {
  work=$(mktemp -d)
  mkdir -p "$work/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$work"
  trap 'eval "${PG_THROWAWAY_ALSO:-}" || true; pg_stop "$work/pg"; rm -rf "$work"' EXIT
  pg_start "$work/pg"
}
