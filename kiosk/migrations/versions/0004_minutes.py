"""the minutes: who chairs the conference and who keeps its minutes

Revision ID: 0004_minutes
Revises: 0003_chair
Create Date: 2026-12-02 09:00:00.000000

Events already stored get empty names and positions (the minutes leave a
dotted line to fill in), as an event file without them would give.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_minutes'
down_revision = '0003_chair'
branch_labels = None
depends_on = None

FIELDS = ('chair_name', 'chair_title', 'secretary_name', 'secretary_title')


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        for name in FIELDS:
            batch_op.add_column(sa.Column(name, sa.String(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        for name in reversed(FIELDS):
            batch_op.drop_column(name)
