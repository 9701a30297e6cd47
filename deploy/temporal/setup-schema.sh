#!/bin/sh
# Creates (when missing) and upgrades Temporal's two PostgreSQL databases; run by the `temporal-schema`
# service (temporalio/admin-tools) before the Temporal server starts. Follows
# temporalio/samples-server compose/scripts/setup-postgres.sh.
#
# Safe on every `docker compose up`: `create` ignores an existing database, `setup-schema -v 0.0` leaves a
# newer schema version alone, and `update-schema` applies only the versions not applied yet, which is also
# how a bump of TEMPORAL_VERSION upgrades the schema.
#
# Connection from the environment (temporal-sql-tool reads SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and
# SQL_PASSWORD itself, so the password never appears on a command line).
set -eu

: "${SQL_PLUGIN:?SQL_PLUGIN is required (postgres12)}"
: "${SQL_HOST:?SQL_HOST is required}"
: "${SQL_USER:?SQL_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
SQL_PORT="${SQL_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-30}"

attempt=1
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
    echo "PostgreSQL at $SQL_HOST:$SQL_PORT not reachable after $MAX_ATTEMPTS attempts" >&2
    exit 1
  fi
  echo "Waiting for PostgreSQL at $SQL_HOST:$SQL_PORT (attempt $attempt/$MAX_ATTEMPTS)"
  attempt=$((attempt + 1))
  sleep 2
done

setup_database() {
  db="$1"
  versioned_dir="$2"
  echo "Temporal schema: database $db"
  temporal-sql-tool --db "$db" create
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$versioned_dir"
}

setup_database "$DBNAME" "$SCHEMA_DIR/temporal/versioned"
setup_database "$VISIBILITY_DBNAME" "$SCHEMA_DIR/visibility/versioned"
echo "Temporal schema is up to date"
