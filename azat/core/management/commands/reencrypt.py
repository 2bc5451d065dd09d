"""Re-encrypt every encrypted column with the newest key of AZAT_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from azat.core import keys
from azat.core.crypto import token_key_id
from azat.core.fields import encrypted_fields_of


class Command(BaseCommand):
    help = "Re-encrypt all protected values with the newest key (run after adding a key)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        keys.reset()
        current = keys.keyring().current_id
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields_of(model)
            if not fields:
                continue
            names = [f.attname for f in fields]
            rewritten = 0
            pks = list(model._base_manager.values_list("pk", flat=True).order_by("pk"))
            for start in range(0, len(pks), batch_size):
                with transaction.atomic():
                    for obj in model._base_manager.filter(pk__in=pks[start : start + batch_size]):
                        # Reading decrypts with whichever key wrote it; the update encrypts anew.
                        values = {name: getattr(obj, name) for name in names}
                        model._base_manager.filter(pk=obj.pk).update(**values)
                        rewritten += 1
            if rewritten:
                self.stdout.write(f"{model._meta.label}: {rewritten} rows")
            total += rewritten
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows with key {current!r}."))


def stale_token_count() -> int:
    """How many stored tokens are not under the newest key (used by tests and `reencrypt`)."""
    from django.db import connection

    current = keys.keyring().current_id
    stale = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in encrypted_fields_of(model):
                table = connection.ops.quote_name(model._meta.db_table)
                column = connection.ops.quote_name(field.column or field.name)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
                stale += sum(1 for (token,) in cursor.fetchall() if token_key_id(token) != current)
    return stale
