import pytest

from partnerships import demo_governance
from partnerships.demo import build_foundation
from partnerships.governance import rules
from partnerships.governance.models import (
    Agreement, CompositionChange, Decision, DistributionKey, FacetStatus, HybridTension, Initiative,
    InitiativeNotice, Issue, Meeting, Milestone, Objection,
)

MODELS = (Meeting, Decision, Objection, Agreement, Issue, Initiative, CompositionChange, FacetStatus,
          HybridTension, DistributionKey, Milestone, InitiativeNotice)


def counts():
    return [model.objects.count() for model in MODELS]


@pytest.mark.django_db(transaction=True)
def test_the_demo_shows_a_living_partnership_and_runs_twice_without_duplicates():
    world = build_foundation()
    demo_governance.build(world)
    turnhout = world.turnhout
    board = Meeting.objects.filter(partnership=turnhout, kind=Meeting.Kind.BOARD)
    held = sorted(board.values_list("held_on", flat=True))
    assert len(held) >= 6 and (held[-1] - held[0]).days >= 300  # a year of board meetings
    from django.utils import timezone

    assert held[-1] > timezone.localdate()  # and the next one is planned
    consent = Decision.objects.filter(partnership=turnhout, method="consent", status="adopted")
    assert consent.count() >= 4
    assert Objection.objects.filter(decision__in=consent, resolved_at__isnull=False).exists()
    issues = Issue.objects.filter(partnership=turnhout)
    assert issues.count() == 2 and issues.filter(status=rules.IssueStatus.CLOSED).exclude(feedback="").count() == 1
    assert len(set(Initiative.objects.filter(partnership=turnhout).values_list("status", flat=True))) == 2
    facets = FacetStatus.objects.filter(agreement__partnership=turnhout)
    assert facets.count() == 5 and not facets.filter(strengths="").exists()
    # The shared initiative reached Mechelen's coordinator.
    assert InitiativeNotice.objects.filter(recipient=world.users["coordinator.mechelen"]).exists()
    first = counts()
    demo_governance.build(build_foundation())
    assert counts() == first
