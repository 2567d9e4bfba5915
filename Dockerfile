# Lethe in a container: a self-contained publish on a slim Debian base, run as a non-root user, its data in /data.
#
#   docker build -t lethe .
#   docker run -p 8080:8080 -v lethe-data:/data lethe        # SQLite in the volume; demo tenant and admin on first run
#
# The published image is built from Microsoft's .NET SDK image and runs on debian:bookworm-slim. Both are build
# arguments, so the same file builds from bases made elsewhere: scripts/container-check.sh builds it here from a
# Debian made with debootstrap (no container registry is reachable on Lethe's build machines).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${SDK_IMAGE} AS build
ARG RUNTIME=linux-x64
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
# samples/: the first-run demo tenant's data map is embedded from there.
COPY samples/ samples/
COPY src/ src/
# Self-contained: the image needs no .NET runtime of its own, only the few native libraries installed below.
# ReadyToRun, composite: Lethe, its packages and the .NET runtime compiled ahead of time as one image, so code across
# them (EF Core's generics over Lethe's types, inlining across assemblies) needs no JIT at start. Measured against
# ReadyToRun per assembly: a warm server start 1.0 s instead of 1.2-1.4 s, `lethe request run` 1.7 s instead of 2.1 s
# (docs/benchmarks.md); the price is a larger image and a publish of some minutes.
RUN dotnet publish src/Lethe.Cli -c Release -r "$RUNTIME" --self-contained -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o /out \
      -p:GenerateDocumentationFile=false \
 && rm -f /out/*.pdb /out/*.xml

FROM ${BASE_IMAGE}
# ICU for the Danish and Norwegian texts, tzdata for tenants' time zones, OpenSSL and CA certificates for PostgreSQL
# over TLS, SMTP and webhooks, GSSAPI because Npgsql looks for it when it connects to PostgreSQL (without it the log
# says "Cannot load library libgssapi_krb5.so.2"). Nothing else: the health check below needs only bash, which the base has.
# apt's lists and caches (75 MB of them) go in the same layer.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libgssapi-krb5-2 libicu72 libssl3 tzdata \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
# A fixed uid, so a volume's owner is the same in every container of this image.
RUN groupadd --system --gid 10001 lethe \
 && useradd --system --uid 10001 --gid lethe --home-dir /data --no-create-home --shell /usr/sbin/nologin lethe \
 && mkdir /data && chown lethe:lethe /data && chmod 700 /data
COPY --from=build /out /opt/lethe
ENV LETHE_DATA=/data \
    LETHE_URLS=http://0.0.0.0:8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER lethe
WORKDIR /data
VOLUME /data
EXPOSE 8080
# Ready = the database answers and the background work is not stuck (/health/ready); bash's /dev/tcp rather than curl,
# so the image carries no HTTP client an intruder could use. The start period covers migrations and the first run.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "port=${LETHE_URLS##*:}; port=${port%%/*}; exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/lethe/lethe"]
CMD ["serve"]
