"""Remember the folders and files a learner imported, so `flashcards sync` can read them again.

Until now the collection knew each imported file (`sources`), not what the learner named on the
command line: a note added to an imported folder was never read, and a note deleted from it never
retired its cards. A source root is one folder or file given to `flashcards import`, with the deck
name its decks are made from (`notes` for the folder `~/notes`, whose `linux/shell.md` becomes the
deck `notes::linux::shell`).

Existing collections get one root per file they imported, with the deck it was read into: `sync`
then reads exactly what earlier imports read, and every card keeps its deck (and so its key and its
history). A learner who imports the folder again adds the folder as a root.

Revision ID: 4d2e8b1c9f05
Revises: 3c1f0d2b7a64
Create Date: 2026-12-03 18:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op



revision: str = '4d2e8b1c9f05'
down_revision: str | None = '3c1f0d2b7a64'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    roots = op.create_table(
        'source_roots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('path', sa.String(length=1000), nullable=False),
        sa.Column('deck', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source_roots')),
        sa.UniqueConstraint('path', name=op.f('uq_source_roots_path')),
    )
    connection = op.get_bind()
    sources = sa.table('sources', sa.column('path', sa.String()), sa.column('deck_id', sa.Integer()))
    decks = sa.table('decks', sa.column('id', sa.Integer()), sa.column('name', sa.String()))
    now = datetime.now(timezone.utc)
    rows = [{"path": path, "deck": name, "created_at": now}
            for path, name in connection.execute(
                sa.select(sources.c.path, decks.c.name).join(decks, sources.c.deck_id == decks.c.id)
                .order_by(sources.c.path))]
    if rows:
        op.bulk_insert(roots, rows)


def downgrade() -> None:
    op.drop_table('source_roots')
