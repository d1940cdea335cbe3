import pytest
from django.urls import reverse

from cases import demo
from cases.models import Case, Consultation, FailureDemand, Interaction, ScaleScore, ValueReading
from partnerships.demo import build_foundation


@pytest.mark.django_db
def test_the_demo_fills_turnhout_with_40_cases_of_history_once(client):
    world = build_foundation()
    demo.build(world)
    counts = [m.objects.count() for m in (Case, ScaleScore, ValueReading, FailureDemand, Interaction, Consultation)]
    demo.build(world)
    assert [m.objects.count() for m in (Case, ScaleScore, ValueReading, FailureDemand, Interaction, Consultation)] == counts
    cases = Case.objects.filter(partnership=world.turnhout)
    assert cases.count() == 40
    assert counts[1] > 200 and counts[2] > 60 and counts[3] > 20 and counts[4] > 500
    assert set(cases.values_list("lead_coach__username", flat=True)) == {"coach", "coach2", "coach3"}
    assert cases.filter(status="closed").exists() and cases.filter(fits_no_persona=True).exists()
    assert world.turnhout.consultations.count() == 3
    # a closed case has no interactions, scores or follow-ups after its closing date
    for case in cases.filter(status="closed"):
        assert not case.interactions.filter(occurred_at__date__gt=case.close_date).exists()
        assert not case.scale_scores.filter(measured_at__gt=case.close_date).exists()
        assert not case.follow_ups.filter(done_on__gt=case.close_date).exists()
    # the pages show it
    client.force_login(world.users["coach"])
    case = cases.filter(lead_coach=world.users["coach"]).order_by("start_date").first()
    body = client.get(reverse("cases:detail", kwargs={"case": case.code})).content.decode()
    assert 'class="area"' in body and 'class="series"' in body
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("cases:learning", kwargs={"partnership": world.turnhout.code})).content.decode()
    assert "Mediaan" in body and "Nog geen gegevens" not in body
