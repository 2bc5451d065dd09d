"""The linkage demo: the same person in two organisations, found and linked as the pages say."""

from __future__ import annotations

from azat.accounts import demo as accounts_demo
from azat.cases import selectors as case_selectors
from azat.linkage import demo, selectors
from azat.linkage.models import RunStatus


def test_demo_links_the_two_records_and_the_lookup_example_finds_them(db):
    world: dict = {}
    accounts_demo.populate(world)
    run = demo.populate(world)
    assert run is not None and run.status == RunStatus.DONE
    caseworker = world["users"]["caseworker"]
    membership = caseworker.memberships.select_related("organisation").get()
    # The example the lookup form gives, typed as it reads.
    found = case_selectors.person_lookup(
        user=caseworker, membership=membership, name="Жылдыз Ахметова"
    )
    assert [p.names.get(kind="given").value for p in found] == ["Жылдыз"]
    (notice,) = selectors.known_elsewhere(person=found[0], membership=membership)
    assert notice.organisation.pk == world["organisations"]["iom_kz"].pk
    assert notice.basis == "linked"
