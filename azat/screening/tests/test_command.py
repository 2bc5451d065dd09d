from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]
REQUEST = {
    "age": 16,
    "profile": "labour",
    "acts": ["ACT_RECRUITMENT"],
    "indicators": {"EX01": True, "EX02": True, "DR01": False},
}


def _run(tmp_path, data) -> dict:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("screen", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_screen_prints_status_rule_dimensions_and_reasons(tmp_path):
    result = _run(tmp_path, REQUEST)
    assert result["status"] == "presumed_victim"
    assert result["rule"] == "CHILD_PALERMO_3C"
    assert result["profiles"]["labour"]["status"] == "presumed_victim"
    assert result["dimensions"]["child_labour"]["EX"] == {
        "positive": True,
        "indicators": ["EX01", "EX02"],
    }
    assert result["dimensions"]["child_labour"]["DR"] == {"positive": False, "indicators": []}
    assert any(r["code"] == "age_child" for r in result["reasons"])
    assert isinstance(result["ask_next"], list)


def test_unknown_indicator_names_the_key(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"indicators": {"ZZ01": True}}), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("screen", str(path), stdout=io.StringIO())
    assert str(exc.value) == "indicators.ZZ01: unknown indicator id"
    assert exc.value.returncode == 2


def test_bad_json_is_an_error_with_code_two(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("screen", str(path), stdout=io.StringIO())
    assert str(exc.value).startswith("request: not valid JSON")
    assert exc.value.returncode == 2


def _subprocess(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "screen", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def test_stdin_works_and_exits_zero():
    done = _subprocess(json.dumps(REQUEST))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "presumed_victim"


def test_unknown_act_exits_two_with_nothing_on_stdout():
    done = _subprocess(json.dumps({"acts": ["ACT_SELLING"]}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "acts.ACT_SELLING: unknown act id" in done.stderr


def test_malformed_json_exits_two_with_nothing_on_stdout():
    done = _subprocess("[1, 2")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "request: not valid JSON" in done.stderr


def test_wrong_value_type_names_the_key():
    done = _subprocess(json.dumps({"age": "sixteen"}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "age: must be a whole number" in done.stderr
