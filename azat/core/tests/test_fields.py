"""Encrypted fields in the database, key rotation, and the canary: no plaintext anywhere."""

import base64
import datetime as dt
import io
import logging

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from azat.core import keys
from azat.core.crypto import DecryptionError
from azat.core.lookup import name_hash
from azat.core.management.commands.reencrypt import stale_token_count
from azat.core.models import AuditEvent
from azat.core.services import audit_record
from tests.testapp.models import Secret

CANARY_NAME = "Жылдыз Канарейкина"
CANARY_DATE = dt.date(1990, 7, 14)
CANARY_NOTE = "canary-narrative-7f3a"
NEW_KEY = base64.b64encode(b"n" * 32).decode()


@pytest.fixture
def store_canary(db):
    secret = Secret.objects.create(
        name=CANARY_NAME,
        name_hash=name_hash(CANARY_NAME),
        born=CANARY_DATE,
        extra={"note": CANARY_NOTE, "children": 0, "consent": False},
    )
    audit_record(actor=None, action="testapp.create", target=secret)
    return secret


def _database_bytes() -> bytes:
    """Everything the database holds, as bytes: the SQLite file image, or a PostgreSQL dump."""
    if connection.vendor == "sqlite":
        return connection.connection.serialize()
    import shutil
    import subprocess

    settings_dict = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed for the PostgreSQL canary test"
    return subprocess.run(
        [
            pg_dump,
            "--data-only",
            "-h",
            settings_dict["HOST"] or "127.0.0.1",
            "-p",
            str(settings_dict["PORT"] or 5432),
            "-U",
            settings_dict["USER"] or "postgres",
            settings_dict["NAME"],
        ],
        check=True,
        capture_output=True,
    ).stdout


def test_round_trip_keeps_values_including_falsy_ones(db):
    secret = Secret.objects.create(name="", born=CANARY_DATE, extra={"n": 0, "ok": False, "s": ""})
    fresh = Secret.objects.get(pk=secret.pk)
    assert fresh.name == ""
    assert fresh.born == CANARY_DATE
    assert fresh.extra == {"n": 0, "ok": False, "s": ""}


def test_none_stays_null(db):
    secret = Secret.objects.create(name=None, born=None, extra=None)
    fresh = Secret.objects.get(pk=secret.pk)
    assert (fresh.name, fresh.born, fresh.extra) == (None, None, None)


def test_filtering_on_an_encrypted_field_is_refused(db):
    with pytest.raises(FieldError, match="lookup hash"):
        list(Secret.objects.filter(name="x"))


def test_lookup_hash_finds_the_name_in_either_script(db):
    Secret.objects.create(name="Zhyldyz Akhmetova", name_hash=name_hash("Zhyldyz Akhmetova"))
    assert Secret.objects.filter(name_hash=name_hash("Жылдыз Ахметова")).count() == 1


@pytest.mark.django_db(transaction=True)
def test_canary_values_appear_nowhere_in_plain_text(store_canary, caplog):
    caplog.set_level(logging.DEBUG)
    Secret.objects.get(pk=store_canary.pk)  # a read, so any logging of values would show
    dump = _database_bytes()
    for value in (CANARY_NAME, CANARY_DATE.isoformat(), CANARY_NOTE):
        assert value.encode("utf-8") not in dump
        assert value not in caplog.text
    audit_text = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    assert CANARY_NAME not in audit_text and CANARY_NOTE not in audit_text
    assert AuditEvent.objects.filter(action="testapp.create").count() == 1


def test_rotation_reencrypts_everything_and_loses_nothing(store_canary, settings):
    assert stale_token_count() == 0
    settings.AZAT_FIELD_KEYS = f"k3:{NEW_KEY},{settings.AZAT_FIELD_KEYS}"
    keys.reset()
    try:
        assert stale_token_count() == 3  # name, born, extra are under the old key
        out = io.StringIO()
        call_command("reencrypt", stdout=out)
        assert "with key 'k3'" in out.getvalue()
        assert stale_token_count() == 0
        fresh = Secret.objects.get(pk=store_canary.pk)
        assert fresh.name == CANARY_NAME
        assert fresh.born == CANARY_DATE
        assert fresh.extra["note"] == CANARY_NOTE
        assert fresh.extra["children"] == 0 and fresh.extra["consent"] is False
    finally:
        keys.reset()


def test_reading_with_the_wrong_key_fails_loudly(store_canary, settings):
    settings.AZAT_FIELD_KEYS = f"k2:{NEW_KEY}"  # same id as the real key, different bytes
    keys.reset()
    try:
        with pytest.raises(DecryptionError):
            Secret.objects.get(pk=store_canary.pk)
    finally:
        keys.reset()


def test_audit_events_are_append_only(db):
    event = audit_record(actor=None, action="x.y")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
