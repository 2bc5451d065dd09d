"""A missing or malformed key, secret or database URL stops start-up with one clear sentence."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

GOOD = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "AZAT_FIELD_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "AZAT_LOOKUP_KEY": "bG9va3VwLWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU=",
    "DATABASE_URL": "sqlite:///:memory:",
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
}


def _check(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.update(GOOD)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_good_configuration_starts():
    result = _check({})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"AZAT_FIELD_KEYS": None}, "AZAT_FIELD_KEYS is not set"),
        ({"AZAT_FIELD_KEYS": "k1:abc"}, "Key 'k1' in AZAT_FIELD_KEYS is"),
        ({"AZAT_LOOKUP_KEY": "%%%"}, "AZAT_LOOKUP_KEY is not base64"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is not set"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a database address"),
    ],
)
def test_bad_configuration_stops_with_one_sentence(change, sentence):
    result = _check(change)
    assert result.returncode == 1
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
