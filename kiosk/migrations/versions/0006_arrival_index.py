"""arrival index: a delegate's arrivals in the order the arrival rule reads them

Revision ID: 0006_arrival_index
Revises: 0005_protocol
Create Date: 2026-11-30 14:20:00

``ix_checkin_arrival`` (attendee_id, action, scanned_at, id) replaces
``ix_checkin_attendee_id``, whose one column it starts with: each delegate's
counting scan and last undo are found by a short walk of it, so counting who
arrived costs the same with a log of 100 scans or of 10,000.
"""
from alembic import op


revision = '0006_arrival_index'
down_revision = '0005_protocol'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_attendee_id'))
        batch_op.create_index('ix_checkin_arrival', ['attendee_id', 'action', 'scanned_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index('ix_checkin_arrival')
        batch_op.create_index(batch_op.f('ix_checkin_attendee_id'), ['attendee_id'], unique=False)
