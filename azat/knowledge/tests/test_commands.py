"""Management commands: qualify (output shape and exit codes) and check_knowledge."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import CommandError

from azat.knowledge import checks
from azat.knowledge.codes import DATA_DIR

ROOT = Path(__file__).resolve().parents[3]
FACTS = {
    "events": [
        {"country": "KG", "date": "2024-03-01", "stage": "recruitment"},
        {"country": "RU", "date": "2024-04-01", "stage": "exploitation"},
    ],
    "means": ["MEANS_DECEPTION"],
    "purposes": ["PURP_FORCED_LABOUR"],
    "victim_age": 17,
    "victim_exposed_to": ["EXP_FORGED_DOCUMENTS"],
}


def _qualify(tmp_path: Path, data: object) -> dict:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("qualify", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_qualify_prints_rows_per_country(tmp_path: Path) -> None:
    result = _qualify(tmp_path, FACTS)
    assert list(result["countries"]) == ["KG"]
    rows = result["countries"]["KG"]
    first = rows[0]
    # A child taken from KG to RU: the aggravated part of the child article, a seed row.
    assert {k: first[k] for k in ("code", "article", "part", "role", "verification")} == {
        "code": "kg-criminal-2021",
        "article": "167",
        "part": None,
        "role": "trafficking",
        "verification": "seed",
    }
    assert first["title"]["en"] == "Trafficking in children, child taken abroad"
    assert (first["penalty"]["min_years"], first["penalty"]["max_years"]) == (8, 11)
    assert first["because"] == [
        {"fact": "ACT_RECRUITMENT", "from": "event recruitment 2024-03-01"},
        {"fact": "AGG_ABROAD", "from": "events in KG, RU"},
        {"fact": "AGG_MINOR", "from": "victim_age 17"},
    ]
    for row in rows:
        assert set(row) >= {"code", "article", "part", "title", "role", "penalty"}
        assert set(row) >= {"verification", "because"}
        assert row["role"] in ("trafficking", "related", "victim_exposure")
    assert [r["article"] for r in rows if r["role"] == "victim_exposure"] == ["379"]
    assert result["outside_knowledge_base"][0]["country"] == "RU"
    assert result["jurisdictions"]["KG"]["rows"] == rows


def test_qualify_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(json.dumps(FACTS)))
    out = StringIO()
    call_command("qualify", "-", stdout=out)
    assert list(json.loads(out.getvalue())["countries"]) == ["KG"]


def test_qualify_list_ids_prints_the_vocabulary() -> None:
    out = StringIO()
    call_command("qualify", "--list-ids", stdout=out)
    ids = json.loads(out.getvalue())
    assert list(ids) == [
        "stages",
        "acts",
        "means",
        "purposes",
        "aggravating",
        "related",
        "victim_exposed_to",
    ]
    assert {
        "id": "recruitment",
        "en": "recruitment",
        "ru": "вербовка",
        "act": "ACT_RECRUITMENT",
    } in (ids["stages"])


def test_qualify_unknown_id_is_a_usage_error_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({**FACTS, "means": ["MEANS_MAGIC"]}), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("qualify", str(path), stdout=StringIO())
    assert raised.value.returncode == 2
    assert str(raised.value) == "means[0]: unknown id 'MEANS_MAGIC'"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PATH": "/usr/bin:/bin",
        },
        check=False,
        timeout=120,
    )


def test_qualify_exit_codes_in_a_real_process() -> None:
    ok = _run("qualify", "-", stdin=json.dumps(FACTS))
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""
    assert json.loads(ok.stdout)["countries"]["KG"][0]["article"] == "167"

    bad_json = _run("qualify", "-", stdin="{not json")
    assert bad_json.returncode == 2
    assert bad_json.stdout == ""
    assert bad_json.stderr.strip().splitlines() == [
        "CommandError: (root): not valid JSON at line 1 column 2: "
        "Expecting property name enclosed in double quotes"
    ]

    bad_date = {"events": [{"country": "KG", "date": "2024-02-30", "stage": "recruitment"}]}
    unknown = _run("qualify", "-", stdin=json.dumps(bad_date))
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert "events[0].date" in unknown.stderr


def test_check_knowledge_accepts_the_shipped_files() -> None:
    out = StringIO()
    call_command("check_knowledge", stdout=out)
    assert out.getvalue().startswith("OK: 9 code files, ")
    assert "countries KG, KZ, TJ, TM, UZ" in out.getvalue()


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "kg-criminal-2021.toml"
    text = path.read_text(encoding="utf-8")
    # The first provision's role becomes one the engine does not know.
    path.write_text(text.replace('role = "trafficking"', 'role = "smuggling"', 1), "utf-8")
    return target


def test_check_knowledge_names_file_row_and_problem(tmp_path: Path) -> None:
    target = _broken_copy(tmp_path)
    with pytest.raises(CommandError) as raised:
        call_command("check_knowledge", "--dir", str(target), stdout=StringIO())
    assert raised.value.returncode == 2
    assert str(raised.value) == (
        "kg-criminal-2021.toml: provisions[0] (art. 166 p.1): unknown role 'smuggling' "
        "(expected one of trafficking, child_trafficking, related, victim_exposure, "
        "non_punishment)"
    )


def test_check_knowledge_exits_2_in_a_real_process(tmp_path: Path) -> None:
    target = _broken_copy(tmp_path)
    result = _run("check_knowledge", "--dir", str(target))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "kg-criminal-2021.toml: provisions[0]" in result.stderr


def test_system_check_reports_a_broken_knowledge_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _broken_copy(tmp_path)
    real = checks.load_knowledge
    monkeypatch.setattr(checks, "load_knowledge", lambda: real(target))
    errors = checks.knowledge_files_load()
    assert len(errors) == 1
    assert isinstance(errors[0], Error)
    assert errors[0].id == "knowledge.E001"
    assert "kg-criminal-2021.toml: provisions[0] (art. 166 p.1)" in errors[0].msg
    monkeypatch.setattr(checks, "load_knowledge", real)
    assert checks.knowledge_files_load() == []
