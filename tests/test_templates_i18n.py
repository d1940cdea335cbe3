"""Every template compiles, and the pages render in Dutch (default) and English."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from .scoping import SKIPPED_PREFIXES, SKIPPED_URL_NAMES
from .test_scoping_walker import visitable

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    "name", sorted(str(p.relative_to(TEMPLATE_DIR)) for p in TEMPLATE_DIR.rglob("*.html"))
)
def test_every_template_compiles(name):
    get_template(name)


def pages_of_partnership_a(world):
    """URL names with A's own objects filled in, for the people of A."""
    values = {
        "partnership": world.partnership_a.code,
        "membership_id": world.partnership_a.memberships.first().pk,
        "format": "json",
    }
    from .scoping import SAMPLES_OWN

    for name, route, kwargs in visitable():
        own = {kw: (SAMPLES_OWN[kw](world) if kw in SAMPLES_OWN else values.get(kw)) for kw in kwargs}
        if any(v is None for v in own.values()):
            continue
        yield name, reverse(name, kwargs=own)


@pytest.mark.django_db
@pytest.mark.parametrize("language, marker", [("nl-be", 'lang="nl"'), ("en", 'lang="en"')])
def test_pages_render_in_dutch_and_english(client, world, language, marker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    checked = 0
    for user in (world.coordinator_a, world.coach_a, world.board_a):
        client.force_login(user)
        for name, url in pages_of_partnership_a(world):
            if name.startswith("api") or "api" in url.split("/")[1:2]:
                continue
            response = client.get(url)
            if response.status_code in (403, 405) or response.get("Content-Type", "").find("text/html") < 0:
                continue
            if response.status_code == 302:
                continue
            assert response.status_code == 200, f"{url} -> {response.status_code}"
            assert marker in response.content.decode(), f"{url} not in {language}"
            checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_the_interface_is_dutch_by_default_and_switches_to_english(client, world):
    client.force_login(world.coach_a)
    assert "Afmelden" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True)
    body = response.content.decode()
    assert "Log out" in body and "Afmelden" not in body


def test_skip_lists_name_real_urls():
    from .test_scoping_walker import walk

    names = {name.split(":")[-1] for name, _, _ in walk()}
    assert set(SKIPPED_URL_NAMES) <= names
    assert SKIPPED_PREFIXES
