"""Development: `make run`. Keys generated once into var/dev.env (never committed)."""

from pathlib import Path

from config.env import load_env_file

load_env_file(Path(__file__).resolve().parent.parent.parent / "var" / "dev.env")

from config.settings.base import *  # noqa: E402, F403

DEBUG = True
