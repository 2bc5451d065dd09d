"""Reading configuration from the environment, failing with one clear sentence.

Start-up must stop loudly when a secret, a key or the database URL is missing or malformed: a
half-configured system that runs would store victims' data unprotected or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """A configuration value is missing or malformed; the message is one sentence for a person."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ConfigError(
            f"The environment variable {name} is not set; see docs/runbooks/configuration.md."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"The environment variable {name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_env_file(path: Path) -> None:
    """Load KEY=VALUE lines from a local file into os.environ, never overriding real variables.

    Used only by the development settings, so that `make run` keeps its generated keys in `var/`.
    """
    if not path.exists():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ConfigError(f"Line {number} of {path} is not of the form KEY=VALUE.")
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip())
