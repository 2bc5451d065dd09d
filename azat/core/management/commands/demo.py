"""Create (or reuse) the synthetic demo world and print how to sign in."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Order matters: later apps build on what earlier ones created.
DEMO_APPS = [
    "azat.accounts",
    "azat.hotline",
    "azat.screening",
    "azat.cases",
    "azat.referrals",
    "azat.network",
    "azat.knowledge",
    "azat.prosecution",
    "azat.linkage",
]


class Command(BaseCommand):
    help = "Create a clearly labelled synthetic demo world (refuses to run with DEBUG off)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on real data)."
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, force: bool, quiet: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data is refused because DEBUG is off; this looks like a real deployment. "
                "Use --force only on a throwaway database."
            )
        world: dict[str, Any] = {}
        logins = []
        with transaction.atomic():
            for name in DEMO_APPS:
                if not apps.is_installed(name):
                    continue
                try:
                    module = importlib.import_module(f"{name}.demo")
                except ModuleNotFoundError:
                    continue
                result = module.populate(world)
                if name == "azat.accounts":
                    logins = result
        if quiet:
            return
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Azat demo — synthetic data only, every name marked [DEMO]."))
        out.write("Sign in at http://127.0.0.1:8000/ with an e-mail and password below. For the")
        out.write("second step add the TOTP secret to an authenticator app, or print the current")
        out.write("code with:  .venv/bin/python manage.py demo_totp EMAIL")
        out.write("")
        width = max(len(login.email) for login in logins)
        for login in logins:
            out.write(
                f"  {login.email:<{width}}  {login.password:<30}  TOTP {login.totp_secret}  "
                f"{login.role} · {login.organisation}"
            )
        out.write("")
