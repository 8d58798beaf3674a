"""Initial schema: decks, sources, cards (with SM-2 state), the review log, settings.

Timestamps are DateTime(timezone=True) here: the program's UTCDateTime stores through that same type.

Revision ID: 109e833c25c7
Revises: (none)
Create Date: 2026-11-28 07:29:55.457980
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '109e833c25c7'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('decks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('new_per_day', sa.Integer(), server_default='20', nullable=False),
    sa.Column('reviews_per_day', sa.Integer(), server_default='200', nullable=False),
    sa.Column('exam_date', sa.Date(), nullable=True),
    sa.Column('exam_set_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('new_per_day >= 0', name=op.f('ck_decks_new_per_day_non_negative')),
    sa.CheckConstraint('reviews_per_day >= 0', name=op.f('ck_decks_reviews_per_day_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decks')),
    sa.UniqueConstraint('name', name=op.f('uq_decks_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=1000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('front', sa.Text(), nullable=False),
    sa.Column('back', sa.Text(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('sibling_key', sa.String(length=1000), nullable=True),
    sa.Column('source_path', sa.String(length=1000), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='active', nullable=False),
    sa.Column('tags', sa.Text(), server_default='', nullable=False),
    sa.Column('repetitions', sa.Integer(), server_default='0', nullable=False),
    sa.Column('ef_hundredths', sa.Integer(), server_default='250', nullable=False),
    sa.Column('interval', sa.Integer(), server_default='0', nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('lapses', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reset_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'suspended', 'retired')", name=op.f('ck_cards_status_known')),
    sa.CheckConstraint('ef_hundredths >= 130', name=op.f('ck_cards_ef_floor')),
    sa.CheckConstraint('interval >= 0 AND interval <= 36500', name=op.f('ck_cards_interval_range')),
    sa.CheckConstraint('lapses >= 0', name=op.f('ck_cards_lapses_non_negative')),
    sa.CheckConstraint('repetitions >= 0', name=op.f('ck_cards_repetitions_non_negative')),
    sa.ForeignKeyConstraint(['deck_id'], ['decks.id'], name=op.f('fk_cards_deck_id_decks'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards')),
    sa.UniqueConstraint('key', name=op.f('uq_cards_key'))
    )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.create_index('ix_cards_queue', ['deck_id', 'status', 'due'], unique=False)
        batch_op.create_index(batch_op.f('ix_cards_sibling_key'), ['sibling_key'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('card_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deck_id'], ['decks.id'], name=op.f('fk_sources_deck_id_decks'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('path', name=op.f('uq_sources_path'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_deck_id'), ['deck_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_day', sa.Date(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('repetitions_before', sa.Integer(), nullable=False),
    sa.Column('ef_before', sa.Integer(), nullable=False),
    sa.Column('interval_before', sa.Integer(), nullable=False),
    sa.Column('due_before', sa.Date(), nullable=True),
    sa.Column('lapses_before', sa.Integer(), nullable=False),
    sa.Column('status_before', sa.String(length=12), nullable=False),
    sa.Column('repetitions_after', sa.Integer(), nullable=False),
    sa.Column('ef_after', sa.Integer(), nullable=False),
    sa.Column('interval_after', sa.Integer(), nullable=False),
    sa.Column('due_after', sa.Date(), nullable=True),
    sa.Column('lapses_after', sa.Integer(), nullable=False),
    sa.Column('status_after', sa.String(length=12), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('typed_answer', sa.Text(), nullable=True),
    sa.Column('presentation_id', sa.String(length=64), nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("mode IN ('scheduled', 'repeat', 'cram')", name=op.f('ck_reviews_mode_known')),
    sa.CheckConstraint('grade >= 0 AND grade <= 5', name=op.f('ck_reviews_grade_range')),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_reviews_card_id_cards'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('presentation_id', name=op.f('uq_reviews_presentation_id'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_card_time', ['card_id', 'reviewed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_review_day'), ['review_day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_review_day'))
        batch_op.drop_index('ix_reviews_card_time')

    op.drop_table('reviews')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_deck_id'))

    op.drop_table('sources')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cards_sibling_key'))
        batch_op.drop_index('ix_cards_queue')

    op.drop_table('cards')
    op.drop_table('settings')
    op.drop_table('decks')
