"""In a real browser: a board member records a consent decision at a meeting."""

from datetime import date

import pytest

from partnerships.governance import services
from partnerships.governance.models import Meeting
from tests.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_records_a_consent_decision_with_one_objection_resolved(page, browser_login, live_server):
    world = make_world()
    meeting = services.meeting_create(partnership=world.partnership_a, by=world.coordinator_a, kind=Meeting.Kind.BOARD,
                                      held_on=date(2025, 3, 10), title="Bestuursraad maart")
    browser_login(world.board_a)
    page.goto(f"{live_server.url}/bestuur/vergaderingen/{meeting.code}/")
    assert page.get_by_role("heading", name="Bestuursraad maart").is_visible()

    page.get_by_role("link", name="Besluit noteren").click()
    page.get_by_label("Onderwerp").fill("Gedeelde intake")
    page.get_by_label("Voorstel").fill("Eén intake voor alle partners, met toestemming gedeeld.")
    assert page.get_by_label("Besluitvormingsmethode").input_value() == "consent"
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("heading", name="Gedeelde intake").is_visible()

    page.get_by_text("Bezwaar noteren").click()
    page.get_by_label("Beargumentering van het bezwaar").fill("Wie bewaart de gegevens?")
    page.get_by_role("button", name="Bezwaar bewaren").click()
    assert page.get_by_text("Het bezwaar is genoteerd.").is_visible()

    page.get_by_label("Hoe werd het bezwaar opgelost?").fill("Het OCMW bewaart ze, met een verwerkersovereenkomst.")
    page.get_by_role("button", name="Bezwaar opgelost").click()
    assert page.get_by_text("Het bezwaar is opgelost.").is_visible()

    page.get_by_role("button", name="Besluit afronden").click()
    assert page.get_by_text("Het besluit is aangenomen.").is_visible()

    page.get_by_role("link", name="Besluitenlijst").first.click()
    row = page.get_by_role("row", name="Gedeelde intake")
    assert row.is_visible()
    assert "Aangenomen" in row.inner_text() and "Consent" in row.inner_text() and "1 (0 open)" in row.inner_text()
