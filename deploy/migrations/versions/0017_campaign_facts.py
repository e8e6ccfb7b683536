"""campaign facts a report needs (who inspected whom, when, on whose instruction); progress marked as done

Revision ID: 0017
Revises: 0015
Create Date: 2026-11-29 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inspecting_body', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('inspected_body', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('inspection_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('inspection_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('instruction', sa.Text(), nullable=True))
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('measure_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_progress_entry_measure_id_measure'), 'measure', ['measure_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_progress_entry_measure_id_measure'), type_='foreignkey')
        batch_op.drop_column('measure_id')
        batch_op.drop_column('done')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('instruction')
        batch_op.drop_column('inspection_end')
        batch_op.drop_column('inspection_start')
        batch_op.drop_column('inspected_body')
        batch_op.drop_column('inspecting_body')
