"""The "may already be known to" selector itself: each basis, which one wins, who is a contact,
and who gets no notice at all. The pages' side of the notice is in test_views."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.accounts.models import Membership
from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import Gender
from azat.linkage import selectors, services
from azat.linkage.models import CandidateLink, LinkRun, LinkState, PersonCluster

pytestmark = pytest.mark.django_db


def _membership(user) -> Membership:
    return Membership.objects.select_related("organisation").get(user=user)


def _notices(person, user) -> list[tuple[str, str]]:
    found = selectors.known_elsewhere(person=person, membership=_membership(user))
    return [(notice.organisation.name, notice.basis) for notice in found]


def _part_clusters(*persons) -> None:
    """Put each person in a cluster of its own in the latest run, as if the run had not
    joined them."""
    run = LinkRun.objects.get()
    for person in persons:
        PersonCluster.objects.filter(run=run, person=person).update(cluster_key=f"own-{person.pk}")


def test_a_pair_waiting_for_review_is_a_candidate(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    CandidateLink.objects.update(state=LinkState.REVIEW, probability=0.8)
    _part_clusters(kg, kz)
    assert _notices(kg, people["caseworker"]) == [("IOM Almaty", "candidate")]
    # The other side sees the same, from its own organisation.
    assert _notices(kz, people["kz_caseworker"]) == [("Home NGO", "candidate")]


def test_a_confirmed_pair_is_linked_even_where_the_clusters_differ(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    CandidateLink.objects.update(state=LinkState.REVIEW, probability=0.8)
    services.link_decide(
        actor=people["supervisor"], candidate=CandidateLink.objects.get(), verdict="confirmed"
    )
    _part_clusters(kg, kz)
    assert _notices(kg, people["caseworker"]) == [("IOM Almaty", "linked")]


def test_an_organisation_is_named_once_at_its_strongest_basis(people, org, org_kz, make_person):
    """One organisation holds the same person (a hint by document) and a namesake (a hint by
    name): it is named once. A later run links the first; the notice then says linked."""
    born = dt.date(1990, 1, 2)
    kg = make_person(
        people["caseworker"], org, "Жылдыз", "Ахметова", birth=born, document="AC1234567"
    )
    make_person(
        people["kz_caseworker"], org_kz, "Zhyldyz", "Akhmetova", birth=born, document="AC1234567"
    )
    make_person(people["kz_caseworker"], org_kz, "Zhyldyz", "Akhmetova", document="N9988776")
    assert _notices(kg, people["caseworker"]) == [("IOM Almaty", "hint")]
    services.linkage_run_start(actor=people["sysadmin"])
    assert _notices(kg, people["caseworker"]) == [("IOM Almaty", "linked")]


def test_linked_comes_before_a_pair_waiting_for_review(people, make_org, make_member, same_person):
    kg, _kz = same_person
    uz = make_org(OrgType.NGO, "UZ", name="Aa Tashkent")
    uz_caseworker = make_member(Role.CASEWORKER, uz)
    services.linkage_run_start(actor=people["sysadmin"])
    run = LinkRun.objects.get()
    # A third record in another organisation, put by hand in the review range with kg.
    third = case_services.person_create(
        actor=uz_caseworker,
        organisation=uz,
        names=[("given", "Zhyldyz"), ("family", "Akhmetova")],
        documents=[],
        gender=Gender.FEMININE,
        birth_date=None,
    )
    PersonCluster.objects.create(run=run, person=third, cluster_key=f"own-{third.pk}")
    left, right = sorted([kg, third], key=lambda p: p.pk)
    CandidateLink.objects.create(
        run=run,
        left=left,
        right=right,
        probability=0.7,
        match_weight=1.2,
        state=LinkState.REVIEW,
    )
    # "Aa Tashkent" sorts first by name, but a linked organisation comes before a candidate.
    assert _notices(kg, people["caseworker"]) == [
        ("IOM Almaty", "linked"),
        ("Aa Tashkent", "candidate"),
    ]


def test_contacts_are_the_active_supervisors_in_name_order(
    people, org_kz, make_member, same_person
):
    kg, _kz = same_person
    make_member(Role.SUPERVISOR, org_kz, email="a.supervisor@iom.example")
    gone = make_member(Role.SUPERVISOR, org_kz, email="gone@iom.example")
    Membership.objects.filter(user=gone).update(is_active=False)
    left = make_member(Role.SUPERVISOR, org_kz, email="left@iom.example")
    left.is_active = False
    left.save(update_fields=["is_active"])
    services.linkage_run_start(actor=people["sysadmin"])
    (notice,) = selectors.known_elsewhere(person=kg, membership=_membership(people["caseworker"]))
    names = {c.email: c.name for c in notice.contacts}
    assert list(names) == sorted(names, key=lambda email: (names[email], email))
    assert set(names) == {"kz.supervisor@iom.example", "a.supervisor@iom.example"}


def test_an_inactive_organisation_is_named_without_contacts(people, org_kz, same_person):
    kg, _kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    org_kz.is_active = False
    org_kz.save(update_fields=["is_active"])
    (notice,) = selectors.known_elsewhere(person=kg, membership=_membership(people["caseworker"]))
    assert notice.organisation.name == "IOM Almaty"
    assert notice.contacts == []
    assert str(notice.organisation.country.name) == "Kazakhstan"


def test_no_notice_for_other_roles_or_another_organisations_person(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    assert _notices(kg, people["analyst"]) == []
    assert _notices(kz, people["caseworker"]) == []
    assert _notices(kg, people["supervisor"]) == [("IOM Almaty", "linked")]


def test_a_person_without_a_given_and_family_name_is_hinted_by_document_only(
    people, org, org_kz, make_org, make_member, make_person
):
    """No name hash is no name: persons elsewhere who also lack one are not namesakes."""
    from azat.cases.models import NameKind

    passport_only = make_person(
        people["caseworker"],
        org,
        "",
        "",
        extra=((NameKind.DOCUMENT, "SULTANOVA AIDA"),),
        document="AC7654321",
    )
    assert passport_only.full_name_hash == "" and passport_only.short_name_hash == ""
    make_person(people["kz_caseworker"], org_kz, "Aida", "Sultanova", document="AC 7654321")
    elsewhere = make_org(OrgType.NGO, "UZ", name="Aa Tashkent")
    make_person(
        make_member(Role.CASEWORKER, elsewhere),
        elsewhere,
        "",
        "",
        extra=((NameKind.ALIAS, "Aida"),),
    )
    assert _notices(passport_only, people["caseworker"]) == [("IOM Almaty", "hint")]
