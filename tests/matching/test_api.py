"""The API applies the same rules and scoping as the web views."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from matching import services
from .helpers import ANSWERS, candidate, decide, send_mails, submitted_candidacy

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_candidate_applies_and_submits_through_the_api_and_a_second_candidacy_is_400(mw):
    _org, user = candidate(mw, "Ligo")
    client = api(user)
    response = client.post("/api/matching/candidacies/", {"work_area": str(mw.area.code), "legal_form": "vzw"}, format="json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    response = client.post(f"/api/matching/candidacies/{code}/submit/")
    assert response.status_code == 400 and "is_legal_person" in response.json()
    client.patch(f"/api/matching/candidacies/{code}/", {"is_legal_person": True, "challenges": [mw.challenge.pk], **ANSWERS}, format="json")
    assert client.post(f"/api/matching/candidacies/{code}/submit/").json()["stage"] == "submitted"
    response = client.post("/api/matching/candidacies/", {"work_area": str(mw.area.code)}, format="json")
    assert response.status_code == 400 and str(services.ERROR_SECOND_CANDIDACY) in str(response.json())


def test_scores_through_the_api_need_a_declaration_and_stay_hidden_before_ones_own(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    url = f"/api/matching/candidacies/{candidacy.code}/"
    response = api(mw.vdab1).post(url + "scores/", {"round": 1, "criterion": "crucial", "value": 3, "motivation": "m"}, format="json")
    assert response.status_code == 400 and str(services.ERROR_DECLARE_FIRST) in str(response.json())
    assert api(mw.vdab1).post(url + "conflict/", {"has_conflict": False}, format="json").status_code == 200
    assert api(mw.vdab1).post(url + "scores/", {"round": 1, "criterion": "crucial", "value": 5, "motivation": "m"}, format="json").status_code == 400
    assert api(mw.vdab1).post(url + "scores/", {"round": 1, "criterion": "crucial", "value": 3, "motivation": "m"}, format="json").status_code == 201
    api(mw.local).post(url + "conflict/", {"has_conflict": False}, format="json")
    assert api(mw.local).get(url + "scores/").json() == []
    grid = api(mw.local).get(f"/api/matching/work-areas/{mw.area.code}/jury/1/").json()
    assert {c["matchmaker"]: c["crucial"] for c in grid["rows"][0]["cells"]}[str(mw.vdab1)] == "hidden"
    api(mw.local).post(url + "scores/", {"round": 1, "criterion": "crucial", "value": 4, "motivation": "m"}, format="json")
    assert len(api(mw.local).get(url + "scores/").json()) == 2


def test_a_group_vote_through_the_api(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    response = api(mw.coordinator).post(f"/api/matching/candidacies/{candidacy.code}/decisions/", {
        "round": 1, "criterion": "fit", "method": "vote", "motivation": "Verdeeld",
        "votes": {"vdab": 2, "local_government": 3, "external": 4},
    }, format="json")
    assert response.status_code == 201 and response.json()["score"] == 3
    response = api(mw.vdab1).post(f"/api/matching/candidacies/{candidacy.code}/decisions/", {
        "round": 1, "criterion": "fit", "method": "consensus", "consensus_score": 4, "motivation": "x"}, format="json")
    assert response.status_code == 403


def test_the_api_is_scoped_to_the_work_area(mw, world):
    candidacy = submitted_candidacy(mw, "Emino")
    for outsider in (world.coach_a, world.outsider, mw.candidates["Emino"]):
        client = api(outsider)
        assert client.get(f"/api/matching/work-areas/{mw.area.code}/").status_code == 404
    assert api(world.coach_a).get(f"/api/matching/candidacies/{candidacy.code}/").status_code == 404
    assert api(mw.candidates["Emino"]).get(f"/api/matching/candidacies/{candidacy.code}/").status_code == 200
    assert api(mw.observer).get(f"/api/matching/work-areas/{mw.area.code}/conditions/").status_code == 200


def test_appeal_day_15_refused_through_the_api(mw, django_capture_on_commit_callbacks):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 3)
    mail = send_mails(mw, django_capture_on_commit_callbacks)[0]
    type(mail).objects.filter(pk=mail.pk).update(sent_at=timezone.now() - timedelta(days=15), stated_appeal_deadline=None)
    response = api(mw.candidates["Emino"]).post(f"/api/matching/candidacies/{candidacy.code}/appeal/",
                                                {"criterion": "crucial", "overlooked": "x", "motivation": "y"}, format="json")
    assert response.status_code == 400 and "kan niet meer" in str(response.json())


def test_the_schema_lists_the_matching_endpoints(client, mw):
    client.force_login(mw.coordinator)
    body = client.get("/api/schema/").content.decode()
    assert "/api/matching/candidacies/{candidacy}/scores/" in body
    assert "/api/matching/work-areas/{work_area}/jury/{round}/" in body


def test_roles_templates_documents_and_challenges_through_the_api(mw, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    area = f"/api/matching/work-areas/{mw.area.code}/"
    coordinator = api(mw.coordinator)
    response = coordinator.post(area + "roles/", {"user": world.board_a.username, "role": "matchmaker"}, format="json")
    assert response.status_code == 400 and "group" in response.json()
    response = coordinator.post(area + "roles/", {"user": world.board_a.username, "role": "matchmaker", "group": "vdab"}, format="json")
    assert response.status_code == 201
    assert api(mw.vdab1).get(area + "roles/").status_code == 403
    response = coordinator.put(area + "mail-templates/negative_round1/", {"subject": "x", "body": "{motivering}"}, format="json")
    assert response.status_code == 400 and "{weerwoordprocedure}" in str(response.json())
    assert coordinator.get(area + "mail-templates/nonsense/").status_code == 404
    assert coordinator.post(area + "challenges/", {"title": "Mobiliteit"}, format="json").status_code == 201
    _org, user = candidate(mw, "Ligo")
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    url = f"/api/matching/candidacies/{candidacy.code}/documents/"
    response = api(user).post(url, {"file": SimpleUploadedFile("x.exe", b"x")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert api(user).post(url, {"file": SimpleUploadedFile("plan.pdf", b"%PDF")}, format="multipart").status_code == 201


def test_emergency_scores_and_ranking_through_the_api(mw, world):
    from matching.models import EmergencyProcedure

    procedure = EmergencyProcedure.objects.create(
        partnership=world.partnership_a, work_area=mw.area, motivation="m", vdab_representative=mw.vdab1,
        local_government_representative=mw.local, started_on=world.partnership_a.start_date - timedelta(days=3), started_by=mw.coordinator,
    )
    url = f"/api/matching/emergency-procedures/{procedure.code}/"
    client = api(mw.coordinator)
    assert client.post(url + "score/", {"organisation": "Emino", "criterion": "crucial", "value": 3, "motivation": "m"},
                       format="json").status_code == 400  # not signed yet
    assert client.post(url + "sign/").status_code == 400  # the coordinator is no representative
    assert api(mw.vdab1).post(url + "sign/").json()["is_signed"] is False
    assert api(mw.local).post(url + "sign/").json()["is_signed"] is True
    response = client.post(url + "score/", {"organisation": "Emino", "criterion": "fit", "value": 4, "motivation": "m"}, format="json")
    assert response.status_code == 400 and "observed_behaviour" in response.json()
    for org in ("Emino", "CGG Kempen"):
        client.post(url + "score/", {"organisation": org, "criterion": "crucial", "value": 3, "motivation": "m"}, format="json")
        client.post(url + "score/", {"organisation": org, "criterion": "fit", "value": 4, "motivation": "m", "observed_behaviour": "actief"}, format="json")
    assert client.post(url + "rank/", [{"organisation": "Emino", "argument": "a"}], format="json").status_code == 400
    response = client.post(url + "rank/", [{"organisation": "CGG Kempen", "argument": "a"}, {"organisation": "Emino", "argument": "b"}], format="json")
    assert response.status_code == 200
    assert {r["organisation"]: r["rank"] for r in response.json()["results"]} == {"CGG Kempen": 1, "Emino": 2}


def test_drafts_are_listed_for_their_candidate_and_the_coordinator_only(mw):
    _org, user = candidate(mw, "Ligo")
    draft = services.candidacy_start(work_area=mw.area, by=user)
    submitted = submitted_candidacy(mw, "Emino")
    codes = lambda u: {row["code"] for row in api(u).get("/api/matching/candidacies/").json()["results"]}  # noqa: E731
    assert codes(mw.vdab1) == {str(submitted.code)}
    assert codes(mw.coordinator) == {str(submitted.code), str(draft.code)}
    assert codes(user) == {str(draft.code)}
