"""Per-request facts the audit trail needs (IP address, request id), without passing requests
into services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""


current: ContextVar[RequestContext] = ContextVar(
    "azat_request_context",
    default=RequestContext(),  # noqa: B039 - frozen dataclass, immutable
)
