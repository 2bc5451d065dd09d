"""Log formatting that keeps protected values out of the log.

Log lines carry no request bodies, query strings or form values: the redaction filter drops query
strings from request lines and any ``extra`` field whose name suggests personal data."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from azat.core import context

_QUERY = re.compile(r"\?[^\s\"]*")
_SENSITIVE_KEYS = {"given_name", "family_name", "phone", "document", "notes", "answers"}


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?[redacted]", record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("?[redacted]", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        for key in _SENSITIVE_KEYS:
            if hasattr(record, key):
                setattr(record, key, "[redacted]")
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ctx = context.current.get()
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": ctx.request_id or None,
        }
        if record.exc_info:
            # The exception type only: tracebacks can carry local variables' values.
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(entry, ensure_ascii=False)
