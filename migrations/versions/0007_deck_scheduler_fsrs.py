"""A deck chooses its scheduler (SM-2 or FSRS); an FSRS card keeps its memory state.

`decks.scheduler` is 'sm2' (every existing deck, and the default) or 'fsrs'; `desired_retention` is
FSRS's target recall (default 0.90, Anki's bounds 0.70..0.99); `fsrs_parameters` holds the parameters
`flashcards optimize` fitted to the deck's log (a JSON list; NULL: py-fsrs's defaults). A card of an
FSRS deck keeps FSRS's memory state beside n, EF and I: `fsrs_stability`, `fsrs_difficulty` and
`fsrs_reviewed_on`, the review day that set them (all NULL under SM-2). Nothing existing changes
value: every deck stays on SM-2, so every card already equals its replay. The runner backs the
database up before this runs (storage/migrate.py), as for every upgrade.

A downgrade would leave FSRS intervals on cards that the older program replays under SM-2, so it
refuses while any deck uses FSRS (switch it back with `decks set DECK --scheduler sm2`, which replays
its log under SM-2, first). The reviews table is not touched either way.

Revision ID: 7b1c4f9e3a27
Revises: 6a0b3e7d2c18
Create Date: 2026-12-04 18:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '7b1c4f9e3a27'
down_revision: str | None = '6a0b3e7d2c18'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CARD_COLUMNS = ('fsrs_stability', 'fsrs_difficulty', 'fsrs_reviewed_on')


def upgrade() -> None:
    with op.batch_alter_table('decks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduler', sa.String(length=8), server_default='sm2', nullable=False))
        batch_op.add_column(sa.Column('desired_retention', sa.Float(), server_default='0.9', nullable=False))
        batch_op.add_column(sa.Column('fsrs_parameters', sa.JSON(), nullable=True))
        batch_op.create_check_constraint('scheduler_known', "scheduler IN ('sm2', 'fsrs')")
        batch_op.create_check_constraint(
            'retention_range', 'desired_retention >= 0.7 AND desired_retention <= 0.99')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fsrs_stability', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('fsrs_difficulty', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('fsrs_reviewed_on', sa.Date(), nullable=True))


def downgrade() -> None:
    connection = op.get_bind()
    fsrs = connection.execute(sa.text("SELECT count(*) FROM decks WHERE scheduler = 'fsrs'")).scalar_one()
    if fsrs:
        raise RuntimeError(
            f"cannot downgrade below 7b1c4f9e3a27: {fsrs} {'deck uses' if fsrs == 1 else 'decks use'} FSRS and"
            " the older schema replays every"
            " card under SM-2; switch them back first (flashcards decks set DECK --scheduler sm2)")
    with op.batch_alter_table('cards', schema=None) as batch_op:
        for column in reversed(_CARD_COLUMNS):
            batch_op.drop_column(column)
    with op.batch_alter_table('decks', schema=None) as batch_op:
        batch_op.drop_constraint('retention_range', type_='check')
        batch_op.drop_constraint('scheduler_known', type_='check')
        batch_op.drop_column('fsrs_parameters')
        batch_op.drop_column('desired_retention')
        batch_op.drop_column('scheduler')
