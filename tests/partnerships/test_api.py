import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_the_api_lists_only_the_users_partnerships(api, world):
    api.force_authenticate(world.coach_a)
    data = api.get("/api/partnerships/").json()
    assert [row["name"] for row in data["results"]] == ["Partnerschap Turnhout"]
    assert api.get(f"/api/partnerships/{world.partnership_b.code}/").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_updates_the_profile_and_a_coach_may_not(api, world):
    url = f"/api/partnerships/{world.partnership_a.code}/"
    api.force_authenticate(world.coach_a)
    assert api.patch(url, {"principles": "x"}, format="json").status_code == 403
    api.force_authenticate(world.coordinator_a)
    response = api.patch(url, {"principles": "Samen beslissen"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["principles"] == "Samen beslissen"


@pytest.mark.django_db
def test_an_invalid_update_is_a_400_with_the_reason(api, world):
    api.force_authenticate(world.coordinator_a)
    response = api.patch(f"/api/partnerships/{world.partnership_a.code}/", {"end_date": "2031-01-01"}, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_endpoints(api, world):
    api.force_authenticate(world.coach_a)
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/partnerships/{partnership}/" in response.json()["paths"]


@pytest.mark.django_db
def test_anonymous_api_calls_are_refused(api, world):
    assert api.get("/api/partnerships/").status_code in (401, 403)
