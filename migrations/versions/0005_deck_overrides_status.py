"""Decks' daily limits become overrides of a collection-wide budget, and a deck gets a status.

Until now every deck had its own 20 new cards and 200 reviews a day, so a folder of ten notes files
gave 200 new cards a day. The budget is now the collection's (settings `new_per_day`,
`reviews_per_day`, defaults 20 and 200), shared across decks; a deck's own `new_per_day` /
`reviews_per_day` only caps its share, and NULL means it has no cap of its own. No command could set
a deck's limits before this revision, so a value equal to the old default is not a choice the
learner made: it becomes NULL. Any other value (written by hand) stays, as an override.

`status` pauses a deck (`suspended`, its cards keep their own status) or retires it (`retired`, its
cards retired with their history kept); both take the deck out of the day's plan. The words are the
cards' (`core.vocabulary.Status`).

Downgrading gives every deck without an override the old defaults back and drops the status: a
suspended deck is studied again (its cards were never touched), a retired deck's cards stay retired.

Revision ID: 5e7a3c2d1b08
Revises: 4d2e8b1c9f05
Create Date: 2026-12-03 19:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5e7a3c2d1b08'
down_revision: str | None = '4d2e8b1c9f05'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_DEFAULTS = {'new_per_day': 20, 'reviews_per_day': 200}


def upgrade() -> None:
    with op.batch_alter_table('decks', schema=None) as batch_op:
        for column in _OLD_DEFAULTS:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=True, server_default=None)
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='active', nullable=False))
        batch_op.create_check_constraint(
            'status_known', "status IN ('active', 'suspended', 'retired')")
    for column, old in _OLD_DEFAULTS.items():
        op.execute(f"UPDATE decks SET {column} = NULL WHERE {column} = {old}")


def downgrade() -> None:
    for column, old in _OLD_DEFAULTS.items():
        op.execute(f"UPDATE decks SET {column} = {old} WHERE {column} IS NULL")
    with op.batch_alter_table('decks', schema=None) as batch_op:
        batch_op.drop_constraint('status_known', type_='check')
        batch_op.drop_column('status')
        for column, old in _OLD_DEFAULTS.items():
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False, server_default=str(old))
