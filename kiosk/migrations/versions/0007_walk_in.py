"""walk-in: a delegate registered at a desk is marked so

Revision ID: 0007_walk_in
Revises: 0006_arrival_index
Create Date: 2026-12-01 03:20:00

``attendee.walk_in``: registered at a desk rather than from the list. A desk
that undoes such a delegate's only arrival may withdraw the registration with
it (a walk-in registered by mistake is not listed absent in the minutes).
Delegates registered at a desk before this revision stay unmarked (the
organiser revokes a mistaken one in /admin, as before).
"""
import sqlalchemy as sa
from alembic import op


revision = '0007_walk_in'
down_revision = '0006_arrival_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('walk_in', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.drop_column('walk_in')
