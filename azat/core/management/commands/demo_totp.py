"""Print the current TOTP code of a demo user (demo accounts only)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from azat.accounts.demo import DEMO_DOMAIN, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current two-factor code for a demo account."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        local, _, domain = email.partition("@")
        if domain != DEMO_DOMAIN:
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) have a known code.")
        if not settings.DEBUG:
            raise CommandError("Refused: DEBUG is off.")
        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(demo_totp_secret(local), counter)))
