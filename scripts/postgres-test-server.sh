#!/usr/bin/env bash
# A throwaway PostgreSQL server for Tillit's database tests.
#
#   scripts/postgres-test-server.sh          start it (or reuse it if already running);
#                                            prints the JDBC URL on stdout
#   scripts/postgres-test-server.sh status   prints the URL if it is running, else exits 1
#   scripts/postgres-test-server.sh stop     stops it (keeps the data directory)
#   scripts/postgres-test-server.sh destroy  stops it and deletes its directory
#
# Typical use:
#   export TILLIT_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh)"
#   ./mvnw -o -pl dp test -Dtest='Postgres*'
#
# The server listens on 127.0.0.1 only, port 55432 (TILLIT_PG_PORT), keeps its data under
# /tmp/tillit-postgres-55432 (TILLIT_PG_DIR), runs with fsync off (test data only!) and has a
# database "tillit" owned by user "tillit" with password "tillit" (the defaults of the tests'
# TILLIT_TEST_POSTGRES_USER and TILLIT_TEST_POSTGRES_PASSWORD).
#
# If the server binaries (/usr/lib/postgresql/*/bin/initdb) are missing and this runs as root, it
# installs Debian's "postgresql" package (PostgreSQL 15 on Debian 12) with apt-get. PostgreSQL
# refuses to run as root, so as root the server runs as the "postgres" system user (created if
# missing); otherwise as the calling user.
set -euo pipefail

PORT="${TILLIT_PG_PORT:-55432}"
BASE="${TILLIT_PG_DIR:-/tmp/tillit-postgres-${PORT}}"
DATA="${BASE}/data"
LOG="${BASE}/server.log"
DB_NAME=tillit
DB_USER=tillit
DB_PASSWORD=tillit
URL="jdbc:postgresql://127.0.0.1:${PORT}/${DB_NAME}"

say() { echo "postgres-test-server: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

find_bindir() {
  local dir
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
    return 0
  fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "${dir}" ] && [ -x "${dir}/initdb" ]; then
    echo "${dir}"
    return 0
  fi
  return 1
}

ensure_binaries() {
  if BIN="$(find_bindir)"; then
    return 0
  fi
  if ! is_root; then
    die "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install them" \
        "with 'sudo apt-get install postgresql', or run this script as root to install them."
  fi
  say "PostgreSQL server binaries not found; installing Debian's postgresql package"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
  BIN="$(find_bindir)" || die "apt-get installed postgresql but no initdb was found"
}

# The account that owns the data directory and runs the server.
ensure_run_user() {
  if is_root; then
    RUN_USER=postgres
    if ! id -u "${RUN_USER}" >/dev/null 2>&1; then
      say "creating system user ${RUN_USER}"
      useradd --system --no-create-home --shell /usr/sbin/nologin "${RUN_USER}"
    fi
  else
    RUN_USER="$(id -un)"
  fi
}

as_run_user() {
  # Run from a directory every user can enter: pg_ctl refuses to start in an unreadable one.
  if is_root; then
    (cd /tmp && runuser -u "${RUN_USER}" -- "$@")
  else
    (cd /tmp && "$@")
  fi
}

is_running() {
  [ -f "${DATA}/PG_VERSION" ] && as_run_user "${BIN}/pg_ctl" -D "${DATA}" status >/dev/null 2>&1
}

psql_admin() {
  as_run_user "${BIN}/psql" -h "${BASE}" -p "${PORT}" -U postgres -d postgres \
      -v ON_ERROR_STOP=1 -qtAc "$1"
}

start() {
  ensure_binaries
  ensure_run_user
  if is_running; then
    say "already running (data ${DATA}), reusing it"
  else
    mkdir -p "${BASE}"
    chown "${RUN_USER}" "${BASE}"
    chmod 700 "${BASE}"
    if [ ! -f "${DATA}/PG_VERSION" ]; then
      say "initialising a new cluster in ${DATA} ($("${BIN}/postgres" --version))"
      as_run_user "${BIN}/initdb" -D "${DATA}" -U postgres --encoding=UTF8 --no-locale \
          --auth-local=trust --auth-host=scram-sha-256 >"${BASE}/initdb.log" 2>&1 \
          || { cat "${BASE}/initdb.log" >&2; die "initdb failed"; }
    fi
    say "starting on 127.0.0.1:${PORT} (log ${LOG})"
    if ! as_run_user "${BIN}/pg_ctl" -D "${DATA}" -l "${LOG}" -w -t 60 \
        -o "-p ${PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${BASE} -c fsync=off -c full_page_writes=off" \
        start >&2; then
      tail -n 20 "${LOG}" >&2 || true
      die "the server did not start (is port ${PORT} taken? see ${LOG})"
    fi
  fi
  if [ -z "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")" ]; then
    psql_admin "CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}'"
  fi
  if [ -z "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'")" ]; then
    psql_admin "CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}"
  fi
  say "ready: user ${DB_USER}, password ${DB_PASSWORD}. For the tests:"
  say "  export TILLIT_TEST_POSTGRES_URL=${URL}"
  echo "${URL}"
}

stop() {
  BIN="$(find_bindir)" || die "PostgreSQL server binaries not found; nothing to stop"
  ensure_run_user
  if is_running; then
    as_run_user "${BIN}/pg_ctl" -D "${DATA}" -m fast -w stop >&2
  else
    say "not running"
  fi
}

case "${1:-start}" in
  start) start ;;
  status)
    BIN="$(find_bindir)" || exit 1
    ensure_run_user
    if is_running; then echo "${URL}"; else say "not running"; exit 1; fi
    ;;
  stop) stop ;;
  destroy)
    stop
    rm -rf "${BASE}"
    say "deleted ${BASE}"
    ;;
  *) die "unknown command '$1'; use start (default), status, stop or destroy" ;;
esac
