"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE=config.settings.prod."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.stderr.write(f"azat: {exc}\n")
    raise SystemExit(1) from None
