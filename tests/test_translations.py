"""Russian is complete: every catalogue in the project has no untranslated or fuzzy entry, and
holds every string the code marks for translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/ru/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_russian_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 0


def test_catalogues_hold_every_string_the_code_marks(tmp_path):
    """makemessages, run on a copy of the code, neither drops a translated string (a sentence
    the code still says but in a form xgettext cannot see, as inside an f-string) nor adds one
    without a Russian translation."""
    for name in ("azat", "config", "templates", "locale", "tests", "bench", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ru",
            "--ignore=tests",
            "--ignore=bench",
        ],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
        capture_output=True,
    )
    problems = []
    for path in CATALOGUES:
        relative = path.relative_to(ROOT)
        before = {e.msgid for e in polib.pofile(str(path)).translated_entries()}
        after = polib.pofile(str(tmp_path / relative))
        lost = before - {e.msgid for e in after if not e.obsolete}
        untranslated = [e.msgid for e in after.untranslated_entries() + after.fuzzy_entries()]
        if lost or untranslated:
            problems.append(f"{relative}: lost {sorted(lost)}, untranslated {untranslated}")
    assert problems == []
