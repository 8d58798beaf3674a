"""Reviews may be in mode 'anki': grades given in Anki and brought back by `flashcards import-anki`.

The log's CHECK on `reviews.mode` listed the three modes of our own quiz; a grade given in Anki and
appended to the log (it moves the schedule as a scheduled grade does, see `core.scheduling`) needs a
fourth. Only the CHECK changes: every row stays as it is (on SQLite the table is rebuilt, nothing
references `reviews`, and the runner turns foreign keys off while migrating).

A downgrade would have to drop or rewrite the Anki grades to fit the old CHECK; a learner's history is
never dropped, so it refuses while any review is in mode 'anki'.

Revision ID: 6a0b3e7d2c18
Revises: 5e7a3c2d1b08
Create Date: 2026-12-03 19:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '6a0b3e7d2c18'
down_revision: str | None = '5e7a3c2d1b08'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not read from `core.vocabulary.Mode`: a migration states the schema of its own day.
_WITH_ANKI = "mode IN ('scheduled', 'repeat', 'cram', 'anki')"
_WITHOUT_ANKI = "mode IN ('scheduled', 'repeat', 'cram')"


def _set_check(condition: str) -> None:
    with op.batch_alter_table('reviews', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint(op.f('ck_reviews_mode_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_reviews_mode_known'), sa.text(condition))


def upgrade() -> None:
    _set_check(_WITH_ANKI)


def downgrade() -> None:
    connection = op.get_bind()
    anki = connection.execute(sa.text("SELECT count(*) FROM reviews WHERE mode = 'anki'")).scalar_one()
    if anki:
        raise RuntimeError(
            f"cannot downgrade below 6a0b3e7d2c18: {anki} reviews were given in Anki (mode 'anki') and"
            " the older schema cannot hold them; a learner's history is never dropped")
    _set_check(_WITHOUT_ANKI)
