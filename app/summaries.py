"""Precomputed tables kept in step with the session's writes, in the same transaction.

A `Keeper` stands for one area's precomputed tables. It names the models whose rows change
them (`watch`), how the ids those rows name become the keys its rows are recomputed by
(`resolve`), and how to recompute the rows of those keys (`refresh`) or of everything
(`rebuild`).

- After each flush, the ids named by the flushed rows of the watched models (a decision names
  its case, a certificate unit its certificate, ...) are collected, while the session still
  knows what the rows held before, and once the flush is written, each keeper recomputes the
  rows of what they touched, before anything reads them.
- Bulk INSERT, UPDATE and DELETE statements sent through the session skip the flush
  (anonymisation's do). The rows an UPDATE or DELETE matches are read before the statement,
  and again after an UPDATE, and resolved before the statement runs: a DELETE may remove the
  rows that lead from its ids to the keys. An INSERT's keys come from its parameters; one whose
  keys cannot be read that way (from a SELECT, or without them) rebuilds everything.
- Rows written past the session (raw SQL on a connection, the benchmark's generator) are not
  seen: the writer calls `rebuild_summaries()` (or the area's `rebuild_*` function).

An area's `init_app` installs its keeper with `KEEPER.install()`. Session events belong to the
`Session` class, not to an application: the listeners below follow every session of the process
from the first install on, and the keepers are kept for the whole process (`KEEPERS`), each
once, however many applications are built.

Each keeper has a generation (`summary_generations`): a token that changes with every
transaction in which the keeper recomputed anything, committed with it. Figures computed from a
keeper's tables may be cached under its generation (`generation(connection, name)`): the
moment a write commits, the generation is new and no cached figure of before is read again.
The token is random, never a count, so that a transaction rolled back (a test's) leaves no
number behind that a later one could reach again with other figures. A session's own
transaction, once it has changed a keeper's tables, reads no cache until it ends
(`has_pending_changes`): its figures are not yet anyone else's.
"""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from app.areas import listen
from app.extensions import db

CHUNK = 500  # ids per statement: far below every database's limit on parameters

Touched = dict[str, set[int]]


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    """The ids in order, CHUNK at a time."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def insert_rows(connection, table: sa.Table, query: sa.Select) -> None:
    """INSERT ... SELECT of `query`'s columns into `table`."""
    connection.execute(table.insert().from_select(list(query.selected_columns.keys()), query))


def lock(connection, model, ids: Iterable[int]) -> None:
    """On PostgreSQL, hold these rows of `model` (in id order) until the transaction ends.

    Two transactions recomputing the rows of one key would otherwise each recompute from a
    snapshot missing the other's writes: the last to commit would leave its stale rows, or
    fail on a primary key the other inserted;
    waiting here, the second reads only after the first has committed (read committed). The
    lock leaves the row's key alone (NO KEY UPDATE), so rows that only refer to it (audit lines,
    journal entries) are never held up.
    """
    if connection.dialect.name != "postgresql":
        return  # SQLite lets one writer at a time
    for chunk in chunks(ids):
        query = sa.select(model.id).where(model.id.in_(chunk)).order_by(model.id)
        connection.execute(query.with_for_update(key_share=True))


@dataclass(frozen=True)
class Watch:
    """A model whose rows change a keeper's tables.

    `keys`: (kind, attribute) pairs naming the ids a row touches (the kinds are the keeper's);
    `changes`: the attributes whose update matters; new rows matter when `on_insert`, and
    deleted rows always do; `parents`: (relationship, kind, attribute) read from a parent
    already in memory, for a child deleted together with its parent.
    """

    model: type
    keys: tuple[tuple[str, str], ...]
    changes: tuple[str, ...]
    parents: tuple[tuple[str, str, str], ...] = ()
    on_insert: bool = True


class SummaryGeneration(db.Model):
    """The generation of one keeper's tables (see the module's text)."""

    __tablename__ = "summary_generations"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    token: Mapped[int] = mapped_column(sa.BigInteger)


def generation(connection, name: str) -> int:
    """The keeper `name`'s generation as this connection sees it (0: never changed)."""
    table = SummaryGeneration.__table__
    query = sa.select(table.c.token).where(table.c.name == name)
    return connection.execute(query).scalar() or 0


def new_generation(connection, name: str) -> None:
    """Give the keeper `name` a new generation, in the connection's transaction."""
    table = SummaryGeneration.__table__
    token = secrets.randbits(62) + 1
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(name=name, token=token)
    statement = statement.on_conflict_do_update(index_elements=["name"], set_={"token": token})
    connection.execute(statement)


