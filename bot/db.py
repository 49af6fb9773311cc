"""The database: one declarative base, engines, sessions and UTC times."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, make_url
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so a naive value read back is taken as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")

        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Any
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)

        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """The one declarative base for the framework's and the domain's tables."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy's "begin" event below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys.

    Its errors never show the values of a statement's parameters: they hold
    names, phone numbers and addresses, and errors end up in logs.
    """
    if url.startswith("sqlite"):
        _make_folder(url)
        engine = create_engine(url, connect_args={"timeout": 10}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Take the write lock when a transaction starts, so that concurrent
        # writers wait for each other (busy_timeout) instead of failing when
        # a reader upgrades to a writer halfway.
        event.listen(
            engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE")
        )
        return engine

    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


def _make_folder(url: str) -> None:
    """Create the folder of an SQLite file, such as ``var/``, if it is missing."""
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def insert_ignoring(
    session: Session,
    table: type[Base],
    rows: list[dict[str, Any]],
    keys: list[str],
) -> int:
    """Insert ``rows``, skipping those that clash on the unique ``keys``.

    Returns how many were inserted. One statement, executed for many rows at
    once (SQLAlchemy batches them), for SQLite and PostgreSQL.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    statement = _insert_ignoring(table, tuple(keys), dialect)

    # Core, not the ORM's bulk path: these rows need no objects.
    return len(session.connection().execute(statement, rows).all())


@functools.cache
def _insert_ignoring(table: type[Base], keys: tuple[str, ...], dialect: str) -> Any:
    """The statement for :func:`insert_ignoring`, built once per table."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert

    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(table.__table__.c[keys[0]])  # rowcount is not reliable
    )
