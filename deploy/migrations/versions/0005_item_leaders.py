"""item leaders: several responsible leaders per item; a person's title

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('item_leader',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_item_leader_item_id_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_item_leader_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_leader')),
    sa.UniqueConstraint('item_id', 'person_id', name=op.f('uq_item_leader_item_id_person_id'))
    )
    with op.batch_alter_table('item_leader', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_leader_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_leader_person_id'), ['person_id'], unique=False)
    # every item's one leader so far becomes its first (and only) responsible leader
    op.execute("INSERT INTO item_leader (item_id, person_id, position) "
               "SELECT id, leader_id, 0 FROM item WHERE leader_id IS NOT NULL")

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('title')
    with op.batch_alter_table('item_leader', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_leader_person_id'))
        batch_op.drop_index(batch_op.f('ix_item_leader_item_id'))
    op.drop_table('item_leader')