PENDING_GENERATIONS = "summaries.new_generations"


def has_pending_changes(session) -> bool:
    """True while the session's transaction has changed a keeper's tables and not committed."""
    return bool(session.info.get(PENDING_GENERATIONS))


def _changed(session, keeper: Keeper) -> None:
    """The session's transaction changed the keeper's tables: a new generation at its commit.

    Taken at the commit, not at each flush: the generation's row is locked from its update to
    the commit, so it is the last lock a transaction takes and is held for a moment only."""
    session.info.setdefault(PENDING_GENERATIONS, set()).add(keeper.name)


def _changed_on(connection, keeper: Keeper) -> None:
    """`_changed` for rows written on a connection: at the session's commit when it is the
    session's connection (a bulk import's), else at once in the connection's transaction."""
    session = db.session()
    if session.in_transaction() and session.connection() is connection:
        _changed(session, keeper)
    else:
        new_generation(connection, keeper.name)


def _new_generations(session) -> None:
    """Before the commit: the last flush first (it may change the tables), then a new
    generation for each keeper whose tables changed."""
    session.flush()
    names = session.info.pop(PENDING_GENERATIONS, None)
    if names:
        connection = session.connection()
        for name in sorted(names):
            new_generation(connection, name)


def _transaction_ended(session, transaction) -> None:
    """A rolled-back transaction's changes are gone: so is its need for new generations."""
    if transaction.parent is None:
        session.info.pop(PENDING_GENERATIONS, None)


def _identity(connection, touched: Touched) -> Touched:
    return touched


@dataclass(eq=False)
class Keeper:
    """One area's precomputed tables (see the module's docstring).

    `sources(keeper)` calls `keeper.watch(...)` for every model the tables read; it runs on
    first use, when every area's models are imported. `refresh(connection, touched)`
    recomputes the rows of the touched ids; `resolve(connection, touched)` turns ids into the
    keys `refresh` takes while the rows leading to them still exist (by default the ids are
    the keys); `rebuild(connection)` recomputes every row.
    """

    name: str
    sources: Callable[[Keeper], None]
    refresh: Callable[[sa.Connection, Touched], None]
    rebuild: Callable[[sa.Connection], None]
    resolve: Callable[[sa.Connection, Touched], Touched] = _identity
    by_class: dict[type, list[Watch]] = field(default_factory=lambda: defaultdict(list))
    by_table: dict[str, list[Watch]] = field(default_factory=lambda: defaultdict(list))
    _ready: bool = False
    _first_use: threading.Lock = field(default_factory=threading.Lock)

    def install(self) -> None:
        """Keep the tables in step from now on, in every session of the process (once)."""
        listen("after_flush", _collect)
        listen("after_flush_postexec", _recompute)
        listen("do_orm_execute", _follow_bulk_changes)
        listen("before_commit", _new_generations)
        listen("after_transaction_end", _transaction_ended)
        if self not in KEEPERS:
            KEEPERS.append(self)

    @property
    def pending(self) -> str:
        return f"summaries.pending.{self.name}"

    def watch(self, model, keys, changes, parents=(), *, on_insert: bool = True) -> None:
        """Recompute the tables when rows of `model` change (see `Watch`)."""
        item = Watch(model, tuple(keys), tuple(changes), tuple(parents), on_insert)
        self.by_class[model].append(item)
        self.by_table[model.__table__.name].append(item)

    def watches(self) -> dict[type, list[Watch]]:
        if not self._ready:
            with self._first_use:
                if not self._ready:
                    self.sources(self)
                    self._ready = True
        return self.by_class

    def watching(self, table_name: str | None) -> list[Watch]:
        self.watches()
        return self.by_table.get(table_name, []) if table_name else []


KEEPERS: list[Keeper] = []  # installed keepers, in the order of the areas that installed them


def rebuild_summaries(connection=None) -> None:
    """Recompute every keeper's tables from scratch (after rows were written past the
    session), each with a new generation."""
    connection = connection or db.session.connection()
    for keeper in KEEPERS:
        keeper.rebuild(connection)
        new_generation(connection, keeper.name)


# --- following the flush --------------------------------------------------------------


def _values(state, attribute: str) -> set:
    """The attribute's value now and before this flush (no SQL: unloaded gives nothing)."""
    history = state.attrs[attribute].history
    values = (*history.added, *history.unchanged, *history.deleted, state.dict.get(attribute))
    return {v for v in values if v is not None}


