"""Test settings: fixed, throwaway keys; SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-0123456789"
)
# Two keys so rotation is exercised: the first encrypts, both decrypt. Test-only values.
os.environ.setdefault(
    "AZAT_FIELD_KEYS",
    "k2:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,k1:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
)
os.environ.setdefault("AZAT_LOOKUP_KEY", "bG9va3VwLWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU=")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; prod uses Argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = BASE_DIR / "var" / "test-static"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/10m/ip,5/5m/key",
    "login": "1000/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405

# Tasks run inside the request or test that enqueues them; a test that wants to see the queued
# state overrides this with the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
