-- A second database on the same PostgreSQL for the Prefect server.
CREATE DATABASE prefect OWNER rectiflow;
