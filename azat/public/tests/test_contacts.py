"""The help directory: only sourced numbers, unverified ones flagged, bad files refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from azat.public.contacts import (
    ContactsFileError,
    HelpContact,
    contacts_for,
    load_contacts,
    load_countries,
)
from azat.public.provenance import Status


@pytest.fixture(scope="module")
def contacts() -> list[HelpContact]:
    return load_contacts()


def ids(found: list[HelpContact]) -> list[str]:
    return [contact.id for contact in found]


# ------------------------------------------------------------------ the shipped directory


def test_directory_holds_only_the_numbers_the_domain_notes_give(
    contacts: list[HelpContact],
) -> None:
    # Adding a number means changing this test too: a deliberate, reviewed step.
    assert sorted(c.phone for c in contacts if c.phone) == sorted(
        ["1899", "189", "0800 0000 189", "918-85-3434", "111", "102"]
    )


def test_tags_are_copied_exactly_from_the_legal_note(contacts: list[HelpContact]) -> None:
    tags = {contact.id: contact.verification for contact in contacts}
    assert tags == {
        "kg_hotline_1899": "seed; V:S12(2nd)",
        "kg_hotline_189": "V:S13(2nd)",
        "kg_hotline_0800": "seed; U",
        "kg_migrant_centre": "seed",
        "tj_hotline_dushanbe": "V:T9(2nd)",
        "tj_iom_migrant_assistance": "V:T10",
        "kz_family_line_111": "U",
        "kz_police_102": "U",
    }


def test_every_country_of_origin_is_covered() -> None:
    origins = {c.code for c in load_countries() if "origin" in c.roles}
    assert origins == {"KZ", "KG", "TJ", "TM", "UZ"}


def test_destinations_are_only_those_the_sources_name() -> None:
    destinations = [c.code for c in load_countries() if "destination" in c.roles]
    assert destinations == ["KZ", "RU", "AE", "TR", "KR", "IL", "GR", "TH", "MY"]


def test_kyrgyzstan_lists_checked_lines_first(contacts: list[HelpContact]) -> None:
    assert ids(contacts_for("KG", contacts)) == [
        "kg_hotline_1899",
        "kg_hotline_189",
        "kg_migrant_centre",
    ]


def test_unconfirmed_number_marked_do_not_publish_never_reaches_the_site(
    contacts: list[HelpContact],
) -> None:
    withheld = next(c for c in contacts if c.id == "kg_hotline_0800")
    assert withheld.publish is False
    assert withheld.status is Status.UNVERIFIED
    assert "kg_hotline_0800" not in ids(contacts_for("KG", contacts))


def test_recalled_numbers_load_but_are_flagged_unverified(contacts: list[HelpContact]) -> None:
    found = contacts_for("KZ", contacts)
    assert ids(found) == ["kz_family_line_111", "kz_police_102"]
    assert all(c.status is Status.UNVERIFIED and c.needs_confirmation for c in found)
    assert contacts_for("KZ", contacts, include_unverified=False) == []


def test_seed_only_contact_is_not_shown_as_verified(contacts: list[HelpContact]) -> None:
    centre = next(c for c in contacts if c.id == "kg_migrant_centre")
    assert centre.status is Status.SEED
    assert centre.verified is False
    assert ids(contacts_for("KG", contacts, include_unverified=False)) == [
        "kg_hotline_1899",
        "kg_hotline_189",
    ]


def test_second_source_check_makes_a_seed_number_verified(contacts: list[HelpContact]) -> None:
    hotline = next(c for c in contacts if c.id == "kg_hotline_1899")
    assert hotline.status is Status.VERIFIED
    assert hotline.needs_confirmation is False


@pytest.mark.parametrize("country", ["UZ", "TM", "RU", "AE", "TR", "KR"])
def test_country_without_a_sourced_number_has_an_empty_list(
    contacts: list[HelpContact], country: str
) -> None:
    assert contacts_for(country, contacts) == []


def test_country_code_is_matched_without_regard_to_case(contacts: list[HelpContact]) -> None:
    assert ids(contacts_for(" tj ", contacts)) == [
        "tj_hotline_dushanbe",
        "tj_iom_migrant_assistance",
    ]


def test_verified_contacts_come_before_unverified_in_any_file_order(
    contacts: list[HelpContact],
) -> None:
    kg = [c for c in contacts if c.country == "KG"]
    reordered = [kg[3], kg[1], kg[0]]  # migrant centre (seed), 189, 1899
    assert ids(contacts_for("KG", reordered)) == [
        "kg_hotline_189",
        "kg_hotline_1899",
        "kg_migrant_centre",
    ]


def test_a_recalled_row_stays_unverified_even_with_a_check_tag(
    contacts: list[HelpContact],
) -> None:
    mixed = dataclasses.replace(contacts[0], verification="V:S12(2nd); U")
    assert mixed.status is Status.UNVERIFIED


# ------------------------------------------------------------------ bad files

VALID = """
schema = 1

