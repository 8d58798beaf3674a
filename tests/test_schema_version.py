"""The constant used by the fast read paths equals the migrations' single head."""

from flashcards.storage.migrate import script_heads
from flashcards.storage.schema_version import HEAD_REVISION


def test_head_constant_matches_migrations() -> None:
    heads, _ = script_heads()
    assert heads == {HEAD_REVISION}
