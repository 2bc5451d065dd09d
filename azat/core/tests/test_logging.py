"""Where log lines go: one JSON handler with the redaction filter, whatever logger writes them."""

from __future__ import annotations

import logging

import pytest

from azat.core.logging import JsonFormatter, RedactFilter


def _handlers_reached(name: str) -> list[logging.Handler]:
    """The handlers a record logged on ``name`` passes through, as logging.Logger.callHandlers."""
    found: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        # pytest's own capture handlers sit on the root logger during the tests.
        found.extend(h for h in logger.handlers if not type(h).__module__.startswith("_pytest"))
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.parametrize(
    "name", ["django.request", "django.tasks", "django_tasks_db", "azat.cases", "splink"]
)
def test_every_line_is_written_once_as_redacted_json(name):
    handlers = _handlers_reached(name)
    # Django's own defaults would add a second, plain and unredacted copy of django.* lines.
    assert len(handlers) == 1
    (handler,) = handlers
    assert isinstance(handler.formatter, JsonFormatter)
    assert any(isinstance(f, RedactFilter) for f in handler.filters)


def test_query_strings_are_redacted():
    (handler,) = _handlers_reached("django.request")
    record = logging.getLogger("django.request").makeRecord(
        "django.request", logging.WARNING, __file__, 1, '"GET %s HTTP/1.1" 404',
        ("/en/work/cases/?q=Akhmetova",), None,
    )  # fmt: skip
    assert handler.filter(record)
    line = handler.format(record)
    assert "Akhmetova" not in line
    assert "?[redacted]" in line
