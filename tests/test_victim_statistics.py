# ruff: noqa: F811 - the fixtures imported from the linkage tests are used as arguments
"""The victim statistics page across apps (cases, linkage, reporting): analysts and supervisors
see persons counted once, never a name. Here and not in azat/reporting/tests, because building the
data needs services, which reporting may not import."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from azat.linkage import services as linkage_services
from azat.linkage.tests.conftest import make_person, org_kz, people, same_person  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_analyst_sees_persons_counted_once_and_no_name(people, client_for, same_person):
    linkage_services.linkage_run_start(actor=people["sysadmin"])
    response = client_for(people["analyst"]).get(reverse("reporting:victims"))
    html = response.content.decode()
    assert response.status_code == 200
    for value in ("Жылдыз", "Ахметова", "Zhyldyz", "Akhmetova", "AC1234567"):
        assert value not in html
    # One person, two records: both below five, so both shown as "<5".
    assert "&lt;5" in html
    assert response.context["total"].persons.mark == "small"


def test_statistics_count_clusters_not_records(
    people,
    client_for,
    org,
    org_kz,
    make_person,
):
    for i in range(6):
        make_person(people["caseworker"], org, f"Айгуль{i}", f"Бекова{i}", birth=None)
        make_person(people["kz_caseworker"], org_kz, f"Aigul{i}", f"Bekova{i}")
    before = client_for(people["supervisor"]).get(reverse("reporting:victims"))
    assert before.context["total"].records.count == 12
    assert before.context["total"].persons.count == 12
    linkage_services.linkage_run_start(actor=people["sysadmin"])
    after = client_for(people["analyst"]).get(reverse("reporting:victims"))
    assert after.context["total"].records.count == 12
    assert after.context["total"].persons.count == 6


def test_other_roles_and_outsiders_get_not_found(people, client_for, make_org, make_member):
    for who in ("caseworker", "sysadmin"):
        assert client_for(people[who]).get(reverse("reporting:victims")).status_code == 404
    outsider = make_member("provider", make_org())
    assert client_for(outsider).get(reverse("reporting:victims")).status_code == 404
