#!/usr/bin/env python
"""Django's command-line entry point for Azat."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from config.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        # One sentence, no traceback: the fix is in the environment, not in the code.
        sys.stderr.write(f"azat: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
