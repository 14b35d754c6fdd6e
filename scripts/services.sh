#!/usr/bin/env bash
# Install, start, stop and check the services the full test suite uses, on 127.0.0.1 only:
#   PostgreSQL (Debian's packages), Elasticsearch 8.x (integ-test-zip from Maven Central),
#   Chromium (Debian's package) for browser tests, axe-core (npm) for the accessibility test.
# Usage: scripts/services.sh start|stop|status|env|axe
# Idempotent: starting what already runs is a no-op. State lives in .services/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${OER_SERVICES_DIR:-$ROOT/.services}"
ES_VERSION="${ES_VERSION:-8.19.9}"
ES_PORT="${ES_PORT:-9200}"
ES_USER="${ES_USER:-oeres}"
PG_PORT="${PG_PORT:-54329}"
PG_DB="oer_registry"
PG_USER="oer"
PG_PASSWORD="oer"

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it yourself, or run as root)"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17* /usr/lib/jvm/java-21-openjdk-*; do
    [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
  done
  local java; java="$(command -v java || true)"
  [ -n "$java" ] || die "no JDK found; install one (apt-get install openjdk-17-jdk-headless) or set ES_JAVA_HOME"
  dirname "$(dirname "$(readlink -f "$java")")"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local dir; dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

pg_start() {
  apt_install postgresql
  local bin data; bin="$(pg_bin)"; data="$STATE/pg/data"
  mkdir -p "$STATE/pg"
  chown postgres:postgres "$STATE/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initialising a PostgreSQL cluster in $data"
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 >/dev/null
  fi
  if runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$STATE/pg/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $STATE/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { tail -n 20 "$STATE/pg/server.log" >&2; die "PostgreSQL did not start"; }
    say "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" ]; then
    "${psql[@]}" -c "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
  fi
  if [ -z "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" ]; then
    "${psql[@]}" -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
  fi
}

pg_stop() {
  local data="$STATE/pg/data"
  [ -f "$data/PG_VERSION" ] || return 0
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 && say "PostgreSQL stopped" || true
}

# ------------------------------------------------------------- Elasticsearch
es_url() { echo "http://127.0.0.1:$ES_PORT"; }

es_running() { curl -fsS "$(es_url)/_cluster/health" >/dev/null 2>&1; }

es_start() {
  if es_running; then say "Elasticsearch already running at $(es_url)"; return; fi
  local home="$STATE/es/elasticsearch-$ES_VERSION"
  if [ ! -x "$home/bin/elasticsearch" ]; then
    command -v mvn >/dev/null || apt_install maven
    command -v unzip >/dev/null || apt_install unzip
    mkdir -p "$STATE/es"
    say "fetching Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central"
    mvn -q dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$STATE/es" || die "could not fetch Elasticsearch $ES_VERSION with mvn"
    unzip -q -o "$STATE/es/elasticsearch-$ES_VERSION.zip" -d "$STATE/es"
    rm -f "$STATE/es/elasticsearch-$ES_VERSION.zip"
  fi
  id -u "$ES_USER" >/dev/null 2>&1 || as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  cat > "$home/config/elasticsearch.yml" <<YML
cluster.name: oer-registry-dev
node.name: oer-node-1
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
discovery.type: single-node
xpack.security.enabled: false
path.data: $STATE/es/data
path.logs: $STATE/es/logs
action.destructive_requires_name: false
YML
  mkdir -p "$STATE/es/data" "$STATE/es/logs"
  chown -R "$ES_USER" "$STATE/es"
  chmod o+x "$STATE" 2>/dev/null || true
  local jhome; jhome="$(java_home)"
  say "starting Elasticsearch $ES_VERSION at $(es_url) (JDK $jhome, user $ES_USER)"
  runuser -u "$ES_USER" -- env ES_JAVA_HOME="$jhome" ES_JAVA_OPTS="-Xms1g -Xmx1g" \
    "$home/bin/elasticsearch" -d -p "$STATE/es/es.pid" >"$STATE/es/start.log" 2>&1 \
    || { cat "$STATE/es/start.log" >&2; die "Elasticsearch failed to start"; }
  for _ in $(seq 1 120); do
    if curl -fsS "$(es_url)/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      say "Elasticsearch is up: version $(curl -fsS "$(es_url)/_nodes/_local?filter_path=nodes.*.version" | grep -o '[0-9]*\.[0-9]*\.[0-9]*')"
      return
    fi
    sleep 1
  done
  tail -n 40 "$STATE/es/logs/"*.log >&2 2>/dev/null || true
  die "Elasticsearch did not answer within 120 s"
}

es_stop() {
  local pidfile="$STATE/es/es.pid"
  if [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; then
    for _ in $(seq 1 30); do es_running || break; sleep 1; done
    say "Elasticsearch stopped"
  fi
}

# ------------------------------------------------------------------- Chromium
chromium_install() {
  if command -v chromium >/dev/null; then say "Chromium present: $(chromium --version 2>/dev/null)"; return; fi
  apt_install chromium
  say "Chromium installed: $(chromium --version 2>/dev/null)"
}

# ------------------------------------------------------------------- axe-core
# The accessibility browser test injects axe.min.js from $STATE/tools (see
# tests/browser/test_accessibility.py); installed from npm, never committed.
AXE_VERSION="${AXE_VERSION:-4.11.1}"
axe_install() {
  local dir="$STATE/tools" file="$STATE/tools/node_modules/axe-core/axe.min.js"
  if [ -f "$file" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$dir/node_modules/axe-core/package.json"; then
    say "axe-core $AXE_VERSION present"; return; fi
  command -v npm >/dev/null || apt_install npm
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "axe-core@$AXE_VERSION" >/dev/null
  [ -f "$file" ] || die "axe-core did not install into $dir"
  say "axe-core $AXE_VERSION installed in $dir"
}

print_env() {
  echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export ELASTICSEARCH_URL=$(es_url)"
}

case "${1:-}" in
  start) command -v curl >/dev/null || apt_install curl
         pg_start; es_start; chromium_install; axe_install
         say "services ready; to use them: eval \"\$(scripts/services.sh env)\"" ;;
  stop) es_stop; pg_stop ;;
  status) es_running && say "Elasticsearch: up at $(es_url)" || say "Elasticsearch: down"
          [ -f "$STATE/pg/data/PG_VERSION" ] && runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STATE/pg/data" status >/dev/null 2>&1 \
            && say "PostgreSQL: up on 127.0.0.1:$PG_PORT" || say "PostgreSQL: down"
          command -v chromium >/dev/null && say "Chromium: $(chromium --version 2>/dev/null)" || say "Chromium: not installed"
          [ -f "$STATE/tools/node_modules/axe-core/axe.min.js" ] && say "axe-core: installed" || say "axe-core: not installed" ;;
  axe) axe_install ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env|axe" >&2; exit 2 ;;
esac
