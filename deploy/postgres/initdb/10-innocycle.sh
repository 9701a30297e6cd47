#!/bin/bash
# Creates the roles and the application database of docker-compose.yml.
#
# The postgres image runs this once, on the first start with an empty data directory
# (/docker-entrypoint-initdb.d). It is idempotent, so on a data directory that already exists it can be
# run by hand: docker compose exec postgres /docker-entrypoint-initdb.d/10-innocycle.sh
#
#   INNOCYCLE_DB_USER owns INNOCYCLE_DB_NAME (the app's tables, created by `innocycle migrate`).
#   TEMPORAL_DB_USER may create databases: temporalio/admin-tools creates and upgrades `temporal` and
#   `temporal_visibility` with it (deploy/temporal/setup-schema.sh).
#
# Passwords go through psql variables (:'name' quotes them), never through the shell into SQL text.
# Changing a password variable later does not change an existing role: use ALTER ROLE.
set -e

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v app_db="${INNOCYCLE_DB_NAME:-innocycle}" \
    -v app_user="${INNOCYCLE_DB_USER:-innocycle}" \
    -v app_password="${INNOCYCLE_DB_PASSWORD:-innocycle}" \
    -v temporal_user="${TEMPORAL_DB_USER:-temporal}" \
    -v temporal_password="${TEMPORAL_DB_PASSWORD:-temporal}" <<'EOSQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'temporal_user', :'temporal_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'temporal_user') \gexec
EOSQL
