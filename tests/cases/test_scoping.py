"""The scoping walker, for casework URLs only (runs while other apps are unfinished):
partnership B's cases and consultations are 404 for partnership A's people."""

import pytest
from django.urls import reverse

from ..scoping import SAMPLES
from ..test_scoping_walker import fetch, visitable

CASE_KWARGS = {"case", "consultation", "worker_id", "scale_score_id", "value_reading_id", "interaction_id",
              "outcome_id", "value_step_id", "persona_id", "export"}


@pytest.mark.django_db
def test_every_cases_url_with_partnership_b_objects_is_404_for_partnership_a(client, world):
    checked = 0
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider, world.expert_a):
        client.force_login(user)
        for name, _route, kwargs in visitable():
            if not name.startswith("cases:") and not set(kwargs) & CASE_KWARGS:
                continue
            if not kwargs:
                continue
            url = reverse(name, kwargs={kw: SAMPLES[kw](world) for kw in kwargs})
            response = fetch(client, url)
            assert response.status_code == 404, f"{user.username} {url} ({name}) -> {response.status_code}"
            checked += 1
    assert checked > 50
