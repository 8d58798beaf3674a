"""The schema revision this program writes, as a constant.

The fast read paths (`flashcards due`) check a database against it without importing Alembic or
SQLAlchemy; a test keeps it equal to the migrations' single head.
"""

HEAD_REVISION = "5e7a3c2d1b08"
