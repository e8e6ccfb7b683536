"""ledgers as offices keep them: nested problems, amounts, targets beside measures, a campaign's column mapping

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('problem_amount', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('rectified_amount', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('cooperating_as_written', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), nullable=False, server_default='measure'))
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('column_mapping', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('column_mapping')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('kind')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('cooperating_as_written')
        batch_op.drop_column('rectified_amount')
        batch_op.drop_column('problem_amount')
        batch_op.drop_column('parent_text')
