"""An initiative links the failure demands (cases app) it addresses: only those of its own
partnership; their details only for someone who may read the cases."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, FailureDemand
from partnerships.governance import services

from .factories import initiative

pytestmark = pytest.mark.django_db


def failure_demand(partnership, description="Deelnemer kwam voor niets naar de afspraak."):
    case = Case.objects.create(partnership=partnership, start_date=date(2025, 1, 6))
    return FailureDemand.objects.create(case=case, occurred_on=date(2025, 2, 3), description=description,
                                        cause="mismatch")


def test_an_initiative_links_failure_demands_of_its_own_partnership_only(world):
    own, other = failure_demand(world.partnership_a), failure_demand(world.partnership_b)
    proposal = initiative(world)
    services.initiative_update(initiative=proposal, by=world.coach_a, failure_demands=[own])
    assert list(proposal.failure_demands.all()) == [own]
    with pytest.raises(ValidationError) as exc:
        services.initiative_update(initiative=proposal, by=world.coach_a, failure_demands=[own, other])
    assert exc.value.message_dict["failure_demands"] == [str(services.ERROR_OTHER_PARTNERSHIP)]
    assert list(proposal.failure_demands.all()) == [own]  # the refused write changed nothing


def test_the_form_offers_the_partnerships_failure_demands_and_the_page_shows_them(client, world):
    own, other = failure_demand(world.partnership_a), failure_demand(world.partnership_b, "Andere partner")
    client.force_login(world.coach_a)
    url = reverse("governance:initiative_create", kwargs={"partnership": world.partnership_a.code})
    form = client.get(url).content.decode()
    assert 'name="failure_demands"' in form and own.description in form and "Andere partner" not in form
    response = client.post(url, {
        "title": "Vaste contactdag", "waste_or_failure_demand": "Afspraken worden verzet.", "cause": "Geen vaste dag.",
        "rationale": "Voorspelbaar.", "evaluation_method": "Verzette afspraken tellen.",
        "failure_demands": [own.pk, other.pk],
    })
    assert response.status_code == 400  # another partnership's failure demand is not a valid choice
    assert 'value="Vaste contactdag"' in response.content.decode()
    response = client.post(url, {
        "title": "Vaste contactdag", "waste_or_failure_demand": "Afspraken worden verzet.", "cause": "Geen vaste dag.",
        "rationale": "Voorspelbaar.", "evaluation_method": "Verzette afspraken tellen.", "failure_demands": [own.pk],
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert reverse("cases:detail", kwargs={"case": own.case.code}) in page
    # A board member (no access to the cases) sees how many, not which.
    client.force_login(world.board_a)
    page = client.get(response["Location"]).content.decode()
    assert "Faalvragen (1)" in page and str(own.case.code) not in page
