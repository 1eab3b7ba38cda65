"""Storage: SQLAlchemy 2 engine, a session per request, the declarative base.

SQLite (WAL) is the embedded default; a ``DATABASE_URL`` selects PostgreSQL.
Commits on SQLite do not wait for the disk themselves (``synchronous=NORMAL``):
:meth:`Database.wait_durable`, which the boundary calls before anything is
answered, waits for one sync of the WAL shared by the commits made meanwhile
(kiosk.durable). So what was acknowledged survives a killed server and a
power cut alike.
The check-in's hot path runs its statements through :class:`PlainStatement`:
Core statements, compiled once and executed on the DBAPI cursor.
This module imports no Flask: the CLI, benchmarks and tests use it directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import ClauseElement, DateTime, Dialect, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, scoped_session, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import ReturnsRows
from sqlalchemy.types import TypeDecorator

from kiosk.durable import GroupSync, SyncProcess
from kiosk.offload import gevent_serves, let_others_run

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes, also on SQLite (which stores no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy reads it off the class)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            # In WAL mode the WAL is synced by Database.wait_durable. A file system without WAL (SQLite keeps
            # its rollback journal, and there is no WAL to sync) commits with every sync SQLite knows.
            cursor.execute("PRAGMA synchronous=NORMAL" if mode == "wal" else "PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if url.startswith("postgresql+psycopg"):
        _refuse_blocking_psycopg()
    return create_engine(url, pool_pre_ping=True)


def _refuse_blocking_psycopg() -> None:
    """Under gevent, psycopg must wait for PostgreSQL in gevent's loop, not in C.

    psycopg 3.1.14+ does so by itself when gevent patched the standard library
    before psycopg was imported (``kiosk serve`` patches first); otherwise one
    slow query would stall every screen and desk served by the process.
    """
    try:
        from gevent import monkey
    except ImportError:
        return
    if not monkey.is_module_patched("socket"):
        return
    from psycopg import waiting

    if waiting.wait is getattr(waiting, "wait_c", None):
        raise RuntimeError("psycopg waits in C under gevent: install psycopg>=3.1.14 and import it only after "
                           "gevent's monkey.patch_all() (as `kiosk serve` does)")


class Database:
    """One database: its engine and a scoped session (one per thread or greenlet).

    Each application holds its own (``app.extensions["kiosk.db"]``, reached
    from views through kiosk.extensions.db), and so does each command: two
    applications in one process never share an engine. Sessions never commit
    by themselves; kiosk.boundary does, once per request or command.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self.session: scoped_session[Session] = scoped_session(
            sessionmaker(bind=self.engine, expire_on_commit=False))
        database_file = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        self._wal: GroupSync | None = None
        self._sync_process: SyncProcess | None = None
        if database_file and database_file != ":memory:":
            wal = Path(f"{database_file}-wal")
            self._sync_process = SyncProcess(wal) if gevent_serves() else None  # the loop must not wait for the disk
            self._wal = GroupSync(wal, sync=self._sync_process, pause=let_others_run)

    def wait_durable(self) -> None:
        """Return once every commit made so far is on disk (on SQLite: a shared sync of the WAL; PostgreSQL's
        commit waited already)."""
        if self._wal is not None:
            self._wal.wait()

    def dispose(self) -> None:
        self.session.remove()
        self.engine.dispose()
        if self._sync_process is not None:
            self._sync_process.close()


@cache  # a column's type is found through several descriptors; asked on every request that reads a field
def column_limit(attribute: object) -> int:
    """The most characters a string column holds (``column_limit(Attendee.full_name)`` → 200): one definition."""
    length = getattr(getattr(attribute, "type", None), "length", None)
    if not isinstance(length, int):
        raise TypeError(f"{attribute} is not a string column with a length")
    return length


class PlainStatement:
    """A Core statement compiled once per dialect and run straight on the DBAPI cursor of a session's connection.

    For the check-in's hot path, where SQLAlchemy's work around a statement
    (its cache key, the execution context, the result object) cost three to five
    times what the database did. The statement stays the one definition, built
    with Core as everywhere else; only its execution is plain. Parameters and
    results pass through the columns' own type processors, so values are what an
    ORM query gives (UTC datetimes, booleans, JSON). Rows are plain tuples, in the
    order of the statement's columns (or of its RETURNING). It must not depend on
    rows the session holds unflushed (it does not flush), and a write through it
    must be noted (kiosk.changes.write_plainly).
    """

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, frozenset[str]], _Compiled] = {}

    def rows(self, session: Session, parameters: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        parameters = parameters or {}
        dialect, dbapi_connection = _dbapi_connection(session)
        key = (dialect.name, frozenset(parameters))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _Compiled(self.statement, dialect, parameters)
        return compiled.run(dbapi_connection, parameters)

    def first(self, session: Session, parameters: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        rows = self.rows(session, parameters)
        return rows[0] if rows else None

    def scalar(self, session: Session, parameters: Mapping[str, Any] | None = None) -> Any:
        row = self.first(session, parameters)
        return None if row is None else row[0]


_DBAPI_CONNECTION = "kiosk.dbapi_connection"


def _dbapi_connection(session: Session) -> tuple[Dialect, Any]:
    """The dialect and DBAPI connection of ``session``'s transaction (begun if need be), asked once a transaction."""
    found: tuple[Dialect, Any] | None = session.info.get(_DBAPI_CONNECTION)
    if found is None:
        connection = session.connection()
        found = session.info[_DBAPI_CONNECTION] = (connection.dialect, connection.connection.dbapi_connection)
    return found


@event.listens_for(Session, "after_transaction_end")
def _forget_dbapi_connection(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the connection goes back to the pool with the outermost transaction
        session.info.pop(_DBAPI_CONNECTION, None)


class _Compiled:
    """One :class:`PlainStatement` for one dialect and one set of parameter names."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, parameters: Mapping[str, Any]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(parameters))
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self.defaults = compiled.params  # the statement's own literals ("in", LIMIT 1)
        self.names = compiled.positiontup  # None for a dialect with named parameters (psycopg)
        self.binds = {name: processor for name, bind in compiled.binds.items()
                      if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
        columns = statement.exported_columns if isinstance(statement, ReturnsRows) else ()
        self.results = [(index, processor) for index, column in enumerate(columns)
                        if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))
                        is not None]

    def run(self, dbapi_connection: Any, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        values = {**self.defaults, **parameters}
        for name, processor in self.binds.items():
            values[name] = processor(values[name])
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, values if self.names is None else [values[name] for name in self.names])
            rows = cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()
        if not self.results:
            return rows
        processed = []
        for row in rows:
            row = list(row)
            for index, processor in self.results:
                row[index] = processor(row[index])
            processed.append(tuple(row))
        return processed

