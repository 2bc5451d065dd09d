"""The related records of a page's rows in one read, instead of a join in each of its queries.

A page such as the case page reads many small lists (consents, events, notes, referral steps,
...) that each name a user or an organisation. Joining the related table in every one of those
queries costs more in building the queries than the rows cost to read; reading the related
records once, by id, and attaching them costs one small query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models


def attach_related[M: models.Model](
    pairs: Iterable[tuple[models.Model, str]], queryset: models.QuerySet[M]
) -> None:
    """For each (row, foreign key name), set the related object from one read of ``queryset``
    (the caller limits its columns to what the page shows). A key that is empty, or whose
    record ``queryset`` does not hold, becomes None: the row then shows no related record,
    as with a nullable key, and nothing is read again for it."""
    pairs = list(pairs)
    fields: dict[tuple[type[models.Model], str], Any] = {}
    ids: set[object] = set()
    for row, name in pairs:
        field = fields.get((type(row), name))
        if field is None:
            field = fields[(type(row), name)] = row._meta.get_field(name)
            if not isinstance(field, models.ForeignKey):
                raise TypeError(f"{type(row).__name__}.{name} is not a foreign key")
        value = getattr(row, field.attname)
        if value is not None:
            ids.add(value)
    found = queryset.order_by().in_bulk(ids) if ids else {}
    for row, name in pairs:
        field = fields[(type(row), name)]
        field.set_cached_value(row, found.get(getattr(row, field.attname)))