[[country]]
code = "KG"
name = "Kyrgyzstan"
roles = ["origin"]
source = "CABAR 2021"
verification = "seed"

[[contact]]
id = "kg_hotline"
country = "KG"
kind = "hotline"
name = "Hotline"
phone = "1899"
what_for = "Advice."
source = "CABAR 2021"
verification = "seed; V:S12(2nd)"
"""


def refusal(tmp_path: Path, text: str) -> ContactsFileError:
    path = tmp_path / "help_contacts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContactsFileError) as caught:
        load_contacts(path)
    assert caught.value.path == str(path)
    return caught.value


def test_a_minimal_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "help_contacts.toml"
    path.write_text(VALID, encoding="utf-8")
    [contact] = load_contacts(path)
    assert (contact.id, contact.phone, contact.publish, contact.verified) == (
        "kg_hotline",
        "1899",
        True,
        True,
    )


def test_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContactsFileError) as caught:
        load_contacts(tmp_path / "nothing.toml")
    assert caught.value.problem == "file not found"


def test_refuses_a_contact_with_no_way_to_reach_it(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('phone = "1899"\n', ""))
    assert error.row == "contact #1 (kg_hotline)"
    assert error.problem == "needs a 'phone', 'web' or 'address': a contact with no way to reach it"


def test_refuses_a_contact_for_an_undeclared_country(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('country = "KG"', 'country = "UZ"'))
    assert error.row == "contact #1 (kg_hotline)"
    assert error.problem == "country 'UZ' has no [[country]] row"


def test_refuses_a_phone_with_letters(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('"1899"', '"18 99 ext"'))
    assert (
        error.problem == "'phone' '18 99 ext' must be digits, spaces or dashes, with an optional +"
    )


def test_refuses_a_missing_verification_tag(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('verification = "seed; V:S12(2nd)"\n', ""))
    assert error.row == "contact #1 (kg_hotline)"
    assert error.problem == "verification tag must be a non-empty string"


def test_refuses_a_made_up_verification_tag(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('"seed; V:S12(2nd)"', '"seed; checked"'))
    assert error.problem.startswith("unknown verification tag 'checked'")


def test_refuses_a_duplicate_contact_id(tmp_path: Path) -> None:
    second = VALID[VALID.index("[[contact]]") :]
    error = refusal(tmp_path, VALID + "\n" + second)
    assert error.row == "contact #2 (kg_hotline)"
    assert error.problem == "id 'kg_hotline' is used twice"


def test_refuses_an_unknown_kind(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('kind = "hotline"', 'kind = "friend"'))
    assert error.problem.startswith("unknown kind 'friend'")


def test_refuses_publish_that_is_not_true_or_false(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('kind = "hotline"', 'kind = "hotline"\npublish = "no"'))
    assert error.problem == "'publish' must be true or false"


def test_refuses_a_misspelt_key(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('kind = "hotline"', 'kind = "hotline"\nnotes = "x"'))
    assert error.problem == "unknown key(s) notes"


def test_refuses_a_lowercase_country_code(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('code = "KG"', 'code = "kg"'))
    assert error.row == "country #1 (kg)"
    assert error.problem == "'code' 'kg' must be a two-letter ISO code in capitals"
