#!/bin/sh
# Run once by the postgres image when its data volume is new: a database for the Prefect server, and the
# application's login role — a member of rectiflow_app, the role the migrations grant everything the application
# needs except changing or deleting audit entries (deploy/migrations/versions/0019_*). The owner (rectiflow) only
# migrates.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="${RECTIFLOW_APP_PASSWORD:-rectiflow-app}" <<'SQL'
CREATE DATABASE prefect OWNER rectiflow;
CREATE ROLE rectiflow_app NOLOGIN;
CREATE ROLE rectiflow_worker LOGIN PASSWORD :'app_password' IN ROLE rectiflow_app;
SQL
