"""protocol: delegates' rank, stand-ins, excused absences, how each group is introduced

Revision ID: 0005_protocol
Revises: 0004_minutes
Create Date: 2026-11-30 09:00:00

- ``attendee.rank``: protocol order within the group. Existing rows get their
  order by id within their group (the roster's row order they were loaded in).
- ``attendee.absence_reason``, ``attendee.absence_recorded_at``: sent apologies.
- ``checkin.stand_in_name``, ``checkin.stand_in_position``: who came instead.
- ``attendee_group.introduce``, ``introduce_as``, ``summary``: how the MC reads the group.
"""
from alembic import op
import sqlalchemy as sa
import kiosk.db


revision = '0005_protocol'
down_revision = '0004_minutes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('absence_reason', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('absence_recorded_at', kiosk.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stand_in_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('stand_in_position', sa.String(length=200), nullable=True))
    with op.batch_alter_table('attendee_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('introduce', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('introduce_as', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=False, server_default=''))
    # Delegates already loaded keep the order they were loaded in: their rank is their place by id in the group.
    op.execute("UPDATE attendee SET rank = (SELECT COUNT(*) FROM attendee AS earlier "
               "WHERE earlier.group_id = attendee.group_id AND earlier.id <= attendee.id)")


def downgrade() -> None:
    with op.batch_alter_table('attendee_group', schema=None) as batch_op:
        batch_op.drop_column('summary')
        batch_op.drop_column('introduce_as')
        batch_op.drop_column('introduce')
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('stand_in_position')
        batch_op.drop_column('stand_in_name')
    with op.batch_alter_table('attendee', schema=None) as batch_op:
        batch_op.drop_column('absence_recorded_at')
        batch_op.drop_column('absence_reason')
        batch_op.drop_column('rank')
