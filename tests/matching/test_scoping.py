"""The walker's checks restricted to the matching URLs (so they run on their own), plus
the matching's own roles: the work area is the scope."""

import pytest
from django.conf import settings
from django.urls import reverse

from ..scoping import SAMPLES, SAMPLES_OWN
from ..test_scoping_walker import fetch, visitable

pytestmark = pytest.mark.django_db


def matching_urls():
    return [(name, kwargs) for name, _route, kwargs in visitable() if name.startswith("matching:")]


def test_every_matching_url_with_b_objects_is_404_for_a_and_for_b_candidates_of_other_orgs(client, world):
    checked = 0
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, kwargs in matching_urls():
            if not kwargs:
                continue
            url = reverse(name, kwargs={kw: SAMPLES[kw](world) for kw in kwargs})
            response = fetch(client, url)
            assert response.status_code == 404, f"{user.username} {url} ({name}) -> {response.status_code}"
            checked += 1
    assert checked > 40


def test_a_matchmaker_of_b_sees_nothing_of_a(client, world):
    from matching.models import MatchingRole

    SAMPLES["work_area"](world)
    SAMPLES_OWN["work_area"](world)
    b_matchmaker = MatchingRole.objects.get(work_area=world.partnership_b.work_area, role="matchmaker", user__username="mb_vdab1").user
    client.force_login(b_matchmaker)
    for name, kwargs in matching_urls():
        if not kwargs or "mail_kind" in kwargs:
            continue
        url = reverse(name, kwargs={kw: SAMPLES_OWN[kw](world) for kw in kwargs})
        response = fetch(client, url)
        assert response.status_code == 404, f"{url} ({name}) -> {response.status_code}"


def test_anonymous_visitors_get_the_login_page_except_the_public_addenda(client, world):
    for name, kwargs in matching_urls():
        url = reverse(name, kwargs={kw: SAMPLES[kw](world) for kw in kwargs})
        response = fetch(client, url)
        if getattr(response, "public_page", False):
            assert name == "matching:public_addenda" and response.status_code == 200
            continue
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_every_matching_page_renders_for_its_own_people(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    rendered = 0
    for user in (world.coordinator_a, world.board_a, world.coach_a):
        client.force_login(user)
        for name, kwargs in matching_urls():
            url = reverse(name, kwargs={kw: SAMPLES_OWN[kw](world) for kw in kwargs})
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 405), f"{user.username} {url} -> {response.status_code}"
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                rendered += 1
    assert rendered > 40
