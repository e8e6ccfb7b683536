"""an index for the ledger's order (campaign, position): a page of the board reads 50 rows, not a sorted ledger

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 07:30:00
"""
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_item_campaign_position', 'item', ['campaign_id', 'position'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_item_campaign_position', table_name='item')
