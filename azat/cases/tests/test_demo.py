"""The demo world gets a believable spread of synthetic cases."""

from collections import Counter

from azat.accounts import demo as accounts_demo
from azat.cases import demo, selectors
from azat.cases.models import Case, Person


def test_demo_cases_cover_the_five_countries_and_every_stage(db):
    world: dict = {}
    accounts_demo.populate(world)
    cases = demo.populate(world)
    assert len(cases) == len(demo.CASES) == Case.objects.count()
    citizenships = {c.code for p in Person.objects.all() for c in p.citizenships}
    assert citizenships == {"KG", "KZ", "TJ", "TM", "UZ"}
    stages = Counter(Case.objects.values_list("stage", flat=True))
    assert set(stages) == {
        "identification",
        "protection_assistance",
        "return",
        "reintegration",
        "closed",
    }
    for person in Person.objects.all():
        assert demo.DEMO_MARK in person.display_name
    from django.utils import timezone

    today = timezone.localdate()
    assert any(selectors.case_is_past_target(c, today=today) for c in Case.objects.all())
    # A second run adds nothing.
    demo.populate(world)
    assert Case.objects.count() == len(demo.CASES)


def test_demo_person_is_found_from_cyrillic(db):
    world: dict = {}
    accounts_demo.populate(world)
    demo.populate(world)
    user = world["users"]["caseworker"]
    membership = user.memberships.get()
    found = selectors.person_lookup(user=user, membership=membership, name="Айгерим Токтогулова")
    assert [p.names.get(kind="given").value for p in found] == ["Айгерим"]
