import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "record_id,given_name,family_name,patronymic,birth_date,sex,phone,document_number,place\n"
ROWS = (
    "z1,Жылдыз,Ахметова,,1990-05-12,ж,+996 555 123 456,,\n"
    "z2,Zhyldyz,Akhmetova,,1990,F,0555 123 456,,\n"
    "z3,Jildiz,Axmetova,,1990-05-12,f,,,\n"
    "o1,Айгуль,Ахметова,,1985-02-01,f,+996700111222,,\n"
)


def clusters_in(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["record_id", "cluster_id"]
    return dict(rows[1:])


def test_link_writes_one_cluster_row_per_record(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    output = tmp_path / "out.csv"
    call_command("link", str(source), "--output", str(output), "--no-progress")
    assert clusters_in(output) == {"z1": "z1", "z2": "z1", "z3": "z1", "o1": "o1"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_link_reads_standard_input_and_can_explain_its_links(tmp_path, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO((HEADER + ROWS).encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    output, links = tmp_path / "out.csv", tmp_path / "links.csv"
    call_command(
        "link",
        "-",
        "--output",
        str(output),
        "--explain",
        str(links),
        "--threshold",
        "0.9",
        "--no-progress",
    )
    assert clusters_in(output)["z2"] == "z1"
    explained = links.read_text(encoding="utf-8")
    assert explained.startswith("left,right,probability,match_weight,drivers\n")
    assert "given_name=" in explained


def test_a_malformed_file_is_refused_naming_line_and_column_and_nothing_is_written(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + ROWS + "x1,Ali,Karimov,,1990-13-01,m,,,\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError) as caught:
        call_command("link", str(source), "--output", str(output), "--no-progress")
    assert caught.value.returncode == 2
    assert "line 6, column birth_date" in str(caught.value)
    assert list(tmp_path.iterdir()) == [source]


def test_a_refused_file_leaves_an_earlier_output_untouched(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("given_name\nAli\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    output.write_text("record_id,cluster_id\nold,old\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1, column record_id"):
        call_command("link", str(source), "--output", str(output), "--no-progress")
    assert output.read_text(encoding="utf-8") == "record_id,cluster_id\nold,old\n"


def test_the_command_exits_2_with_the_message_on_stderr(tmp_path):
    output = tmp_path / "out.csv"
    bad = (HEADER + "a,Ali,Karimov,,,,,,\na,Vali,Karimov,,,,,,\n").encode("utf-8")
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    completed = subprocess.run(
        [sys.executable, str(manage), "link", "-", "--output", str(output)],
        input=bad,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "line 3, column record_id" in completed.stderr.decode()
    assert not output.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(HEADER.encode() + "a,Жылдыз,,,,,,,\n".encode("cp1251"))
    with pytest.raises(CommandError, match="line 2") as caught:
        call_command("link", str(source), "--output", str(tmp_path / "o.csv"), "--no-progress")
    assert "UTF-8" in str(caught.value)
