"""`day_rows.Run` on a SQLAlchemy session: the full path's way of running the shared SQL text."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from flashcards.storage.day_rows import Row, Run


def session_runner(session: Session) -> Run:
    """Run one of `day_rows`' SQL texts in `session`.

    Dates are bound as DATE, not as ISO strings: the SQL compares them with DATE columns, and on
    PostgreSQL `date <= text` is an error unless the driver happens to send strings untyped. On SQLite
    a DATE binds as that same ISO string, so both paths compare the same values.
    """
    def run(sql: str, params: Mapping[str, object]) -> list[Row]:
        statement = text(sql)
        dated = [bindparam(key, type_=Date) for key, value in params.items()
                 if isinstance(value, date) and f":{key}" in sql]
        if dated:
            statement = statement.bindparams(*dated)
        used = {key: value for key, value in params.items() if f":{key}" in sql}
        return [tuple(row) for row in session.execute(statement, used)]
    return run
