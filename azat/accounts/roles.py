"""Roles and organisation types. What each role may see is in DESIGN.md and
docs/adr/0002-roles.md; the views enforce it with `role_required`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Hotline operator")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROVIDER = "provider", _("Service provider")
    PROSECUTOR = "prosecutor", _("Investigator / prosecutor")
    ANALYST = "analyst", _("Analyst")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYS_ADMIN = "sys_admin", _("System administrator")


ADMIN_ROLES = (Role.ORG_ADMIN, Role.SYS_ADMIN)


class OrgType(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    NGO = "ngo", _("NGO")
    SHELTER = "shelter", _("Shelter")
    IOM = "iom", _("IOM mission")
    SOCIAL_PROTECTION = "social_protection", _("Social protection office")
    HEALTH = "health", _("Health service")
    LEGAL = "legal", _("Legal service")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    COURT = "court", _("Court")
    EMBASSY = "embassy", _("Embassy / consulate")
    OTHER = "other", _("Other")


_ORG_TYPES_FILE = Path(__file__).parent / "data" / "org_types.toml"


@cache
def htcds_org_types() -> dict[str, str]:
    """Azat organisation type → HTCDS org_Type ('' where HTCDS has none)."""
    rows = tomllib.loads(_ORG_TYPES_FILE.read_text(encoding="utf-8"))["type"]
    mapping = {row["id"]: row["htcds"] for row in rows}
    missing = set(OrgType.values) - set(mapping)
    if missing:
        raise ValueError(f"{_ORG_TYPES_FILE}: no HTCDS mapping for {sorted(missing)}")
    return mapping
