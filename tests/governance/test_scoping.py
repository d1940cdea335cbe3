"""The scoping walker and the i18n render check, for governance's URLs only
(the shared tests cover every app; these keep governance honest on its own)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.scoping import SAMPLES, SAMPLES_OWN
from tests.test_scoping_walker import fetch, visitable
from tests.world import B_SECRET

pytestmark = pytest.mark.django_db


def governance_urls():
    return [(name, kwargs) for name, _route, kwargs in visitable() if name.startswith("governance:")]


def test_every_governance_url_with_partnership_b_objects_is_404_for_partnership_a(client, world):
    urls = governance_urls()
    assert len(urls) > 40
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, kwargs in urls:
            if not kwargs:
                continue
            url = reverse(name, kwargs={kw: SAMPLES[kw](world) for kw in kwargs})
            response = fetch(client, url)
            assert response.status_code == 404, f"{user.username} {url} ({name}) -> {response.status_code}"


def test_governance_pages_without_object_never_show_partnership_b(client, world):
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, kwargs in governance_urls():
            if kwargs:
                continue
            response = fetch(client, reverse(name))
            assert response.status_code < 500
            assert B_SECRET.encode() not in response.content


@pytest.mark.parametrize("language, marker", [("nl-be", 'lang="nl"'), ("en", 'lang="en"')])
def test_governance_pages_render_for_partnership_a(client, world, language, marker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    checked = 0
    for user in (world.coordinator_a, world.coach_a, world.board_a, world.quality_a):
        client.force_login(user)
        for name, kwargs in governance_urls():
            values = {kw: (SAMPLES_OWN[kw](world) if kw in SAMPLES_OWN else world.partnership_a.code) for kw in kwargs}
            response = client.get(reverse(name, kwargs=values))
            if response.status_code in (302, 403, 405) or "text/html" not in response.get("Content-Type", ""):
                continue
            assert response.status_code == 200, f"{user.username} {name} -> {response.status_code}"
            body = response.content.decode()
            assert marker in body and B_SECRET not in body, name
            checked += 1
    assert checked > 60
