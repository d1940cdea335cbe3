"""The reporting URLs under the shared walker's rules (runs even while other apps' samples are missing)."""

import pytest
from django.conf import settings
from django.urls import reverse

from ..scoping import SAMPLES, SAMPLES_OWN
from ..test_scoping_walker import fetch, visitable
from ..world import B_SECRET


def reporting_urls():
    return [(name, kwargs) for name, _route, kwargs in visitable()
            if name.startswith(("reporting:", "budget-", "report-job-", "questionnaire-response-"))]


@pytest.mark.django_db
def test_partnership_b_objects_are_404_for_partnership_a(client, world):
    checked = 0
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, kwargs in reporting_urls():
            if not kwargs:
                continue
            url = reverse(name, kwargs={kw: SAMPLES[kw](world) for kw in kwargs})
            response = fetch(client, url)
            assert response.status_code == 404, f"{user.username} {url} ({name}) -> {response.status_code}"
            checked += 1
    assert checked >= 4 * 16


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_own_pages_render_for_coordinator_coach_and_board(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    rendered = 0
    for user in (world.coordinator_a, world.coach_a, world.board_a, world.team_coach_a):
        client.force_login(user)
        for name, kwargs in reporting_urls():
            if not name.startswith("reporting:"):
                continue  # the API answers 404 to roles without reporting access (scoped querysets)
            own = {kw: world.partnership_a.code if kw == "partnership" else SAMPLES_OWN[kw](world) for kw in kwargs}
            url = reverse(name, kwargs=own)
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 405), f"{user.username} {url} -> {response.status_code}"
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                assert B_SECRET not in response.content.decode()
                rendered += 1
    assert rendered >= 10
