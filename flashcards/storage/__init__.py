"""The storage shell: SQLAlchemy models, the engine factory, Alembic upgrades and the store's queries."""