def _touched_by(obj, item: Watch, *, how: str, into: Touched) -> None:
    state = sa.inspect(obj)
    if how == "new" and not item.on_insert:
        return
    if how == "dirty" and not any(state.attrs[a].history.has_changes() for a in item.changes):
        return
    for kind, attribute in item.keys:
        into[kind].update(_values(state, attribute))
    for relationship, kind, attribute in item.parents:
        parent = state.dict.get(relationship)
        if parent is not None:
            into[kind].update(_values(sa.inspect(parent), attribute))


def _collect(session, flush_context) -> None:
    """Note what the flush touched, while the session still knows what it was."""
    flushed = ((session.new, "new"), (session.dirty, "dirty"), (session.deleted, "gone"))
    for keeper in KEEPERS:
        watches = keeper.watches()
        touched: Touched = session.info.get(keeper.pending) or defaultdict(set)
        for objects, how in flushed:
            for obj in objects:
                for item in watches.get(type(obj), ()):
                    _touched_by(obj, item, how=how, into=touched)
        if any(touched.values()):
            session.info[keeper.pending] = touched


def _recompute(session, flush_context) -> None:
    """Recompute the touched rows in the flush's transaction, before anything reads them."""
    for keeper in KEEPERS:
        touched = session.info.pop(keeper.pending, None)
        if touched:
            keeper.refresh(session.connection(), touched)
            _changed(session, keeper)


# --- following bulk statements --------------------------------------------------------


def _keys_where(connection, items: list[Watch], where) -> Touched:
    """The ids named by the rows of the watched table that `where` matches now."""
    keys: Touched = defaultdict(set)
    table = items[0].model.__table__
    pairs = [pair for item in items for pair in item.keys]
    query = sa.select(*(table.c[attribute] for _kind, attribute in pairs))
    if where is not None:
        query = query.where(where)
    for row in connection.execute(query):
        for (kind, _attribute), value in zip(pairs, row, strict=True):
            if value is not None:
                keys[kind].add(value)
    return keys


def _merged(first: Touched, second: Touched) -> Touched:
    merged: Touched = defaultdict(set)
    for touched in (first, second):
        for kind, ids in touched.items():
            merged[kind].update(ids)
    return merged


def _inserted_keys(items: list[Watch], parameters) -> Touched | None:
    """The ids rows inserted from parameters name; None when they cannot all be read."""
    inserted = parameters if isinstance(parameters, list | tuple) else [parameters or {}]
    touched: Touched = defaultdict(set)
    for item in items:
        if not item.on_insert:
            continue
        for row in inserted:
            for kind, attribute in item.keys:
                if row.get(attribute) is None:
                    return None
                touched[kind].add(row[attribute])
    return touched


def _follow_bulk_changes(state):
    """A bulk INSERT, UPDATE or DELETE of a watched table: recompute the rows it touched."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    concerned = [(k, items) for k in KEEPERS if (items := k.watching(name))]
    if not concerned:
        return None
    session = state.session
    if session.autoflush:
        session.flush()  # the rows matched below are those the statement will change
    connection = session.connection()
    if state.is_insert:
        result = state.invoke_statement()
        for keeper, items in concerned:
            touched = _inserted_keys(items, state.parameters)
            if touched is None:
                keeper.rebuild(connection)
            elif any(touched.values()):
                keeper.refresh(connection, touched)
            _changed(session, keeper)
        return result
    where = state.statement.whereclause
    before = [
        k.resolve(connection, _keys_where(connection, items, where)) for k, items in concerned
    ]
    result = state.invoke_statement()
    for (keeper, items), touched in zip(concerned, before, strict=True):
        if state.is_update:
            touched = _merged(
                touched, keeper.resolve(connection, _keys_where(connection, items, where))
            )
        if any(touched.values()):
            keeper.refresh(connection, touched)
            _changed(session, keeper)
    return result


def follow_inserted(connection, table: sa.Table, rows: list[dict]) -> None:
    """Rows inserted past the session, each with its id (a bulk import's, written with one
    INSERT ... RETURNING per batch): recompute what they touch, as the session's INSERTs are."""
    for keeper in KEEPERS:
        items = keeper.watching(table.name)
        if not items:
            continue
        touched = _inserted_keys(items, rows)
        if touched is None:
            keeper.rebuild(connection)
        elif any(touched.values()):
            keeper.refresh(connection, touched)
        _changed_on(connection, keeper)
