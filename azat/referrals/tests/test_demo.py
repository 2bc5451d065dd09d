"""The demo world gets providers and referrals in every state, made through the services."""

from collections import Counter

from django.utils import timezone

from azat.accounts import demo as accounts_demo
from azat.cases import demo as cases_demo
from azat.referrals import demo
from azat.referrals.models import Provider, Referral, ServiceDelivery


def test_demo_referrals_cover_the_workflow_and_cross_border_referrals(db):
    world: dict = {}
    accounts_demo.populate(world)
    cases_demo.populate(world)
    made = demo.populate(world)
    assert len(made) == Referral.objects.count() == 7
    assert Provider.objects.count() == len(demo.PROVIDERS)
    shelter = Provider.objects.get(organisation=world["organisations"]["shelter_kg"])
    assert "shelter" in shelter.services
    assert Counter(Referral.objects.values_list("state", flat=True)) == {
        "in_progress": 1,
        "completed": 1,
        "sent": 2,
        "declined": 1,
        "draft": 1,
        "withdrawn": 1,
    }
    today = timezone.localdate()
    assert sum(r.is_overdue(today) for r in Referral.objects.all()) == 1
    crossing = Referral.objects.select_related("sender", "receiver")
    assert sum(r.is_cross_border for r in crossing) == 2
    assert ServiceDelivery.objects.count() == 3
    # Running the demo again changes nothing.
    demo.populate(world)
    assert Referral.objects.count() == 7
