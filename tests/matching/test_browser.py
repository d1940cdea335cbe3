"""A matchmaker in a real browser: signs in, declares no conflict, scores round 1, opens the jury view."""

import pytest

from tests.world import make_world

from .helpers import make_matching_world, submitted_candidacy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_matchmaker_declares_no_conflict_scores_round_1_and_opens_the_jury_view(page, browser_login, live_server):
    world = make_world()
    mw = make_matching_world(world.partnership_a.work_area)
    submitted_candidacy(mw, "Emino")
    browser_login(mw.external1)

    page.get_by_role("link", name="Stadsregio Turnhout").click()
    page.get_by_role("link", name="Belangenconflict verklaren").click()
    page.get_by_label("Nee, ik heb geen belangenconflict").check()
    page.get_by_role("button", name="Verklaring bewaren").click()
    assert page.get_by_text("Je verklaring is bewaard.").is_visible()

    page.get_by_role("link", name="Scoren ronde 1").click()
    assert page.get_by_role("heading", name="Cruciale bijdrage: beoordelingsvragen").is_visible()
    page.locator("input[name=crucial_value][value='3']").check()
    page.get_by_label("Motivering cruciale bijdrage").fill("Sterk lokaal verankerd, concreet aanbod")
    page.locator("input[name=fit_value][value='2']").check()
    page.get_by_label("Motivering fit for partnership").fill("Weinig ervaring met gelijkwaardig samen beslissen")
    page.get_by_role("button", name="Scores indienen").click()

    page.wait_for_url(f"{live_server.url}/matching/gebieden/{mw.area.code}/ronde/1/")
    assert page.get_by_role("heading", name="Jury Stadsregio Turnhout — ronde 1").is_visible()
    row = page.get_by_role("row").filter(has_text="Emino vzw")
    assert "3 / 2" in row.inner_text()
