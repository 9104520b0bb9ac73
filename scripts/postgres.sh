#!/usr/bin/env bash
# Starts the local PostgreSQL server for the ledger tests and creates their role and database,
# idempotently; prints the URL the tests read from VIGIE_TEST_POSTGRES. Debian's postgresql package
# (installed by scripts/setup.sh) provides the cluster tools.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

# Only the URL goes to standard output: everything the cluster tools print (pg_ctlcluster says
# "Removed stale pid file." on standard output, for one) goes to standard error.
start_server() {
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if [ -z "$(pg_lsclusters -h | awk '$2 == "main"')" ]; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  cluster_version=$(pg_lsclusters -h | awk '$2 == "main" {print $1; exit}')
  if ! pg_lsclusters -h | awk '$2 == "main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$cluster_version" main start
  fi
  port=$(pg_lsclusters -h | awk '$2 == "main" {print $3; exit}')
  psql_() { as_postgres psql -p "$port" -qtAX "$@"; }
  psql_ -c "SELECT 1 FROM pg_roles WHERE rolname = 'vigie_test'" | grep -q 1 ||
    psql_ -c "CREATE ROLE vigie_test LOGIN CREATEDB PASSWORD 'vigie_test'" >/dev/null
  psql_ -c "SELECT 1 FROM pg_database WHERE datname = 'vigie_test'" | grep -q 1 ||
    as_postgres createdb -p "$port" -O vigie_test vigie_test
}
start_server >&2
echo "postgres://vigie_test:vigie_test@127.0.0.1:$port/vigie_test"
