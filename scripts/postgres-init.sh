#!/usr/bin/env bash
# Run once by the postgres image on a new data volume (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d). Creates the login role the server runs as: a member of
# `minqing_app`, which owns no table and cannot bypass row-level security. The tables belong to
# POSTGRES_USER, which only migrations and seeding use (MINQING_OWNER_DATABASE_URL).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE minqing_app NOLOGIN NOBYPASSRLS;
CREATE ROLE minqing_web LOGIN NOBYPASSRLS PASSWORD '${MINQING_WEB_PASSWORD}' IN ROLE minqing_app;
SQL
