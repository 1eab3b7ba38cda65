"""sessions that can be ended: auth_session

Revision ID: 0002_sessions
Revises: 0001
Create Date: 2026-11-26 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import kiosk.db


revision = '0002_sessions'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auth_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('proven', sa.JSON(), nullable=False),
    sa.Column('created_at', kiosk.db.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', kiosk.db.UTCDateTime(), nullable=False),
    sa.Column('ended_at', kiosk.db.UTCDateTime(), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_auth_session_key_hash'))
    )


def downgrade() -> None:
    op.drop_table('auth_session')
