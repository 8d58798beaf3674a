"""Store each card's Anki note GUID (kept when its key changes) and which extractor read each source.

Until now the GUID was worked out from the card key at every export. A card keeps its id and history
when its key changes (moved to another section; re-keyed when the extractor reads the same item as
another kind or with another anchor), and with a derived GUID Anki then got a second note for it. The
GUID is now assigned once, when the card is created, and stored.

Existing cards get exactly the GUID every earlier export gave them (genanki's `guid_for(key)`), so a
collection already exported to Anki goes on updating the same notes. The function is copied here,
frozen, rather than imported: a migration must do tomorrow what it did the day it was written.

`sources.extractor` names the extractor that read the file last (a fingerprint of its rules). An
import skipped a file whose content and deck had not changed, so a learner who upgraded the program
never saw what the new extractor reads in old notes; a file read by another extractor is now read
again (its cards re-keyed, never retired, where the item is the same). Existing sources get NULL:
the first import after this upgrade reads every file once more.

Revision ID: 5afe9aacf826
Revises: 109e833c25c7
Create Date: 2026-12-02 07:20:00.000000
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5afe9aacf826'
down_revision: str | None = '109e833c25c7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def guid_for_key(key: str) -> str:
    """genanki 0.13's `guid_for(key)`: the first 8 bytes of SHA-256, in Anki's base91."""
    number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    digits = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def upgrade() -> None:
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guid', sa.String(length=20), nullable=True))
    cards = sa.table('cards', sa.column('id', sa.Integer()), sa.column('key', sa.String()),
                     sa.column('guid', sa.String()))
    connection = op.get_bind()
    rows = [{"card_id": card_id, "new_guid": guid_for_key(key)}
            for card_id, key in connection.execute(sa.select(cards.c.id, cards.c.key))]
    if rows:
        connection.execute(
            cards.update().where(cards.c.id == sa.bindparam("card_id")).values(guid=sa.bindparam("new_guid")),
            rows,
        )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.alter_column('guid', existing_type=sa.String(length=20), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_cards_guid'), ['guid'])
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extractor', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('extractor')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cards_guid'), type_='unique')
        batch_op.drop_column('guid')
