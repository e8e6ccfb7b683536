"""an audit trail the application cannot rewrite (PostgreSQL: triggers, and a role without UPDATE/DELETE on it);
the office's holiday calendar for years chinesecalendar does not know

Revision ID: 0019
Revises: 0017
Create Date: 2026-11-29 12:00:00

On PostgreSQL the audit entries become append-only for everyone (a trigger refuses UPDATE, DELETE and TRUNCATE;
the head row only moves forward, onto an entry that exists), and a role `rectiflow_app` is created (where the
migrating role may create roles) with every privilege the application needs and none to change or delete audit
entries. The application logs in as a role that is a member of it and owns nothing — so it cannot drop or disable
the triggers either; the migrations run as the owner (deploy/README.md, "A role of its own").
"""
import sqlalchemy as sa
from alembic import op

import models.tables.base

revision = '0019'
down_revision = '0017'
branch_labels = None
depends_on = None

APP_ROLE = "rectiflow_app"

TRIGGERS = """
CREATE FUNCTION rectiflow_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION rectiflow_audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id OR NEW.seq < OLD.seq
       OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash)
       OR (NEW.seq > 0 AND NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND hash = NEW.hash)) THEN
        RAISE EXCEPTION 'the audit chain head only moves forward, onto an entry that exists: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION rectiflow_audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION rectiflow_audit_append_only();
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION rectiflow_audit_head_forward();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION rectiflow_audit_append_only();
"""

GRANTS = f"""
DO $grants$
DECLARE schema_name text := current_schema();
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        BEGIN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        EXCEPTION
            WHEN duplicate_object THEN NULL;  -- another database's migration made it a moment ago
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'role {APP_ROLE} not created (no CREATEROLE): create it, then run rectiflow init again';
                RETURN;
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {APP_ROLE}', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {APP_ROLE}', schema_name);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO {APP_ROLE}', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}',
                   schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}', schema_name);
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM {APP_ROLE};
    REVOKE DELETE, TRUNCATE ON audit_head FROM {APP_ROLE};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {APP_ROLE};
END $grants$;
"""

UNDO = f"""
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry;
DROP TRIGGER IF EXISTS audit_head_forward ON audit_head;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head;
DROP FUNCTION IF EXISTS rectiflow_audit_append_only();
DROP FUNCTION IF EXISTS rectiflow_audit_head_forward();
DO $undo$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM {APP_ROLE}', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM {APP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {APP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {APP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM {APP_ROLE}', current_schema());
    END IF;
END $undo$;
"""


def upgrade() -> None:
    op.create_table('holiday_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('workdays', sa.JSON(), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=True),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.Column('imported_at', models.tables.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_holiday_year'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TRIGGERS)
        op.execute(GRANTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UNDO)
    op.drop_table('holiday_year')
