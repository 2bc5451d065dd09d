"""`ReadById` (azat.core.reads): the case page's lists read with SQL built once give what the
querysets they are built from give, one query per call, and a read it cannot keep is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import FETCH_PEERS
from django.test.utils import CaptureQueriesContext

from azat.accounts.roles import Role
from azat.cases import selectors, services
from azat.cases.models import CaseNote, Consent, NameKind, StageChange, TraffickingEvent
from azat.core.gates import NotFound
from azat.core.models import AuditEvent
from azat.core.reads import ReadById
from azat.screening import selectors as screening_selectors
from azat.screening import services as screening_services
from azat.screening.models import Screening


def _fields(rows):
    """Every loaded field of every row, as the page would read them."""
    return [{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} for row in rows]


@pytest.fixture
def two_cases(case, make_case, make_person, caseworker, make_org):
    other = make_case(person=make_person(names=[(NameKind.GIVEN, "Айгуль")]))
    for target, country in ((case, "RU"), (other, "KZ")):
        services.note_add(actor=caseworker, case=target, text=f"Note <{country}> & more")
        services.event_add(
            actor=caseworker, case=target, kind="Exploitation", country=country,
            date_from=dt.date(2025, 3, 1), description="Held in a <flat>",
        )  # fmt: skip
        services.event_add(actor=caseworker, case=target, kind="Recruitment", country=country)
        services.consent_record(
            actor=caseworker, case=target, purpose="referral", organisation=make_org()
        )
    return case, other


def test_rows_are_those_of_the_queryset_for_each_id(two_cases):
    built = []

    def build(pk):
        built.append(pk)
        return TraffickingEvent.objects.filter(case_id=pk)

    read = ReadById(build)
    for case in two_cases:
        rows = read(case.pk)
        expected = list(TraffickingEvent.objects.filter(case_id=case.pk))
        assert [type(row) for row in rows] == [TraffickingEvent] * 2
        # decrypted description, dates, country and the model's order (undated last)
        assert _fields(rows) == _fields(expected)
        assert rows[0].description == "Held in a <flat>" and rows[1].date_from is None
        assert not rows[0]._state.adding and rows[0]._state.db == "default"
    assert built == [two_cases[0].pk]  # the SQL was built once, for the first id


def test_select_related_rows_come_with_their_related_record(two_cases):
    read = ReadById(lambda pk: Consent.objects.filter(case_id=pk).select_related("organisation"))
    case, other = two_cases
    read(case.pk)
    with CaptureQueriesContext(connection) as queries:
        rows = read(other.pk)
        names = [row.organisation and row.organisation.name for row in rows]
    assert len(queries) == 1
    expected = Consent.objects.filter(case=other).select_related("organisation")
    assert names == [row.organisation and row.organisation.name for row in expected]
    assert names[0] is None and names[1].startswith("Org ")  # assistance, then the referral


def test_rows_in_fetch_peers_mode_load_a_relation_for_all_of_them_at_once(
    two_cases, caseworker, make_org
):
    case = two_cases[1]
    services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=make_org()
    )
    read = ReadById(lambda pk: Consent.objects.filter(case_id=pk).fetch_mode(FETCH_PEERS))
    for rows in (
        read(case.pk),
        list(Consent.objects.filter(case_id=case.pk).fetch_mode(FETCH_PEERS)),
    ):
        with CaptureQueriesContext(connection) as queries:
            names = [row.organisation and row.organisation.name for row in rows]
        assert names[0] is None and len(set(names[1:])) == 2  # assistance, two referrals
        assert len(queries) == 1  # both organisations in one query, as Django's own rows


def test_a_case_with_no_rows_reads_an_empty_list(case, caseworker):
    services.note_add(actor=caseworker, case=case, text="x")
    read = ReadById(lambda pk: CaseNote.objects.filter(case_id=pk))
    assert [note.text for note in read(case.pk)] == ["x"]
    assert read(case.pk + 1000) == []


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda pk: CaseNote.objects.filter(case_id=pk, by_id=2), "only parameter is the id"),
        (lambda pk: CaseNote.objects.filter(case_id__gte=0), "only parameter is the id"),
        (lambda pk: CaseNote.objects.filter(case_id=pk).values("id"), "model instances"),
        (lambda pk: CaseNote.objects.none(), "model instances"),
    ],
)
def test_a_read_it_cannot_keep_is_refused_at_first_use(case, build, message):
    with pytest.raises(TypeError, match=message):
        ReadById(build)(case.pk)


def test_the_id_must_be_an_integer(case):
    read = ReadById(lambda pk: CaseNote.objects.filter(case_id=pk))
    with pytest.raises(TypeError, match="integer id, not str"):
        read(str(case.pk))  # type: ignore[arg-type]


def test_screenings_of_a_case_are_its_own_organisations_oldest_first(
    case, caseworker, make_member, other_org
):
    origin, later = (
        screening_services.screening_create(actor=caseworker, organisation=case.organisation)
        for _ in range(2)
    )
    stranger = make_member("caseworker", other_org)
    elsewhere = screening_services.screening_create(actor=stranger, organisation=other_org)
    # The case was opened from `origin` (its link since undone), `later` and another
    # organisation's screening carry the case's id.
    Screening.objects.filter(pk__in=[later.pk, elsewhere.pk]).update(case_id=case.pk)

    def read(screening_id):
        found = screening_selectors.screenings_of_case(
            organisation_id=case.organisation_id, case_id=case.pk, screening_id=screening_id
        )
        return [screening.pk for screening in found]

    assert read(origin.pk) == [origin.pk, later.pk]
    assert read(None) == [later.pk]
    assert read(elsewhere.pk) == [later.pk]
    Screening.objects.filter(pk=origin.pk).update(case_id=case.pk)
    assert read(origin.pk) == [origin.pk, later.pk]  # read once, not twice


def test_the_case_page_gate_is_the_gate_with_names_and_history_read_by_id(
    case, caseworker, outsider, personas
):
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    membership = caseworker.memberships.get()
    views = AuditEvent.objects.filter(action="cases.case.view", object_id=str(case.pk))
    before = views.count()
    opened = selectors.case_get_for_page(user=caseworker, membership=membership, id=case.pk)
    assert views.count() == before + 1  # every case read is audited, as through the gate
    gated = selectors.case_get_for_user(user=caseworker, membership=membership, id=case.pk)
    with CaptureQueriesContext(connection) as queries:
        name = opened.person.display_name
        history = selectors.stage_history(opened)
    assert len(queries) == 0  # both were read with the case
    assert name == gated.person.display_name == "Жылдыз Ахметова"
    assert all(isinstance(change, StageChange) for change in history)
    assert [c.to_stage for c in history] == [c.to_stage for c in selectors.stage_history(gated)]
    assert [c.to_stage for c in history] == ["identification", "protection_assistance"]
    for user in (outsider, personas[Role.ANALYST]):
        with pytest.raises(NotFound):
            selectors.case_get_for_page(user=user, membership=user.memberships.get(), id=case.pk)
