"""The governance API: same scoping and rules as the pages, in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from partnerships.governance import rules

from .factories import adopted_consent, board_meeting, initiative, team_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_board_member_runs_a_consent_decision_through_the_api(api, world):
    meeting = board_meeting(world)
    api.force_authenticate(world.board_a)
    created = api.post("/api/governance/decisions/", {
        "meeting": str(meeting.code), "title": "Teamdag", "proposal": "In oktober", "method": "consent"},
        format="json")
    assert created.status_code == 201, created.content
    url = f"/api/governance/decisions/{created.json()['code']}/"
    data = api.post(url + "objections/", {"reasoning": "Budget?"}, format="json").json()
    objection_id = data["objections"][0]["id"]
    refused = api.post(url + "conclude/", {}, format="json")
    assert refused.status_code == 400 and "nog open: 1" in str(refused.json())
    api.post(url + "resolve/", {"objection": objection_id, "resolution": "Uit werkingsmiddelen"}, format="json")
    concluded = api.post(url + "conclude/", {}, format="json").json()
    assert concluded["status"] == "adopted" and concluded["objections"][0]["resolution"] == "Uit werkingsmiddelen"


def test_a_majority_decision_through_the_api(api, world):
    meeting = board_meeting(world)
    api.force_authenticate(world.board_a)
    code = api.post("/api/governance/decisions/", {"meeting": str(meeting.code), "title": "X", "proposal": "Y",
                                                   "method": "majority"}, format="json").json()["code"]
    response = api.post(f"/api/governance/decisions/{code}/conclude/",
                        {"votes_for": 2, "votes_against": 2, "votes_abstain": 3}, format="json")
    assert response.json()["status"] == "rejected"


def test_the_api_keeps_other_partnerships_out_and_checks_roles(api, world):
    meeting_b = board_meeting(world, partnership=world.partnership_b)
    meeting_a = board_meeting(world)
    api.force_authenticate(world.board_a)
    assert api.get(f"/api/governance/meetings/{meeting_b.code}/").status_code == 404
    assert [m["code"] for m in api.get("/api/governance/meetings/").json()["results"]] == [str(meeting_a.code)]
    # A meeting in B cannot be named when creating a decision.
    response = api.post("/api/governance/decisions/", {"meeting": str(meeting_b.code), "title": "X", "proposal": "Y",
                                                       "method": "consent"}, format="json")
    assert response.status_code == 400
    api.force_authenticate(world.coach_a)
    response = api.post("/api/governance/decisions/", {"meeting": str(meeting_a.code), "title": "X", "proposal": "Y",
                                                       "method": "consent"}, format="json")
    assert response.status_code == 403


def test_an_issue_cannot_close_without_feedback_through_the_api(api, world):
    api.force_authenticate(world.coach_a)
    code = api.post("/api/governance/issues/", {
        "partnership": str(world.partnership_a.code), "title": "Huisvesting", "description": "D",
        "why_team_cannot_solve": "Geen mandaat"}, format="json").json()["code"]
    assert api.post(f"/api/governance/issues/{code}/close/").status_code == 403  # the field team does not close
    api.force_authenticate(world.board_a)
    refused = api.post(f"/api/governance/issues/{code}/close/")
    assert refused.status_code == 400 and "terugkoppeling" in str(refused.json())
    api.post(f"/api/governance/issues/{code}/feedback/", {"feedback": "Woonbeleid neemt het op."}, format="json")
    assert api.post(f"/api/governance/issues/{code}/close/").json()["status"] == "closed"


def test_an_initiative_transition_through_the_api_is_refused_with_the_reason(api, world):
    proposal = initiative(world)
    api.force_authenticate(world.coach_a)
    url = f"/api/governance/initiatives/{proposal.code}/transition/"
    refused = api.post(url, {"target": "piloting"}, format="json")
    assert refused.status_code == 400 and "consent" in str(refused.json())
    decision = adopted_consent(world, team_meeting(world), world.coach_a)
    response = api.post(url, {"target": "consented", "decision": str(decision.code)}, format="json")
    assert response.status_code == 200 and response.json()["status"] == rules.InitiativeStatus.CONSENTED


def test_the_governance_endpoints_are_in_the_openapi_schema(api, world):
    api.force_authenticate(world.coach_a)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path in ("/api/governance/meetings/", "/api/governance/decisions/{decision}/conclude/",
                 "/api/governance/issues/{issue}/close/", "/api/governance/initiatives/{initiative}/transition/"):
        assert path in paths
