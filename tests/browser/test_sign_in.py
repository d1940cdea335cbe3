import pytest

from tests.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_signs_in_on_a_phone_and_opens_the_menu(page, browser_login, live_server):
    world = make_world()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(world.coach_a)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Goeiedag Coach_a").is_visible()
    page.get_by_role("button", name="Menu openen of sluiten").click()
    page.get_by_role("link", name="Partnerschappen", exact=True).click()
    page.get_by_role("link", name="Partnerschap Turnhout").click()
    assert page.get_by_role("heading", name="Partnerschap Turnhout").is_visible()
    # The other partnership is not reachable, not even by its address.
    page.goto(f"{live_server.url}/partnerschappen/{world.partnership_b.code}/")
    assert page.get_by_role("heading", name="Niet gevonden").is_visible()


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page, browser_login):
    world = make_world()
    browser_login(world.coach_a)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
