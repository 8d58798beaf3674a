"""Alembic environment for flashcards.

The program upgrades on one shared connection (Alembic cookbook: "Sharing a Connection"): when
`config.attributes["connection"]` is set, migrations run on it, inside the caller's transaction, with
the caller's pragmas (SQLite foreign keys off). Only the `alembic` command line builds its own engine.
`render_as_batch` makes ALTERs work on SQLite (it only takes effect there).
"""

from __future__ import annotations

from alembic import context

from flashcards.storage.models import Base, compared_on

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=compared_on(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    from flashcards.storage.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"), foreign_keys_enabled=False)
    try:
        with engine.connect() as own_connection:
            with own_connection.begin():
                _run_on(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
