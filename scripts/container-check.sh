#!/usr/bin/env bash
# Builds Lethe's container image from the Dockerfile with podman, runs it and waits for /health/ready, then prints the
# image's size. Not part of ./test.sh (it takes minutes): run it after changing the Dockerfile or what the image needs.
#
#   scripts/container-check.sh                      # needs root (or sudo) for apt-get and debootstrap
#   LETHE_BUILD_LOCK=/path/to/lock scripts/container-check.sh   # build under flock, when others share the machine
#   LETHE_CHECK_POSTGRES="Host=…;Port=…;Username=…" scripts/container-check.sh   # also two servers on one PostgreSQL
#   LETHE_CHECK_COMPOSE=1 scripts/container-check.sh   # also compose.yaml itself with podman-compose: PostgreSQL, two servers
#
# No container registry is reachable where Lethe is built, so both bases are made here instead of pulled:
#   - the runtime base: Debian bookworm from debootstrap --variant=minbase against the Debian mirror apt already uses,
#     trimmed as debian:bookworm-slim is (no documentation, manuals or package lists) -> BASE_IMAGE;
#   - the build stage: that Debian with this machine's .NET SDK copied in -> SDK_IMAGE; NuGet packages come from this
#     machine's package folder and NuGet configuration (mounted read-only), and the SDK trusts the certificate
#     authorities this machine trusts (mounted beside the image's own, as its package feed may sit behind a proxy with
#     an authority of its own; the runtime stage does not use them).
# Podman runs with runc, the cgroupfs manager, no default ulimits and the host network: what works on these machines'
# kernels (crun fails on their cgroups and rlimits). The compose check alone uses compose.yaml's own network (a bridge
# with container names in DNS), with its ports published on the host.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh   # debian_install

