import pytest
from rest_framework.test import APIClient

from cases import services
from cases.models import Interaction, Outcome, ScaleScore

from .conftest import open_case


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.coach_a)
    return client


@pytest.mark.django_db
def test_cases_are_listed_only_within_the_users_partnerships(api, world, case_a):
    case_b = open_case(world, coach=world.coach_b, partnership=world.partnership_b, first_name="Bert")
    codes = [row["code"] for row in api.get("/api/cases/").json()["results"]]
    assert codes == [str(case_a.code)]
    assert api.get(f"/api/cases/{case_b.code}/").status_code == 404
    coordinator = APIClient()
    coordinator.force_authenticate(world.coordinator_a)
    assert coordinator.get("/api/cases/").json()["results"] == []  # no Perm.VIEW_CASES


@pytest.mark.django_db
def test_scores_are_created_through_the_service_rules(api, world, case_a):
    response = api.post("/api/scale-scores/", {"case": str(case_a.code), "score": 11, "interpretation": "x"},
                        format="json")
    assert response.status_code == 400
    assert response.json()["score"] == [str(services.SCALE_OUT_OF_RANGE)]
    response = api.post("/api/scale-scores/", {"case": str(case_a.code), "score": 6, "interpretation": ""},
                        format="json")
    assert response.status_code == 400
    assert response.json()["interpretation"] == [str(services.INTERPRETATION_REQUIRED)]
    response = api.post("/api/scale-scores/", {"case": str(case_a.code), "score": 6, "interpretation": "Werkt mee"},
                        format="json")
    assert response.status_code == 201, response.json()
    assert ScaleScore.objects.get().recorded_by == world.coach_a
    assert api.get(f"/api/scale-scores/?case={case_a.code}").json()["results"][0]["score"] == 6


@pytest.mark.django_db
def test_readings_interactions_and_outcomes_through_the_api(api, world, case_a):
    demand = services.value_demand_add(case=case_a, by=world.coach_a, text="Werk")
    response = api.post("/api/value-readings/", {"case": str(case_a.code), "scored_by": "participant",
                                                 "scores": [{"value_demand": demand.pk, "score": 6}]}, format="json")
    assert response.status_code == 400
    response = api.post("/api/value-readings/", {"case": str(case_a.code), "scored_by": "participant",
                                                 "scores": [{"value_demand": demand.pk, "score": 5}]}, format="json")
    assert response.status_code == 201
    assert response.json()["scores"][0]["value_demand_text"] == "Werk"
    response = api.post("/api/interactions/", {"case": str(case_a.code), "channel": "message",
                                               "duration_minutes": 5}, format="json")
    assert response.status_code == 201 and Interaction.objects.get().coach == world.coach_a
    response = api.post("/api/outcomes/", {"case": str(case_a.code), "kind": "training"}, format="json")
    assert response.status_code == 201 and Outcome.objects.get().kind == "training"


@pytest.mark.django_db
def test_writing_into_another_partnerships_case_is_404_and_without_edit_right_403(world, case_a):
    case_b = open_case(world, coach=world.coach_b, partnership=world.partnership_b, first_name="Bert")
    api = APIClient()
    api.force_authenticate(world.coach_a)
    response = api.post("/api/interactions/", {"case": str(case_b.code), "channel": "phone", "duration_minutes": 5},
                        format="json")
    assert response.status_code == 404
    board = APIClient()
    board.force_authenticate(world.board_a)
    response = board.post("/api/interactions/", {"case": str(case_a.code), "channel": "phone",
                                                 "duration_minutes": 5}, format="json")
    assert response.status_code in (403, 404)
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_the_casework_endpoints_are_in_the_openapi_schema(client, world):
    client.force_login(world.coach_a)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/cases/", "/api/scale-scores/", "/api/value-readings/", "/api/interactions/", "/api/outcomes/"):
        assert path in schema


@pytest.mark.django_db
def test_a_case_is_changed_through_the_api_with_optimistic_concurrency(api, world, case_a):
    from cases.models import Case, Persona

    persona = Persona.objects.create(partnership=world.partnership_a, name="Nieuwkomer met diploma")
    path = f"/api/cases/{case_a.code}/"
    version = api.get(path).json()["version"]
    response = api.patch(path, {"version": version, "status": "paused", "personas": [persona.name]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "paused" and response.json()["personas"] == [persona.name]
    assert response.json()["version"] == version + 1
    # a second client still holding the old version is refused with 409 and the current version
    stale = api.patch(path, {"version": version, "status": "active"}, format="json")
    assert stale.status_code == 409
    assert stale.json() == {"detail": str(services.CONCURRENT_EDIT), "version": version + 1}
    assert Case.objects.get(pk=case_a.pk).status == "paused"
    # the service rules hold: a case fitting no persona needs a note
    bad = api.patch(path, {"version": version + 1, "fits_no_persona": True}, format="json")
    assert bad.status_code == 400 and bad.json()["persona_note"] == [str(services.NO_PERSONA_NOTE_REQUIRED)]
    assert api.patch(path, {"status": "active"}, format="json").status_code == 400  # no version, no save
    assert api.put(path, {"version": version + 1}, format="json").status_code == 405
    # scoping: another partnership's case is 404, a board member cannot see cases at all
    case_b = open_case(world, coach=world.coach_b, partnership=world.partnership_b, first_name="Bert")
    assert api.patch(f"/api/cases/{case_b.code}/", {"version": 1, "status": "paused"}, format="json").status_code == 404
    board = APIClient()
    board.force_authenticate(world.board_a)
    assert board.patch(path, {"version": version + 1, "status": "active"}, format="json").status_code == 404
