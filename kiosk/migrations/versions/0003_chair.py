"""the chair finishes on time: the fit floor and saved messages of an event, retry-safe clock commands

Revision ID: 0003_chair
Revises: 0002_sessions
Create Date: 2026-11-30 07:39:39.468635

Events already stored get the defaults their event file would have given:
a 5-minute floor and the two messages the chair's page used to offer.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_chair'
down_revision = '0002_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fit_floor_seconds', sa.Integer(), nullable=False, server_default='300'))
        batch_op.add_column(sa.Column('quick_messages', sa.JSON(), nullable=False,
                                      server_default='["Còn 2 phút", "Đề nghị kết thúc"]'))

    with op.batch_alter_table('timer_transition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=80), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_timer_transition_client_id'), ['client_id'])


def downgrade() -> None:
    with op.batch_alter_table('timer_transition', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_timer_transition_client_id'), type_='unique')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('quick_messages')
        batch_op.drop_column('fit_floor_seconds')