port=${LETHE_CHECK_PORT:-18480}
base=localhost/lethe-debian-base:bookworm
sdk=localhost/lethe-sdk-local:10.0
image=${LETHE_IMAGE:-localhost/lethe:check}
work=$(mktemp -d)
container=lethe-check-$$
conf=$work/containers.conf
# In containers.conf as well as on each command line, so that podman-compose's own podman commands use them too.
printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n' > "$conf"
export CONTAINERS_CONF=$conf
# Without systemd podman cannot schedule the periodic health checks and says so on every run and removal; the check
# itself runs below with 'podman healthcheck run'.
pod() { podman --runtime runc --cgroup-manager cgroupfs "$@" 2> >(grep -v "systemd connection" >&2); }
locked() { if [ -n "${LETHE_BUILD_LOCK:-}" ]; then flock "$LETHE_BUILD_LOCK" "$@"; else "$@"; fi; }
project=lethecheck$$
cleanup() {
  pod rm -f "$container" "$container-pg1" "$container-pg2" >/dev/null 2>&1 || true
  pod volume rm -f "$container-data" "$container-pgdata" >/dev/null 2>&1 || true
  if [ -n "${LETHE_CHECK_COMPOSE:-}" ]; then
    pod rm -f "${project}_lethe-2_1" "${project}_lethe-1_1" "${project}_postgres_1" >/dev/null 2>&1 || true
    pod volume rm -f "${project}_lethe-data" "${project}_postgres-data" >/dev/null 2>&1 || true
    pod network rm -f "${project}_default" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v podman >/dev/null && command -v runc >/dev/null && command -v debootstrap >/dev/null || debian_install podman runc debootstrap

# The Debian mirror apt is configured with (deb822 .sources or the one-line sources.list).
mirror() {
  { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
    grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; } \
    | grep -v security | head -n 1
}

if ! pod image exists "$base"; then
  echo "== debootstrap: Debian bookworm (minbase) from $(mirror)"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$(mirror)" > "$work/debootstrap.log" || { tail -n 20 "$work/debootstrap.log"; exit 1; }
  # As debian:bookworm-slim: dpkg leaves out documentation of what is installed later, and nothing of it is kept now.
  cat > "$work/rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
SLIM
  find "$work/rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$work/rootfs"/usr/share/{man,info,locale,lintian}/* "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin \
         "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/log/*.log
  tar -C "$work/rootfs" -c . | pod import - "$base" >/dev/null 2>&1
  rm -rf "$work/rootfs"
fi

if ! pod image exists "$sdk"; then
  echo "== the build stage: $base with this machine's .NET SDK"
  mkdir -p "$work/sdk"
  cp -a "$(dirname "$(readlink -f "$(command -v dotnet)")")" "$work/sdk/dotnet"
  cat > "$work/sdk/Containerfile" <<SDK
FROM $base
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libicu72 libssl3 && rm -rf /var/lib/apt/lists/*
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 SSL_CERT_DIR=/etc/ssl/host-certs
SDK
  locked podman --runtime runc --cgroup-manager cgroupfs build --network=host -t "$sdk" "$work/sdk" > "$work/sdk.log" 2>&1 || { tail -n 30 "$work/sdk.log"; exit 1; }
  rm -rf "$work/sdk"
fi

echo "== podman build (Dockerfile with SDK_IMAGE=$sdk BASE_IMAGE=$base)"
nuget_config=$HOME/.nuget/NuGet/NuGet.Config
[ -f "$nuget_config" ] || nuget_config=""
# The build's own time, from when the lock (if any) was had.
locked bash -c 'date +%s > "$1"; shift; exec "$@"' _ "$work/build-start" podman --runtime runc --cgroup-manager cgroupfs build --format docker --network=host \
  -v "$HOME/.nuget/packages:/root/.nuget/packages:ro" ${nuget_config:+-v "$nuget_config:/root/.nuget/NuGet/NuGet.Config:ro"} \
  -v /etc/ssl/certs:/etc/ssl/host-certs:ro \
  --build-arg SDK_IMAGE="$sdk" --build-arg BASE_IMAGE="$base" -t "$image" . > "$work/build.log" 2>&1 \
  || { tail -n 40 "$work/build.log"; exit 1; }
echo "built in $(( $(date +%s) - $(cat "$work/build-start") )) s"

size=$(pod image inspect --format '{{.Size}}' "$image")
base_size=$(pod image inspect --format '{{.Size}}' "$base")
echo "image $image: $(( size / 1000000 )) MB (its base $base: $(( base_size / 1000000 )) MB)"

# Waits for GET /health/ready on 127.0.0.1:$1 to answer 200 (at most 90 s); prints the answer, or fails with the log of container $2.
wait_ready() {
  local port=$1 name=$2 answer started
  started=$(date +%s)
  for _ in $(seq 1 90); do
    if answer=$(bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3" 2>/dev/null) \
       && [[ $answer == *" 200 "* ]]; then
      echo "GET /health/ready on $name after $(( $(date +%s) - started )) s: $(head -n 1 <<<"$answer" | tr -d '\r') $(tail -n 1 <<<"$answer")"
      return 0
    fi
    sleep 1
  done
  echo "FAILED: /health/ready of $name did not answer 200 within 90 s" >&2
  pod logs "$name" 2>&1 | tail -n 30 >&2
  return 1
}

echo "== podman run: SQLite in a volume, listening on 127.0.0.1:$port"
pod run -d --name "$container" --network=host -v "$container-data:/data" -e LETHE_URLS="http://127.0.0.1:$port" "$image" >/dev/null
wait_ready "$port" "$container"
# The first run's lines, less the admin's one-time password.
pod logs "$container" 2>&1 | grep -E "^(Lethe is running|First run)"
echo "runs as: $(pod exec "$container" id)"
# The image's own HEALTHCHECK, as docker would run it.
pod healthcheck run "$container" && echo "HEALTHCHECK: healthy"

# Two servers on one PostgreSQL, as compose.yaml runs them, when a server to use is given (the postgres image of
# compose.yaml cannot be pulled here): a fresh database on it, one shared /data volume, the second started once the
# first is ready.
if [ -n "${LETHE_CHECK_POSTGRES:-}" ]; then
  database=lethe_container_check_$$
  connection="$LETHE_CHECK_POSTGRES;Database=$database"
  # psql from the same connection string: its Host, Port, Username and Password as libpq's variables.
  pg() (
    IFS=';'
    for pair in $LETHE_CHECK_POSTGRES; do
      case "${pair%%=*}" in
        [Hh]ost) export PGHOST=${pair#*=} ;; [Pp]ort) export PGPORT=${pair#*=} ;;
        [Uu]sername) export PGUSER=${pair#*=} ;; [Pp]assword) export PGPASSWORD=${pair#*=} ;;
      esac
    done
    psql -d postgres -qc "$1"
  )
  pg "CREATE DATABASE $database"
  for n in 1 2; do
    pod run -d --name "$container-pg$n" --network=host -v "$container-pgdata:/data" -e LETHE_DATABASE=postgres \
      -e LETHE_CONNECTION="$connection" -e LETHE_URLS="http://127.0.0.1:$((port + n))" "$image" >/dev/null
    wait_ready $((port + n)) "$container-pg$n"
  done
  echo "first runs: $(pod logs "$container-pg1" 2>&1 | grep -c '^First run') on server 1, $(pod logs "$container-pg2" 2>&1 | grep -c '^First run') on server 2"
  pod rm -f "$container-pg1" "$container-pg2" >/dev/null
  pod volume rm -f "$container-pgdata" >/dev/null
  pg "DROP DATABASE $database WITH (FORCE)"
fi

# compose.yaml itself, with Debian's podman-compose: PostgreSQL and two Lethe servers on compose's own network, their
# ports published on the host (LETHE_PORT_1 and LETHE_PORT_2, here $port + 11 and + 12). The official postgres image
# cannot be pulled here, so scripts/postgres-image builds a stand-in from the same Debian base (Debian's PostgreSQL 15).
# podman-compose 1.0.3 does not wait for 'condition: service_healthy', and podman without systemd runs no periodic
# health checks, so the services are started one at a time in compose.yaml's order, each once the one before is ready.
if [ -n "${LETHE_CHECK_COMPOSE:-}" ]; then
  command -v podman-compose >/dev/null && [ -x /usr/lib/cni/dnsname ] \
    || debian_install podman-compose golang-github-containernetworking-plugin-dnsname
  postgres_image=localhost/lethe-postgres-local:15
  if ! pod image exists "$postgres_image"; then
    echo "== the postgres stand-in: $base with Debian's postgresql"
    locked podman --runtime runc --cgroup-manager cgroupfs build --network=host --build-arg BASE_IMAGE="$base" \
      -t "$postgres_image" scripts/postgres-image > "$work/postgres-image.log" 2>&1 || { tail -n 30 "$work/postgres-image.log"; exit 1; }
  fi
  echo "postgres stand-in $postgres_image: $(( $(pod image inspect --format '{{.Size}}' "$postgres_image") / 1000000 )) MB"
  echo "== podman-compose (project $project): postgres, then lethe-1, then lethe-2"
  export LETHE_IMAGE=$image LETHE_POSTGRES_IMAGE=$postgres_image LETHE_PORT_1=$((port + 11)) LETHE_PORT_2=$((port + 12))
  export LETHE_PUBLIC_URL=http://127.0.0.1:$LETHE_PORT_1
  LETHE_DB_PASSWORD=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n'); export LETHE_DB_PASSWORD
  compose() { podman-compose -p "$project" -f compose.yaml "$@" > "$work/compose.log" 2>&1 || { tail -n 30 "$work/compose.log"; return 1; }; }
  compose up -d --no-build postgres
  for i in $(seq 1 60); do
    pod exec "${project}_postgres_1" pg_isready -U lethe -d lethe >/dev/null 2>&1 && break
    [ "$i" -lt 60 ] || { echo "FAILED: postgres not ready within 60 s" >&2; pod logs "${project}_postgres_1" 2>&1 | tail -n 20 >&2; exit 1; }
    sleep 1
  done
  echo "postgres: $(pod exec "${project}_postgres_1" pg_isready -U lethe -d lethe)"
  compose up -d --no-build --no-deps lethe-1
  wait_ready "$LETHE_PORT_1" "${project}_lethe-1_1"
  compose up -d --no-build --no-deps lethe-2
  wait_ready "$LETHE_PORT_2" "${project}_lethe-2_1"
  for n in 1 2; do
    pod healthcheck run "${project}_lethe-${n}_1" && echo "HEALTHCHECK of lethe-$n: healthy"
  done
  # One database: the first run happened once, the demo tenant it made is served by both, and both are connected.
  first_runs="$(pod logs "${project}_lethe-1_1" 2>&1 | grep -c '^First run' || true) on lethe-1, $(pod logs "${project}_lethe-2_1" 2>&1 | grep -c '^First run' || true) on lethe-2"
  echo "first runs: $first_runs"
  [ "$first_runs" = "1 on lethe-1, 0 on lethe-2" ] || { echo "FAILED: the first run should happen once, on lethe-1" >&2; exit 1; }
  # Neither server restarted (a crash at start-up is retried by 'restart: unless-stopped'), nor missed a native library.
  for n in 1 2; do
    restarts=$(pod inspect --format '{{.RestartCount}}' "${project}_lethe-${n}_1")
    [ "$restarts" = 0 ] || { echo "FAILED: lethe-$n restarted $restarts times" >&2; pod logs "${project}_lethe-${n}_1" 2>&1 | grep -m 5 -A 3 Unhandled >&2; exit 1; }
    if pod logs "${project}_lethe-${n}_1" 2>&1 | grep -m 3 "Cannot load library" >&2; then echo "FAILED: lethe-$n misses a library" >&2; exit 1; fi
  done
  for p in "$LETHE_PORT_1" "$LETHE_PORT_2"; do
    status=$(bash -c "exec 3<>/dev/tcp/127.0.0.1/$p && printf 'GET /p/flex4business/privacy HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && head -n 1 <&3" | tr -d '\r')
    echo "GET /p/flex4business/privacy on 127.0.0.1:$p: $status"
    [[ $status == *" 200 "* ]] || { echo "FAILED: the demo tenant's notice is not served on port $p" >&2; exit 1; }
  done
  echo "clients of the database lethe: $(pod exec "${project}_postgres_1" psql -U lethe -d lethe -Atc \
    "SELECT count(DISTINCT client_addr) || ' addresses, ' || count(*) || ' connections' FROM pg_stat_activity WHERE datname = 'lethe' AND client_addr IS NOT NULL")"
  compose down -v
  pod network rm -f "${project}_default" >/dev/null 2>&1 || true
fi
