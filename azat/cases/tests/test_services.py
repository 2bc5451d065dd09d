"""Case services: each writes its audit event; consent, stage and locking rules hold."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import services
from azat.cases.models import (
    Case,
    Consent,
    IdentityDocument,
    LegalBasis,
    NameKind,
    Person,
    StageChange,
)
from azat.core.lookup import document_hash, name_hash
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.screening import services as screening_services


@pytest.fixture(autouse=True)
def _english():
    """Service messages are checked word for word in English (the default language is Russian)."""
    with translation.override("en"):
        yield


def test_person_create_keeps_every_name_and_computes_hashes(caseworker, org):
    person = services.person_create(
        actor=caseworker,
        organisation=org,
        names=[
            (NameKind.GIVEN, "Жылдыз"),
            (NameKind.PATRONYMIC, "Бакытовна"),
            (NameKind.FAMILY, "Ахметова"),
            (NameKind.OTHER_SPELLING, "Jyldyz Ahmetova"),
            (NameKind.ALIAS, "  "),
        ],
        documents=[services.DocumentInput(type="passport", number="ID-0042", status="confiscated")],
    )
    assert [n.kind for n in person.names.all()] == [
        "given",
        "patronymic",
        "family",
        "other_spelling",
    ]
    assert person.full_name_hash == name_hash("Zhyldyz Bakytovna Akhmetova")
    assert person.short_name_hash == name_hash("Zhyldyz Akhmetova")
    assert person.names.get(kind="given").script == "cyrillic"
    document = IdentityDocument.objects.get(person=person)
    assert document.number == "ID-0042" and document.number_hash == document_hash("id 0042")
    assert person.display_name == "Жылдыз Бакытовна Ахметова"
    event = AuditEvent.objects.get(action="cases.person.create")
    assert event.actor == caseworker and event.organisation == org
    assert event.detail == {"names": 4, "documents": 1}


def test_person_without_any_name_is_refused(caseworker, org):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=caseworker, organisation=org, names=[("given", " ")])
    assert "names" in exc.value.message_dict
    assert not Person.objects.exists()


def test_person_create_is_refused_to_another_organisations_caseworker(outsider, org):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=outsider, organisation=org, names=[("given", "A")])


def test_person_create_is_refused_to_an_analyst(personas, org):
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=personas[Role.ANALYST], organisation=org, names=[("given", "A")]
        )


def test_case_open_records_assistance_consent_and_first_stage(caseworker, person):
    case = services.case_open(actor=caseworker, person=person, identified_on=dt.date(2026, 3, 1))
    assert (case.stage, case.status, case.caseworker) == ("identification", "Active", caseworker)
    consent = Consent.objects.get(case=case)
    assert (consent.purpose, consent.given_by, consent.recorded_by) == (
        "assistance",
        "person",
        caseworker,
    )
    change = StageChange.objects.get(case=case)
    assert (change.from_stage, change.to_stage) == ("", "identification")
    event = AuditEvent.objects.get(action="cases.case.open")
    assert event.object_id == str(case.pk)
    assert event.detail == {
        "person_id": person.pk,
        "screening_id": None,
        "legal_basis": "consent",
        "consent_id": consent.pk,
    }
    assert AuditEvent.objects.filter(action="cases.consent.record").count() == 1


def test_case_open_from_a_screening_keeps_the_link(caseworker, person, org):
    screening = screening_services.screening_create(actor=caseworker, organisation=org)
    case = services.case_open(actor=caseworker, person=person, screening_id=screening.pk)
    assert Case.objects.get(pk=case.pk).screening_id == screening.pk
    event = AuditEvent.objects.get(action="cases.case.open")
    assert event.detail["screening_id"] == screening.pk


def test_screening_records_the_case_opened_from_it_once(caseworker, person, org):
    from azat.screening.models import Screening

    screening = screening_services.screening_create(actor=caseworker, organisation=org)
    case = services.case_open(actor=caseworker, person=person, screening_id=screening.pk)
    assert Screening.objects.get(pk=screening.pk).case_id == case.pk
    link = AuditEvent.objects.get(action="screening.screening.link_case")
    assert link.detail == {"case_id": case.pk}
    with pytest.raises(ValidationError) as info:
        services.case_open(actor=caseworker, person=person, screening_id=screening.pk)
    assert info.value.message_dict == {
        "screening_id": ["A case was already opened from this screening."]
    }


def test_case_open_with_a_missing_screening_is_refused(caseworker, person):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=caseworker, person=person, screening_id=987654)
    assert exc.value.message_dict == {
        "screening_id": ["This screening was not found in your organisation."]
    }
    assert not Case.objects.exists()


def test_case_open_with_another_organisations_screening_is_refused(
    caseworker, person, make_member, other_org
):
    foreign = screening_services.screening_create(
        actor=make_member(Role.CASEWORKER, other_org), organisation=other_org
    )
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=caseworker, person=person, screening_id=foreign.pk)
    assert list(exc.value.message_dict) == ["screening_id"]
    assert not Case.objects.exists()


def test_case_open_on_child_protection_basis_needs_an_explanation(caseworker, person):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=caseworker, person=person, legal_basis=LegalBasis.CHILD_PROTECTION)
    assert "legal_basis_note" in exc.value.message_dict
    case = services.case_open(
        actor=caseworker,
        person=person,
        legal_basis=LegalBasis.CHILD_PROTECTION,
        legal_basis_note="15 years old, no guardian reachable",
    )
    assert not case.consents.exists()
    assert services.consent_require(case, "assistance") is None


def test_guardian_consent_needs_the_guardians_name(caseworker, person):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=caseworker, person=person, consent_given_by="guardian")
    assert "guardian_name" in exc.value.message_dict
    assert not Case.objects.exists()


def test_case_open_refuses_a_caseworker_of_another_organisation(make_case, outsider, caseworker):
    with pytest.raises(ValidationError) as exc:
        make_case(caseworker=outsider)
    assert "caseworker" in exc.value.message_dict


def test_consent_require_names_what_is_missing(case, make_org):
    shelter = make_org("shelter", "KG", name="Umut Shelter")
    with pytest.raises(ValidationError) as exc:
        services.consent_require(case, "referral", shelter)
    assert exc.value.messages == [
        f"Case {case.reference} has no active consent for: "
        "Referral to a named organisation (Umut Shelter)."
    ]
    with pytest.raises(ValidationError) as exc:
        services.consent_require(case, "law_enforcement")
    assert "Sharing with law enforcement" in exc.value.messages[0]
    assert services.consent_require(case, "assistance") is not None


def test_referral_consent_covers_only_the_named_organisation(case, caseworker, make_org):
    shelter = make_org("shelter", "KG", name="Umut Shelter")
    clinic = make_org("health", "KG", name="Clinic")
    consent = services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=shelter
    )
    assert services.consent_require(case, "referral", shelter) == consent
    with pytest.raises(ValidationError):
        services.consent_require(case, "referral", clinic)
    event = AuditEvent.objects.filter(action="cases.consent.record").first()
    assert event.detail == {
        "case_id": case.pk,
        "purpose": "referral",
        "organisation_id": shelter.pk,
        "given_by": "person",
    }


def test_referral_consent_without_organisation_is_refused(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.consent_record(actor=caseworker, case=case, purpose="referral")
    assert "organisation" in exc.value.message_dict


def test_withdrawn_consent_no_longer_counts(case, caseworker):
    consent = services.consent_record(actor=caseworker, case=case, purpose="law_enforcement")
    services.consent_withdraw(actor=caseworker, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == caseworker
    with pytest.raises(ValidationError):
        services.consent_require(case, "law_enforcement")
    event = AuditEvent.objects.get(action="cases.consent.withdraw")
    assert event.detail == {"case_id": case.pk, "purpose": "law_enforcement"}
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=caseworker, consent=consent)


def test_same_consent_twice_is_refused_until_withdrawn(case, caseworker):
    services.consent_record(actor=caseworker, case=case, purpose="statistics")
    with pytest.raises(ValidationError):
        services.consent_record(actor=caseworker, case=case, purpose="statistics")


def test_case_update_with_a_stale_version_names_who_changed_it(case, caseworker, personas):
    supervisor = personas[Role.SUPERVISOR]
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    services.case_update(actor=supervisor, case=first, expected_version=1, notes="called her")
    with pytest.raises(StaleEdit) as exc:
        services.case_update(actor=caseworker, case=second, expected_version=1, notes="mine")
    assert str(supervisor) in str(exc.value)
    assert exc.value.changed_by == str(supervisor)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.notes, stored.version) == ("called her", 2)
    assert AuditEvent.objects.filter(action="cases.case.update").count() == 1
    assert AuditEvent.objects.get(action="cases.case.update").detail == {
        "fields": ["notes"],
        "version": 2,
    }


def test_case_update_refuses_unknown_codes(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.case_update(actor=caseworker, case=case, expected_version=1, exploitation=["Fun"])
    assert "exploitation" in exc.value.message_dict


def test_move_stage_records_history_and_status(case, caseworker):
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    services.case_move_stage(actor=caseworker, case=case, to_stage="reintegration")
    case.refresh_from_db()
    assert (case.stage, case.status, case.version) == ("reintegration", "FollowUp", 3)
    assert [c.to_stage for c in case.stage_changes.all()] == [
        "identification",
        "protection_assistance",
        "reintegration",
    ]
    event = AuditEvent.objects.filter(action="cases.case.move_stage").first()
    assert event.detail == {
        "from": "protection_assistance",
        "to": "reintegration",
        "kind": "forward",
    }


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("return", "cannot move to “Return”. Possible next stages: Protection and assistance."),
        ("reintegration", "cannot move to “Reintegration”"),
        ("identification", "already at the stage “Identification”"),
        ("closed", "use “Close the case”"),
        ("nowhere", "Unknown stage."),
    ],
)
def test_invalid_move_is_refused_with_the_reason(case, caseworker, target, expected):
    with pytest.raises(ValidationError) as exc:
        services.case_move_stage(actor=caseworker, case=case, to_stage=target)
    assert expected in exc.value.message_dict["to_stage"][0]
    case.refresh_from_db()
    assert case.stage == "identification" and case.version == 1
    assert not AuditEvent.objects.filter(action="cases.case.move_stage").exists()


def test_back_move_without_note_is_refused_naming_both_stages(case, caseworker):
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    services.case_move_stage(actor=caseworker, case=case, to_stage="return")
    with pytest.raises(ValidationError) as exc:
        services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    assert exc.value.message_dict["to_stage"] == [
        "Moving from “Return” back to “Protection and assistance” needs a note saying why."
    ]


def test_close_needs_outcome_and_reason(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.case_close(actor=caseworker, case=case, outcome="", reason="moved away")
    assert exc.value.message_dict == {"outcome": ["Choose the outcome: closing a case needs one."]}
    with pytest.raises(ValidationError) as exc:
        services.case_close(actor=caseworker, case=case, outcome="lost_contact", reason="")
    assert "reason" in exc.value.message_dict
    case.refresh_from_db()
    assert case.stage == "identification"


def test_close_then_reopen(case, caseworker):
    services.case_close(actor=caseworker, case=case, outcome="transferred", reason="to IOM")
    case.refresh_from_db()
    assert (case.stage, case.status, case.closing_outcome, case.closing_reason) == (
        "closed",
        "ClosedReferred",
        "transferred",
        "to IOM",
    )
    assert AuditEvent.objects.get(action="cases.case.close").detail == {
        "from": "identification",
        "outcome": "transferred",
        "status": "ClosedReferred",
    }
    services.case_move_stage(
        actor=caseworker, case=case, to_stage="protection_assistance", note="came back"
    )
    case.refresh_from_db()
    assert (case.stage, case.status, case.closing_outcome, case.closed_at) == (
        "protection_assistance",
        "Active",
        "",
        None,
    )


def test_stage_move_bumps_version_so_an_open_edit_becomes_stale(case, caseworker):
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(StaleEdit):
        services.case_update(actor=caseworker, case=stale, expected_version=1, notes="x")


def test_event_add_encrypts_place_and_audits(case, caseworker):
    event = services.event_add(
        actor=caseworker,
        case=case,
        kind="Exploitation",
        country="RU",
        place="Construction site, Moscow region",
        date_from=dt.date(2025, 5, 1),
        date_to=dt.date(2025, 11, 1),
        description="Passport taken on arrival",
    )
    assert event.place == "Construction site, Moscow region"
    assert AuditEvent.objects.get(action="cases.event.add").detail == {
        "case_id": case.pk,
        "kind": "Exploitation",
        "country": "RU",
    }


def test_event_ending_before_it_starts_is_refused(case, caseworker):
    with pytest.raises(ValidationError):
        services.event_add(
            actor=caseworker,
            case=case,
            kind="Transit",
            date_from=dt.date(2025, 5, 1),
            date_to=dt.date(2025, 4, 1),
        )


def test_events_are_in_date_order_with_undated_ones_last_on_every_database(case, caseworker):
    for kind, day in (("Exploitation", None), ("Transit", dt.date(2025, 6, 1))):
        services.event_add(actor=caseworker, case=case, kind=kind, country="RU", date_from=day)
    services.event_add(
        actor=caseworker, case=case, kind="Recruitment", country="KG", date_from=dt.date(2025, 1, 1)
    )
    assert [e.kind for e in case.events.all()] == ["Recruitment", "Transit", "Exploitation"]


def test_note_add_audits(case, caseworker):
    note = services.note_add(actor=caseworker, case=case, text="Called; safe.")
    assert AuditEvent.objects.get(action="cases.note.add").detail == {"case_id": case.pk}
    assert note.text == "Called; safe."


def test_outsider_cannot_write_to_a_case(case, outsider):
    with pytest.raises(PermissionDenied):
        services.case_move_stage(actor=outsider, case=case, to_stage="protection_assistance")
    with pytest.raises(PermissionDenied):
        services.consent_record(actor=outsider, case=case, purpose="statistics")
    with pytest.raises(PermissionDenied):
        services.note_add(actor=outsider, case=case, text="x")


def test_name_and_document_variants_are_added_with_audit(person, caseworker):
    services.person_name_add(actor=caseworker, person=person, kind="alias", value="Жыка")
    services.document_add(
        actor=caseworker,
        person=person,
        document=services.DocumentInput(type="national_id", number="ID777", status="lost"),
    )
    assert person.names.count() == 3 and person.documents.count() == 2
    assert AuditEvent.objects.get(action="cases.person.name_add").detail["kind"] == "alias"
    assert AuditEvent.objects.get(action="cases.person.document_add").detail["status"] == "lost"


def test_protected_values_never_reach_the_audit_trail(case, caseworker):
    services.note_add(actor=caseworker, case=case, text="secret-note-text")
    dump = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    for value in ("Жылдыз", "Ахметова", "AC 1234567", "secret-note-text"):
        assert value not in dump


def test_refusals_are_translated_into_russian(case, caseworker):
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        services.case_close(actor=caseworker, case=case, outcome="", reason="")
    assert exc.value.message_dict == {"outcome": ["Выберите итог: без него дело не закрыть."]}
