import pytest
from django.core.management import call_command

from partnerships.models import Membership, Organisation, PartnerOrganisation, Partnership, User


def counts():
    return [m.objects.count() for m in (Organisation, Partnership, PartnerOrganisation, Membership, User)]


@pytest.mark.django_db
def test_the_demo_builds_turnhout_and_a_second_partnership():
    call_command("demo", stdout=None)
    turnhout = Partnership.objects.get(name__icontains="Turnhout")
    assert turnhout.pen_holder.name == "Regio in Transitie"
    names = set(turnhout.organisations.values_list("name", flat=True))
    assert {"Arktos", "CGG Kempen", "Emino", "Ligo Kempen", "Route 11", "Synkroon", "WEB",
            "OCMW Turnhout", "VDAB", "VVSG", "Regio in Transitie"} <= names
    roles = set(turnhout.memberships.values_list("role", flat=True))
    assert roles == {"coach", "expert", "team_coach", "coordinator", "board_member", "quality_coach"}
    assert Partnership.objects.count() >= 2
    assert User.objects.get(username="coach").check_password("demo-partnerschap-2026")


@pytest.mark.django_db
def test_running_the_demo_twice_duplicates_nothing():
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
