"""The schema revision this program writes, as a constant.

The fast read paths (`flashcards due`) check a database against it without importing Alembic or
SQLAlchemy; a test keeps it equal to the migrations' single head.
"""

HEAD_REVISION = "6a0b3e7d2c18"
