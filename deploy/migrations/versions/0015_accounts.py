"""accounts: one per person, activation links and personal access tokens, sign-in events

Revision ID: 0015
Revises: 0006
Create Date: 2026-11-29 12:30:00
"""
import sqlalchemy as sa
from alembic import op

import models.tables.base

revision = '0015'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('credentials_changed_at', models.tables.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', models.tables.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.tables.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_account_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_account'))
    )
    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', models.tables.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', models.tables.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('used_at', models.tables.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', models.tables.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_account_token_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_account_token_secret_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_person_id'), ['person_id'], unique=False)

    op.create_table('auth_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', models.tables.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_auth_event_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_event'))
    )
    with op.batch_alter_table('auth_event', schema=None) as batch_op:
        batch_op.create_index('ix_auth_event_address_at', ['address', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_auth_event_login_at', ['login', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('auth_event', schema=None) as batch_op:
        batch_op.drop_index('ix_auth_event_login_at')
        batch_op.drop_index(batch_op.f('ix_auth_event_at'))
        batch_op.drop_index('ix_auth_event_address_at')

    op.drop_table('auth_event')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_person_id'))

    op.drop_table('account_token')
    op.drop_table('account')
