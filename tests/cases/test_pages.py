"""Every casework page renders for partnership A's people (200 or 403, never 500)."""

import pytest
from django.conf import settings

from ..test_templates_i18n import pages_of_partnership_a


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_every_cases_page_renders_for_coach_coordinator_and_board(client, world, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen = 0
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.expert_a, world.quality_a):
        client.force_login(user)
        for name, url in pages_of_partnership_a(world):
            if not name.startswith("cases:"):
                continue
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 405), f"{user} {url} -> {response.status_code}"
            seen += response.status_code == 200
    assert seen >= 20


@pytest.mark.django_db
def test_the_coach_sees_pages_the_coordinator_is_refused(client, world):
    from django.urls import reverse

    from ..scoping import SAMPLES_OWN

    code = SAMPLES_OWN["case"](world)
    client.force_login(world.coach_a)
    assert client.get(reverse("cases:detail", kwargs={"case": code})).status_code == 200
    client.force_login(world.coordinator_a)
    assert client.get(reverse("cases:detail", kwargs={"case": code})).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:learning", kwargs={"partnership": world.partnership_a.code})).status_code == 200
    client.force_login(world.coach_a)
    assert client.get(reverse("cases:learning", kwargs={"partnership": world.partnership_a.code})).status_code == 403
