"""The schema revision this program writes, as a constant.

The fast read paths (`flashcards due`) check a database against it without importing Alembic or
SQLAlchemy; a test keeps it equal to the migrations' single head.
"""

HEAD_REVISION = "7b1c4f9e3a27"
