"""Governance pages: flows as users click them, refusals, permissions per role, query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.governance import rules, services
from partnerships.governance.models import Decision, Initiative, Issue, MeetingAttendance
from tests.world import make_user

from .factories import adopted_consent, board_meeting, initiative, team_meeting

pytestmark = pytest.mark.django_db
S = rules.InitiativeStatus


def test_a_board_member_records_a_consent_decision_with_an_objection_resolved(client, world):
    meeting = board_meeting(world)
    client.force_login(world.board_a)
    response = client.post(reverse("governance:decision_create", kwargs={"meeting": meeting.code}), {
        "title": "Gedeelde intake", "proposal": "Eén intake voor alle partners.", "method": "consent",
    })
    decision = Decision.objects.get(title="Gedeelde intake")
    assert response.status_code == 302
    url = reverse("governance:decision", kwargs={"decision": decision.code})
    client.post(reverse("governance:objection_add", kwargs={"decision": decision.code}), {
        "raised_by": world.board_a.pk, "reasoning": "Wie bewaart de gegevens?"})
    objection = decision.objections.get()
    # Concluding with the objection open is refused, on the page, with the reason.
    response = client.post(reverse("governance:decision_conclude", kwargs={"decision": decision.code}),
                           {"rationale": "Leerpunt uit casussen"})
    assert response.status_code == 400
    assert "nog open: 1" in response.content.decode()
    assert "Leerpunt uit casussen" in response.content.decode()  # nothing typed is lost
    client.post(reverse("governance:objection_resolve", kwargs={"decision": decision.code, "objection_id": objection.pk}),
                {"resolution": "Het OCMW bewaart, met verwerkersovereenkomst."})
    response = client.post(reverse("governance:decision_conclude", kwargs={"decision": decision.code}), {})
    assert response.status_code == 302 and response["Location"] == url
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ADOPTED
    log = client.get(reverse("governance:decision_log", kwargs={"partnership": world.partnership_a.code}))
    assert "Gedeelde intake" in log.content.decode() and "1 (0 open)" in log.content.decode()


@pytest.mark.parametrize("who, status", [("coordinator_a", 403), ("coach_a", 403), ("quality_a", 403), ("board_a", 200)])
def test_only_board_members_open_the_decision_form_of_a_board_meeting(client, world, who, status):
    meeting = board_meeting(world)
    client.force_login(getattr(world, who))
    assert client.get(reverse("governance:decision_create", kwargs={"meeting": meeting.code})).status_code == status


@pytest.mark.parametrize(
    "who, meeting_form, issue_form, initiative_form",
    [
        ("coordinator_a", 200, 403, 403),
        ("board_a", 403, 403, 403),
        ("coach_a", 200, 200, 200),  # a field-team meeting
        ("expert_a", 200, 200, 200),
        ("team_coach_a", 200, 200, 200),
        ("quality_a", 403, 403, 403),
    ],
)
def test_permissions_per_role_on_the_forms(client, world, who, meeting_form, issue_form, initiative_form):
    client.force_login(getattr(world, who))
    code = world.partnership_a.code
    assert client.get(reverse("governance:meeting_create", kwargs={"partnership": code})).status_code == meeting_form
    assert client.get(reverse("governance:issue_create", kwargs={"partnership": code})).status_code == issue_form
    assert client.get(reverse("governance:initiative_create", kwargs={"partnership": code})).status_code == initiative_form
    # Everyone with a role reads.
    assert client.get(reverse("governance:overview", kwargs={"partnership": code})).status_code == 200


def test_the_coordinator_may_not_create_a_board_meeting_as_a_field_team_member_and_vice_versa(client, world):
    client.force_login(world.coach_a)
    response = client.post(reverse("governance:meeting_create", kwargs={"partnership": world.partnership_a.code}),
                           {"kind": "board", "held_on": "2025-03-01"})
    assert response.status_code == 400  # "board" is not a choice for the field team
    response = client.post(reverse("governance:meeting_create", kwargs={"partnership": world.partnership_a.code}),
                           {"kind": "field_team", "held_on": "2025-03-01"})
    assert response.status_code == 302


def test_an_issue_cannot_be_closed_without_feedback_from_the_page(client, world):
    issue = services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Wachtlijst CGG",
                                 description="Maanden wachten", why_team_cannot_solve="Capaciteit van de partner")
    client.force_login(world.board_a)
    url = reverse("governance:issue", kwargs={"issue": issue.code})
    response = client.post(reverse("governance:issue_close", kwargs={"issue": issue.code}), follow=True)
    assert "Een kwestie sluit je pas af na terugkoppeling aan het team." in response.content.decode()
    client.post(reverse("governance:issue_feedback", kwargs={"issue": issue.code}), {"feedback": "Extra uren CGG."})
    client.post(reverse("governance:issue_close", kwargs={"issue": issue.code}))
    issue.refresh_from_db()
    assert issue.status == rules.IssueStatus.CLOSED
    assert "Extra uren CGG." in client.get(url).content.decode()


def test_overdue_feedback_is_visible_on_the_issue_list(client, world):
    issue = services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Privacy",
                                 description="D", why_team_cannot_solve="W")
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a,
                          feedback_due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(world.coach_a)
    body = client.get(reverse("governance:issues", kwargs={"partnership": world.partnership_a.code})
                      + "?achterstand=1").content.decode()
    assert "Privacy" in body and "achterstallig" in body


def test_an_initiative_cannot_be_piloted_before_consent_and_sharing_from_the_page(client, world):
    proposal = initiative(world)
    client.force_login(world.coach_a)
    response = client.post(reverse("governance:initiative_transition", kwargs={"initiative": proposal.code}),
                           {"target": "piloting"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "eerst moet het team consent geven" in body and "gedeeld" in body
    proposal.refresh_from_db()
    assert proposal.status == S.PROPOSED


def test_a_shared_initiative_is_readable_by_the_other_coordinators_only(client, world, django_capture_on_commit_callbacks):
    proposal = initiative(world)
    decision = adopted_consent(world, team_meeting(world), world.coach_a)
    services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.CONSENTED, decision=decision)
    url = reverse("governance:shared_initiative", kwargs={"initiative": proposal.code})
    client.force_login(world.coordinator_b)
    assert client.get(url).status_code == 404  # not shared yet
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=proposal, by=world.coordinator_a, target=S.SHARED)
    home = client.get(reverse("home")).content.decode()
    assert proposal.title in home  # the notice on the home page
    response = client.get(url)
    assert response.status_code == 200 and proposal.waste_or_failure_demand in response.content.decode()
    assert client.get(reverse("governance:initiative", kwargs={"initiative": proposal.code})).status_code == 404
    client.force_login(world.coach_b)
    assert client.get(url).status_code == 404


def test_a_distribution_key_of_99_99_is_refused_on_the_form_keeping_the_input(client, world):
    agreement = services.collaboration_agreement_ensure(partnership=world.partnership_a)
    client.force_login(world.coordinator_a)
    url = reverse("governance:distribution_key_create", kwargs={"partnership": world.partnership_a.code})
    response = client.post(url, {
        "agreement": agreement.pk, "applies_to": "both", "valid_from": "2025-01-01",
        f"share_{world.org_a.pk}": "50,00", f"share_{world.org_a2.pk}": "49,99",
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "precies 100,00" in body and "99,99" in body and 'value="49,99"' in body


def test_a_composition_change_too_early_is_refused_on_the_form_with_the_date(client, world):
    decision = adopted_consent(world, board_meeting(world), world.board_a)
    client.force_login(world.coordinator_a)
    response = client.post(reverse("governance:composition_change_create", kwargs={"partnership": world.partnership_a.code}), {
        "organisation": world.org_a.pk, "kind": "leave", "effective_on": "2024-12-31", "decision": decision.pk,
        "learning": "Expertise niet meer nodig"})
    assert response.status_code == 400
    assert "vanaf 01/01/2025" in response.content.decode()


def test_the_collaboration_page_shows_the_grid(client, world):
    agreement = services.collaboration_agreement_ensure(partnership=world.partnership_a)
    facet = agreement.facets.get(facet="revenue_model")
    services.facet_update(facet=facet, by=world.coordinator_a, status="clarified", strengths="Heldere 50/50-regel")
    client.force_login(world.board_a)
    body = client.get(reverse("governance:collaboration", kwargs={"partnership": world.partnership_a.code})).content.decode()
    assert "Volledig uitgeklaard" in body and "Heldere 50/50-regel" in body and "Waardecaptatie" in body


def test_the_meeting_page_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    meeting = board_meeting(world)
    people = [make_user(f"lid{i}", world.org_a) for i in range(12)]
    from partnerships import services as partnership_services

    for person in people:
        partnership_services.membership_grant(partnership=world.partnership_a, user=person, role="board_member")
    services.attendance_record(meeting=meeting, by=world.coordinator_a,
                               presence={p.pk: MeetingAttendance.Presence.PRESENT for p in people})
    for i in range(10):
        item = services.agenda_item_add(meeting=meeting, by=world.board_a, title=f"Punt {i}")
        decision = services.decision_create(meeting=meeting, by=world.board_a, title=f"Besluit {i}", proposal="P",
                                            method="consent", agenda_item=item)
        services.objection_add(decision=decision, by=world.board_a, raised_by=people[i], reasoning="B")
        services.agreement_create(partnership=world.partnership_a, by=world.board_a, description=f"Afspraak {i}",
                                  owner=people[i], due_on=date(2025, 4, 1), meeting=meeting, decision=decision)
    client.force_login(world.board_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("governance:meeting", kwargs={"meeting": meeting.code}))
    assert response.status_code == 200 and "Besluit 9" in response.content.decode()


def test_the_issue_list_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    Issue.objects.bulk_create([
        Issue(partnership=world.partnership_a, title=f"Kwestie {i}", description="D", why_team_cannot_solve="W",
              raised_by=world.coach_a if i % 2 else world.coach2_a, raised_on=date(2025, 1, 1),
              last_raised_on=date(2025, 1, 1), responsible=world.board_a if i % 3 else None,
              feedback_due_on=date(2025, 2, 1))
        for i in range(40)
    ])
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("governance:issues", kwargs={"partnership": world.partnership_a.code}))
    assert response.status_code == 200 and "achterstallig" in response.content.decode()


def test_the_minutes_pdf_is_rendered_by_the_task_and_downloaded(client, world, django_capture_on_commit_callbacks):
    meeting = board_meeting(world, minutes="We bespraken de opstart.")
    adopted_consent(world, meeting, world.board_a, title="Opstart in februari")
    client.force_login(world.coordinator_a)
    url = reverse("governance:minutes_pdf", kwargs={"meeting": meeting.code})
    assert client.get(url).status_code == 302  # none yet
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery in tests without a broker
        client.post(url)
    meeting.refresh_from_db()
    assert meeting.minutes_pdf_status == "ready"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Opstart in februari" in text and "We bespraken de opstart." in text
    client.force_login(world.coach_a)
    assert client.post(url).status_code == 403


def test_home_reminds_the_one_who_raised_an_issue(client, world):
    issue = services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Vervoer naar cursus",
                                 description="D", why_team_cannot_solve="W")
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2024, 1, 1))
    client.force_login(world.coach_a)
    body = client.get(reverse("home")).content.decode()
    assert "Vervoer naar cursus" in body and "blijf ze aankaarten" in body



def test_with_the_broker_down_the_minutes_pdf_is_marked_failed_to_retry(client, world, django_capture_on_commit_callbacks,
                                                                         monkeypatch):
    from kombu.exceptions import OperationalError

    from partnerships.governance import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.render_minutes, "delay", down)
    meeting = board_meeting(world)
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:minutes_pdf", kwargs={"meeting": meeting.code}))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_pdf_status == "failed"
    assert "kon niet gemaakt worden" in client.get(response["Location"]).content.decode()


def test_the_coordinator_sees_overdue_feedback_on_the_home_page(client, world, django_assert_max_num_queries):
    issue = services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Kinderopvang tijdens cursus",
                                 description="D", why_team_cannot_solve="W")
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a,
                          feedback_due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(20):
        body = client.get(reverse("home")).content.decode()
    assert "Kwesties met achterstallige terugkoppeling" in body and "Kinderopvang tijdens cursus" in body
    client.force_login(world.coach2_a)
    assert "Kinderopvang tijdens cursus" not in client.get(reverse("home")).content.decode()


def test_governance_changes_are_in_the_partnerships_audit_trail(world):
    from partnerships.audit import trail_for_partnership

    meeting = board_meeting(world)
    adopted_consent(world, meeting, world.board_a, title="Auditbaar besluit")
    reprs = set(trail_for_partnership(world.partnership_a).values_list("object_repr", flat=True))
    assert {"Auditbaar besluit", str(meeting)} <= reprs
    assert not trail_for_partnership(world.partnership_b).filter(object_repr="Auditbaar besluit").exists()


def test_objections_are_kept_per_consent_round(client, world):
    decision = services.decision_create(meeting=board_meeting(world), by=world.board_a, title="Locatie",
                                        proposal="P", method="consent")
    client.force_login(world.board_a)
    url = reverse("governance:objection_add", kwargs={"decision": decision.code})
    client.post(url, {"raised_by": world.board_a.pk, "reasoning": "Eerste ronde"})
    client.post(url, {"raised_by": world.board_a.pk, "reasoning": "Na het aangepaste voorstel", "round": 2})
    client.post(url, {"raised_by": world.board_a.pk, "reasoning": "Nog in ronde 2"})
    assert list(decision.objections.values_list("round", flat=True)) == [1, 2, 2]


def test_a_majority_decision_page_states_the_votes_and_the_rule(client, world):
    decision = services.decision_create(meeting=board_meeting(world), by=world.board_a, title="Vorming",
                                        proposal="5 % naar vorming", method="majority")
    client.force_login(world.board_a)
    url = reverse("governance:decision", kwargs={"decision": decision.code})
    assert "Onthoudingen tellen niet mee" in client.get(url).content.decode()  # the rule, before voting
    client.post(reverse("governance:decision_conclude", kwargs={"decision": decision.code}),
                {"votes_for": 3, "votes_against": 3, "votes_abstain": 1})
    body = client.get(url).content.decode()
    assert "Niet aangenomen" in body and "3 voor, 3 tegen, 1 onthouding." in body


def test_the_overview_marks_an_open_milestone_whose_date_passed_as_late(client, world):
    from partnerships.governance.models import Milestone

    on = timezone.localdate()
    for title, planned_on in (("Brainstorm doelgroep", on - timedelta(days=1)), ("Begrotingsupdate", on)):
        services.milestone_create(partnership=world.partnership_a, by=world.coordinator_a, title=title,
                                  period=Milestone.Period.LATER, planned_on=planned_on)
    client.force_login(world.board_a)
    body = client.get(reverse("governance:overview", kwargs={"partnership": world.partnership_a.code})).content.decode()
    late, today = body.split("Brainstorm doelgroep")[1].split("</li>")[0], body.split("Begrotingsupdate")[1].split("</li>")[0]
    assert "te laat" in late and "te laat" not in today
