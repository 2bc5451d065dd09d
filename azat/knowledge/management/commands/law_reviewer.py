"""``manage.py law_reviewer grant|revoke|list [EMAIL]``: who may mark rows of the law verified.

The permission ``knowledge.review_law`` is a legal judgement, not a role, so it is granted to a
named person. Every grant and revocation is an audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from azat.accounts.models import User
from azat.core.services import audit_record


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label="knowledge", codename="review_law")


class Command(BaseCommand):
    help = "Grant, revoke or list the legal-reviewer permission (knowledge.review_law)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("email", nargs="?")

    def handle(self, *args: Any, action: str, email: str | None, **options: Any) -> None:
        permission = _permission()
        if action == "list":
            holders = User.objects.filter(user_permissions=permission).order_by("email")
            for holder in holders:
                self.stdout.write(holder.email)
            return
        if not email:
            raise CommandError("email: give the e-mail address of the person", returncode=2)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"email: no user {email}", returncode=2)
        with transaction.atomic():
            if action == "grant":
                user.user_permissions.add(permission)
            else:
                user.user_permissions.remove(permission)
            audit_record(
                actor=None,
                action=f"knowledge.reviewer.{action}",
                target=user,
                detail={"permission": "knowledge.review_law"},
            )
        self.stdout.write(f"{action}: {user.email}")
