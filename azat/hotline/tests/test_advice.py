"""The safe-migration checklist loads in order; malformed files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from azat.hotline.advice import AdviceError, load_advice


def item(
    item_id: str = "ADV_LICENCE", order: int = 10, *, drop: str | None = None, **over: str
) -> str:
    fields = {
        "id": f'"{item_id}"',
        "order": str(order),
        "label_en": '"Check the licence."',
        "label_ru": '"Проверьте лицензию."',
        "source": '"seed: CABAR 2021"',
        "verification": '"seed"',
    }
    fields.update({k: f'"{v}"' for k, v in over.items()})
    if drop:
        del fields[drop]
    return "\n[[items]]\n" + "\n".join(f"{k} = {v}" for k, v in fields.items()) + "\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "advice.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_checklist_is_ordered_and_tagged_as_seed() -> None:
    items = load_advice()
    assert 12 <= len(items) <= 18
    assert items[0].id == "ADV_CONSULT_CENTRE"
    assert items[-1].id == "ADV_HOTLINE"
    assert [i.order for i in items] == sorted(i.order for i in items)
    assert {i.source for i in items} == {"seed: CABAR 2021"}
    assert {i.verification for i in items} == {"seed"}
    ids = {i.id for i in items}
    for expected in (
        "ADV_LICENCE",
        "ADV_WORK_VISA",
        "ADV_WRITTEN_CONTRACT",
        "ADV_DOCUMENT_COPIES",
        "ADV_EMBASSY_CONTACTS",
        "ADV_TELL_FAMILY",
        "ADV_CODE_WORD",
        "ADV_NO_FALSE_DOCUMENTS",
        "ADV_HELP_PHRASES",
        "ADV_KEEP_PASSPORT",
    ):
        assert expected in ids


def test_items_are_sorted_by_order_not_file_position(tmp_path: Path) -> None:
    path = write(tmp_path, item("ADV_B", 20) + item("ADV_A", 10))
    assert [i.id for i in load_advice(path)] == ["ADV_A", "ADV_B"]


def test_duplicate_id_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, item("ADV_LICENCE", 10) + item("ADV_LICENCE", 20))
    with pytest.raises(AdviceError) as err:
        load_advice(path)
    message = str(err.value)
    assert str(path) in message
    assert "items[1] (id 'ADV_LICENCE'): duplicate id 'ADV_LICENCE'" in message


def test_duplicate_order_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, item("ADV_A", 10) + item("ADV_B", 10))
    with pytest.raises(AdviceError, match=r"items\[1\] \(id 'ADV_B'\): duplicate order 10"):
        load_advice(path)


def test_missing_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AdviceError, match="missing required field 'label_ru'"):
        load_advice(write(tmp_path, item(drop="label_ru")))


def test_unknown_verification_tag_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AdviceError, match="unknown verification tag 'checked'"):
        load_advice(write(tmp_path, item(verification="checked")))


def test_id_without_prefix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AdviceError, match="must start with 'ADV_'"):
        load_advice(write(tmp_path, item("LICENCE")))
