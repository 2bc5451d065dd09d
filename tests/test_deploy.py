"""Production settings pass Django's deployment checks, and pages carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path

from azat.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_reports_no_issue_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "p" * 20 + "-Zq8!r" * 10,
        "AZAT_FIELD_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "AZAT_LOOKUP_KEY": "bG9va3VwLWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU=",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_ALLOWED_HOSTS": "azat.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_strict_csp_and_no_store(personas, client_for):
    response = client_for(personas[Role.CASEWORKER]).get("/ru/work/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_error_pages_leak_nothing(client, db):
    response = client.get("/ru/work/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body and "no-such-page" not in body
