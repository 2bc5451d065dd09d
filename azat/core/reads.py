"""Reads of one record's rows whose SQL is built once, not on every request.

A page such as the case page reads a dozen short lists of one case (consents, events, notes, plan,
referrals, services ...). Each is an ordinary queryset, but the ORM builds its SQL again on every
request, and for a list of a few rows that costs more than the database does: on the benchmark's
case page, building SQL was about a sixth of the request (docs/adr/0007).

`ReadById` keeps the queryset as the one place that says what is read (filters, columns,
`select_related`, ordering, prefetches), compiles it the first time, and then sends the same SQL
with the new id. Rows become model instances the way Django's own iterator makes them (its
converters, `from_db`, the fetch mode's peers, related populators, then the prefetches), so a
caller cannot tell the difference, and the read is counted and logged like any other query.

Only a read whose one parameter is the integer id it is called with is accepted: its SQL does not
depend on the value. Anything else is refused at its first use, so a test of the page catches it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models.query import ModelIterable, get_related_populators, prefetch_related_objects
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Compiled:
    alias: str
    connection: Any  # the compiled form holds this connection's converters
    sql: str
    compiler: SQLCompiler
    converters: dict[int, Any]
    model: type[models.Model]
    init_list: list[str]
    start: int
    end: int
    related: list[Any]
    annotations: dict[str, int]
    prefetch: tuple[Any, ...]
    fetch_mode: Any


class ReadById[M: models.Model]:
    """``build(pk)`` returns the queryset, the same for every id but the id; calling the read
    with ``pk`` returns its rows. ``build`` runs once per thread (and again after the database
    connection is replaced), so access decisions belong to the caller, not in ``build``."""

    def __init__(self, build: Callable[[int], models.QuerySet[M]]) -> None:
        self._build = build
        self._local = threading.local()  # a connection belongs to one thread

    def __call__(self, pk: int) -> list[M]:
        if type(pk) is not int:
            raise TypeError(f"ReadById takes an integer id, not {type(pk).__name__}.")
        compiled: _Compiled | None = getattr(self._local, "compiled", None)
        if compiled is None or connections[compiled.alias] is not compiled.connection:
            compiled = self._local.compiled = _compile(self._build(pk), pk)
        alias, connection = compiled.alias, compiled.connection
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, (pk,))
            rows: Iterable[Any] = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        objects = []
        peers: list[weakref.ref[models.Model]] = []
        for row in rows:
            obj = compiled.model.from_db(
                alias, compiled.init_list, row[compiled.start : compiled.end],
                fetch_mode=compiled.fetch_mode,
            )  # fmt: skip
            if compiled.fetch_mode.track_peers:  # FETCH_PEERS: a lazy load fills every row
                peers.append(weakref.ref(obj))
                obj._state.peers = peers
            for populator in compiled.related:
                populator.populate(row, obj)
            for name, position in compiled.annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        if compiled.prefetch and objects:
            prefetch_related_objects(objects, *compiled.prefetch)
        return objects  # type: ignore[return-value]


def _compile(queryset: Any, pk: int) -> _Compiled:
    """What Django's `ModelIterable` works out on every iteration, worked out once, from the
    same queryset attributes it reads (private ones included: the stubs do not know them)."""
    if (
        queryset._iterable_class is not ModelIterable
        or queryset._known_related_objects
        or queryset._result_cache is not None
        or queryset.query.is_empty()
    ):
        raise TypeError("ReadById reads model instances from a fresh queryset of a manager.")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if tuple(params) != (pk,):
        raise TypeError(
            f"ReadById needs a read whose only parameter is the id; this one has {params!r}."
        )
    select, klass_info = compiler.select, compiler.klass_info
    fields = [column[0] for column in select[: compiler.col_count]]
    if klass_info is None or compiler.has_composite_fields(fields):
        raise TypeError("ReadById reads rows of one model with a single-column key.")
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    fetch_mode = queryset._fetch_mode
    return _Compiled(
        alias=queryset.db,
        connection=connections[queryset.db],
        sql=sql,
        compiler=compiler,
        converters=compiler.get_converters(fields),
        model=klass_info["model"],
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        related=get_related_populators(klass_info, select, queryset.db, fetch_mode),
        annotations=dict(compiler.annotation_col_map or {}),
        prefetch=tuple(queryset._prefetch_related_lookups),
        fetch_mode=fetch_mode,
    )
