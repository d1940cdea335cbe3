"""On a phone: a coach opens a case, logs an interaction, scores the 1-10 scale
with an interpretation, adds a star reading and sees it on the diagram."""

import re
from datetime import date

import pytest

from cases import services
from cases.models import Interaction, ScaleScore, ValueReading
from tests.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_works_a_case_from_a_phone(page, browser_login, live_server):
    world = make_world()
    participant = services.participant_create(partnership=world.partnership_a, by=world.coach_a,
                                              first_name="Nadia", last_name="Bakkali")
    case = services.case_open(partnership=world.partnership_a, by=world.coach_a, start_date=date(2025, 3, 3),
                              lead_coach=world.coach_a, participants=[participant])
    services.value_demand_add(case=case, by=world.coach_a, text="Een eigen plek om te wonen")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(world.coach_a)

    page.get_by_role("button", name="Menu openen of sluiten").click()
    page.get_by_role("link", name="Casussen", exact=True).click()
    page.get_by_role("link", name="Nadia Bakkali").click()
    assert page.get_by_role("heading", name="Nadia Bakkali").is_visible()

    # an interaction: channel and duration, two taps and a number
    page.get_by_role("link", name="Interactie", exact=True).click()
    page.get_by_label("Telefoon").check()
    page.get_by_label("Duur (minuten)").fill("15")
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_text("De interactie is geregistreerd.").is_visible()
    assert Interaction.objects.get().duration_minutes == 15

    # the 1-10 scale: without interpretation it is refused, the choice stays
    page.get_by_role("link", name="Schaal 1-10").click()
    page.get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_text(str(services.INTERPRETATION_REQUIRED)).is_visible()
    assert page.get_by_label("6", exact=True).is_checked()
    page.get_by_label("Interpretatie").fill("Ging zelf naar het OCMW en regelde haar attest.")
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_text("De score is bewaard.").is_visible()
    assert ScaleScore.objects.get().score == 6

    # a star reading by the participant herself, then on the diagram
    page.get_by_role("link", name="Stervoorstelling").click()
    page.get_by_label("Deelnemer zelf").check()
    page.get_by_role("group", name="Een eigen plek om te wonen").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Lezing bewaren").click()
    assert page.get_by_text("De lezing is bewaard.").is_visible()
    assert ValueReading.objects.get().scores.get().score == 4
    star = page.locator("figure.chart", has=page.locator("svg .area"))
    assert star.count() == 1
    assert re.search(r"– Deelnemer zelf", star.locator("svg").text_content())  # in the legend
    # the phone does not need to scroll sideways
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392).slice(0, 5).map(e => e.tagName + '.' + e.className.baseVal + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
