"""The service catalogue data file, without a database."""

import pytest

from azat.referrals.catalogue import catalogue, parse

REQUIRED = {
    "shelter",
    "medical",
    "psychological",
    "legal_aid",
    "document_reissue",
    "temporary_housing",
    "social_aid",
    "return_travel_documents",
    "return_escort",
    "return_reception",
    "family_tracing",
    "interpretation",
    "education",
    "vocational_training",
    "reintegration_grant",
    "other",
}


def test_catalogue_lists_every_nrm_service_with_both_labels():
    services = catalogue()
    assert set(services.ids) == REQUIRED
    for service in services.services:
        assert service.label_en and service.label_ru
        assert service.source in services.sources
    assert services.label("shelter", "ru") == "Приют"
    assert services.label("shelter", "en") == "Shelter"


def test_services_named_in_the_seed_text_are_verified_and_ours_await_review():
    services = catalogue()
    shelter, legal = services.get("shelter"), services.get("legal_aid")
    assert shelter is not None and legal is not None
    assert (shelter.verification, shelter.pending_review) == ("seed", False)
    assert (legal.verification, legal.pending_review) == ("INF", True)
    pending = {s.id for s in services.services if s.pending_review}
    assert pending == {
        "legal_aid",
        "return_travel_documents",
        "return_escort",
        "return_reception",
        "family_tracing",
        "interpretation",
        "other",
    }


def test_unknown_codes_are_reported():
    assert catalogue().unknown(["shelter", "spa", "banking"]) == ["banking", "spa"]


SOURCE = '[[source]]\nkey = "s"\ntitle = "t"\nwhere = "w"\nverification = "seed"\n'


def test_a_row_with_an_unknown_source_is_rejected():
    row = (
        '[[service]]\nid = "x"\ngroup = "other"\nlabel_en = "X"\nlabel_ru = "Х"\n'
        'htcds = ""\nsource = "nowhere"\nverification = "INF"\n'
    )
    with pytest.raises(ValueError, match="unknown source 'nowhere'"):
        parse(SOURCE + row)


def test_a_row_without_a_russian_label_is_rejected():
    row = (
        '[[service]]\nid = "x"\ngroup = "other"\nlabel_en = "X"\nlabel_ru = ""\n'
        'htcds = ""\nsource = "s"\nverification = "INF"\n'
    )
    with pytest.raises(ValueError, match="needs both an English and Russian label"):
        parse(SOURCE + row)


def test_a_duplicate_service_is_rejected():
    row = (
        '[[service]]\nid = "x"\ngroup = "other"\nlabel_en = "X"\nlabel_ru = "Х"\n'
        'htcds = ""\nsource = "s"\nverification = "INF"\n'
    )
    with pytest.raises(ValueError, match="appears twice"):
        parse(SOURCE + row + row)
