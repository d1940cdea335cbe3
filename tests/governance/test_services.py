"""Governance writes: rules at their boundary and permissions per role."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnerships.governance import rules, selectors, services
from partnerships.governance.models import (
    CompositionChange,
    Decision,
    DistributionKey,
    Initiative,
    InitiativeNotice,
    Issue,
    Meeting,
)
from partnerships.models import PartnerOrganisation

from .factories import adopted_consent, board_meeting, initiative, team_meeting

pytestmark = pytest.mark.django_db
S = rules.InitiativeStatus


def messages(exc_info):
    return " ".join(str(m) for m in exc_info.value.messages)


# --- decisions -------------------------------------------------------------------------

def test_consent_is_adopted_only_when_every_objection_is_resolved(world):
    meeting = board_meeting(world)
    decision = services.decision_create(meeting=meeting, by=world.board_a, title="Centrale locatie",
                                        proposal="We huren een lokaal in Turnhout.", method=rules.Method.CONSENT)
    objection = services.objection_add(decision=decision, by=world.board_a, reasoning="Te duur voor 6 maanden.")
    second = services.objection_add(decision=decision, by=world.board_a, reasoning="Niet bereikbaar met de bus.")
    services.objection_resolve(objection=objection, by=world.board_a, resolution="Huur per kwartaal.")
    with pytest.raises(ValidationError) as refused:
        services.decision_conclude(decision=decision, by=world.board_a)
    assert "nog open: 1" in messages(refused)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    services.objection_resolve(objection=second, by=world.board_a, resolution="Lokaal aan het station.")
    decision = services.decision_conclude(decision=decision, by=world.board_a)
    assert decision.status == Decision.Status.ADOPTED and decision.decided_on == meeting.held_on
    assert list(selectors.decision_log(world.partnership_a)) == [decision]


def test_an_objection_needs_a_resolution_text(world):
    decision = services.decision_create(meeting=board_meeting(world), by=world.board_a, title="X", proposal="Y",
                                        method=rules.Method.CONSENT)
    objection = services.objection_add(decision=decision, by=world.board_a, reasoning="Waarom?")
    with pytest.raises(ValidationError) as refused:
        services.objection_resolve(objection=objection, by=world.board_a, resolution="  ")
    assert str(services.ERROR_OBJECTION_RESOLUTION) in messages(refused)


def test_a_majority_decision_counts_votes_and_ignores_abstentions(world):
    meeting = board_meeting(world)

    def vote(votes_for, against, abstain):
        decision = services.decision_create(meeting=meeting, by=world.board_a, title="Budgetverschuiving",
                                            proposal="10% naar vorming.", method=rules.Method.MAJORITY)
        return services.decision_conclude(decision=decision, by=world.board_a, votes_for=votes_for,
                                          votes_against=against, votes_abstain=abstain)

    assert vote(3, 2, 4).status == Decision.Status.ADOPTED
    tie = vote(2, 2, 5)
    assert tie.status == Decision.Status.REJECTED and tie.votes_abstain == 5
    with pytest.raises(ValidationError):
        vote(None, 1, 0)


def test_only_board_members_decide_in_a_board_meeting(world):
    meeting = board_meeting(world)
    for user in (world.coordinator_a, world.coach_a, world.quality_a, world.coach_b):
        with pytest.raises(PermissionDenied):
            services.decision_create(meeting=meeting, by=user, title="X", proposal="Y", method=rules.Method.CONSENSUS)


def test_the_coordinator_prepares_the_board_meeting_and_board_members_add_agenda_items(world):
    for user in (world.coach_a, world.board_a, world.quality_a):
        with pytest.raises(PermissionDenied):
            services.meeting_create(partnership=world.partnership_a, by=user, kind=Meeting.Kind.BOARD,
                                    held_on=date(2025, 1, 1))
    meeting = board_meeting(world)
    item = services.agenda_item_add(meeting=meeting, by=world.board_a, title="Begroting 2026")
    assert item.added_by == world.board_a and item.position == 1
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(meeting=meeting, by=world.coach_a, title="Iets")


def test_a_closed_decision_takes_no_more_objections(world):
    decision = adopted_consent(world, board_meeting(world), world.board_a)
    with pytest.raises(ValidationError):
        services.objection_add(decision=decision, by=world.board_a, reasoning="Te laat")


# --- agreements ----------------------------------------------------------------------------

def test_open_and_overdue_agreements(world):
    today = timezone.localdate()
    late = services.agreement_create(partnership=world.partnership_a, by=world.coordinator_a,
                                     description="Locatie zoeken", owner=world.board_a, due_on=today - timedelta(days=1))
    services.agreement_create(partnership=world.partnership_a, by=world.board_a, description="Persmoment",
                              owner=world.coordinator_a, due_on=today)
    assert selectors.agreement_counts(world.partnership_a) == {"open": 2, "overdue": 1}
    assert list(selectors.agreements_overview(world.partnership_a, show="overdue")) == [late]
    with pytest.raises(PermissionDenied):
        services.agreement_complete(agreement=late, by=world.coach_a)
    services.agreement_complete(agreement=late, by=world.board_a)  # the owner
    assert selectors.agreement_counts(world.partnership_a) == {"open": 1, "overdue": 0}


def test_an_agreement_owner_must_belong_to_the_partnership(world):
    with pytest.raises(ValidationError):
        services.agreement_create(partnership=world.partnership_a, by=world.coordinator_a, description="X",
                                  owner=world.coach_b, due_on=date(2025, 1, 1))


# --- issues ----------------------------------------------------------------------------------

def raise_issue(world):
    return services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Privacyregels OCMW",
                                description="Coaches mogen geen verslagen delen.",
                                why_team_cannot_solve="Het OCMW-reglement moet aangepast worden.")


def test_an_issue_cannot_close_without_feedback(world):
    issue = raise_issue(world)
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a, handling="Bespreken met de secretaris",
                          escalated_further_to="Directiecomité OCMW", feedback_due_on=date(2025, 4, 1))
    with pytest.raises(ValidationError) as refused:
        services.issue_close(issue=issue, by=world.board_a)
    assert str(rules.ERROR_CLOSE_WITHOUT_FEEDBACK) in messages(refused)
    services.issue_give_feedback(issue=issue, by=world.board_a, feedback="Reglement aangepast per 1 mei.")
    issue = services.issue_close(issue=issue, by=world.board_a)
    assert issue.status == rules.IssueStatus.CLOSED and issue.closed_on == timezone.localdate()


def test_only_the_field_team_raises_issues_and_only_board_members_close_them(world):
    for user in (world.coordinator_a, world.board_a, world.quality_a):
        with pytest.raises(PermissionDenied):
            services.issue_raise(partnership=world.partnership_a, by=user, title="X", description="Y",
                                 why_team_cannot_solve="Z")
    for user in (world.expert_a, world.team_coach_a):
        services.issue_raise(partnership=world.partnership_a, by=user, title="X", description="Y",
                             why_team_cannot_solve="Z")
    issue = raise_issue(world)
    services.issue_give_feedback(issue=issue, by=world.coordinator_a, feedback="Opgenomen in de raad.")
    with pytest.raises(PermissionDenied):
        services.issue_close(issue=issue, by=world.coordinator_a)


def test_the_responsible_must_be_a_board_member_and_overdue_feedback_is_visible(world):
    issue = raise_issue(world)
    with pytest.raises(ValidationError):
        services.issue_assign(issue=issue, by=world.board_a, responsible=world.coach_a)
    yesterday = timezone.localdate() - timedelta(days=1)
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a, feedback_due_on=yesterday)
    assert list(selectors.issues(world.partnership_a, overdue=True)) == [issue]
    services.issue_give_feedback(issue=issue, by=world.board_a, feedback="Loopt.")
    assert list(selectors.issues(world.partnership_a, overdue=True)) == []


def test_putting_an_issue_on_the_board_agenda_marks_it(world):
    issue = raise_issue(world)
    services.agenda_item_add(meeting=board_meeting(world), by=world.coordinator_a, title=issue.title, issue=issue)
    issue.refresh_from_db()
    assert issue.status == rules.IssueStatus.ON_AGENDA


def test_the_one_who_raised_keeps_raising_it(world):
    issue = raise_issue(world)
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2024, 1, 1))
    panel = selectors.needs_me(world.coach_a)
    assert panel["raised"][0].raise_again_due
    services.issue_raise_again(issue=issue, by=world.coach_a)
    assert not selectors.needs_me(world.coach_a)["raised"][0].raise_again_due


# --- initiatives ----------------------------------------------------------------------------------

def test_an_initiative_cannot_be_piloted_before_consent_and_sharing(world):
    proposal = initiative(world)
    with pytest.raises(ValidationError) as refused:
        services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.PILOTING)
    assert "consent" in messages(refused) and "gedeeld" in messages(refused)
    decision = adopted_consent(world, team_meeting(world), world.coach_a, title="Consent gedeelde intake")
    services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.CONSENTED, decision=decision)
    with pytest.raises(ValidationError) as refused:
        services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.PILOTING)
    assert "gedeeld" in messages(refused)
    services.initiative_transition(initiative=proposal, by=world.coordinator_a, target=S.SHARED)
    proposal = services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.PILOTING)
    assert proposal.status == S.PILOTING and proposal.piloting_since == timezone.localdate()


def test_consent_on_an_initiative_is_the_field_teams_adopted_consent_decision(world):
    proposal = initiative(world)
    board_decision = adopted_consent(world, board_meeting(world), world.board_a)
    with pytest.raises(ValidationError):
        services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.CONSENTED,
                                       decision=board_decision)
    with pytest.raises(PermissionDenied):
        services.initiative_transition(initiative=proposal, by=world.board_a, target=S.CONSENTED)


def test_sharing_notifies_the_coordinators_of_the_other_partnerships(world, django_capture_on_commit_callbacks):
    proposal = initiative(world)
    decision = adopted_consent(world, team_meeting(world), world.coach_a)
    services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.CONSENTED, decision=decision)
    with pytest.raises(PermissionDenied):
        services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.SHARED)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=proposal, by=world.coordinator_a, target=S.SHARED)
    notices = InitiativeNotice.objects.filter(initiative=proposal)
    assert [n.recipient for n in notices] == [world.coordinator_b]
    assert [m.to for m in mail.outbox] == [[world.coordinator_b.email]]
    assert proposal.title in mail.outbox[0].subject
    # B's coordinator may read it now; B's coach may not.
    assert list(selectors.shared_initiatives_for(world.coordinator_b)) == [proposal]
    assert list(selectors.shared_initiatives_for(world.coach_b)) == []
    assert list(selectors.shared_initiatives_for(world.coordinator_a)) == []  # their own


def test_the_mail_task_sends_nothing_twice(world, django_capture_on_commit_callbacks):
    from partnerships.governance.tasks import mail_initiative_shared

    proposal = initiative(world)
    Initiative.objects.filter(pk=proposal.pk).update(status=S.CONSENTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=proposal, by=world.coordinator_a, target=S.SHARED)
    assert mail_initiative_shared(proposal.pk) == 0
    assert len(mail.outbox) == 1


def test_evaluating_and_ending_an_initiative_need_their_texts(world):
    proposal = initiative(world)
    Initiative.objects.filter(pk=proposal.pk).update(status=S.PILOTING)
    proposal.refresh_from_db()
    services.iteration_add(initiative=proposal, by=world.coach_a, description="Ruw prototype",
                           started_on=date(2025, 2, 1), learnings="Te lang")
    with pytest.raises(ValidationError):
        services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.EVALUATED)
    services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.EVALUATED, evaluation="Halvering")
    with pytest.raises(ValidationError):
        services.initiative_transition(initiative=proposal, by=world.board_a, target=S.WIDENED)
    proposal = services.initiative_transition(initiative=proposal, by=world.board_a, target=S.WIDENED,
                                              outcome_reason="Stabiel na twee iteraties")
    assert proposal.status == S.WIDENED and proposal.closed_on


# --- composition and challenge -------------------------------------------------------------------------

def composition_change(world, effective_on, **overrides):
    decision = adopted_consent(world, board_meeting(world), world.board_a, title="Ligo Kempen treedt toe")
    from partnerships import services as partnership_services
    from partnerships.models import Organisation

    ligo = partnership_services.organisation_get_or_create(name="Ligo Kempen", kind=Organisation.Kind.PARTNER)
    args = {"partnership": world.partnership_a, "by": world.coordinator_a, "organisation": ligo,
            "kind": CompositionChange.Kind.JOIN, "effective_on": effective_on, "decision": decision,
            "learning": "Laaggeletterdheid komt in de helft van de casussen terug.", **overrides}
    return services.composition_change_record(**args)


def test_a_composition_change_the_day_before_six_months_is_refused_with_the_date(world):
    # Partnership A started on 1 July 2024.
    with pytest.raises(ValidationError) as refused:
        composition_change(world, date(2024, 12, 31))
    assert refused.value.message_dict["effective_on"] == ["De samenstelling kan ten vroegste 6 maanden na de start wijzigen: vanaf 01/01/2025."]
    change = composition_change(world, date(2025, 1, 1))
    assert change.applied_at is not None  # that date has passed: applied at once
    assert PartnerOrganisation.objects.filter(partnership=world.partnership_a, organisation=change.organisation).exists()


def test_a_composition_change_needs_an_adopted_board_decision(world):
    team_decision = adopted_consent(world, team_meeting(world), world.coach_a)
    with pytest.raises(ValidationError) as refused:
        composition_change(world, date(2025, 6, 1), decision=team_decision)
    assert "decision" in refused.value.message_dict


def test_a_future_composition_change_is_applied_when_due(world):
    future = timezone.localdate() + timedelta(days=10)
    change = composition_change(world, future, kind=CompositionChange.Kind.RELEASE, organisation=world.org_a)
    assert change.applied_at is None
    assert services.composition_apply_due(today=future - timedelta(days=1)) == 0
    assert services.composition_apply_due(today=future) == 1
    assert not PartnerOrganisation.objects.filter(partnership=world.partnership_a, organisation=world.org_a).exists()
    assert services.composition_apply_due(today=future) == 0


def test_a_partner_that_leaves_takes_its_peoples_roles_with_it(world):
    from partnerships.access import Perm, has_perm
    from partnerships.models import Membership

    future = timezone.localdate() + timedelta(days=10)
    composition_change(world, future, kind=CompositionChange.Kind.LEAVE, organisation=world.org_a)
    assert Membership.objects.filter(partnership=world.partnership_a, user=world.coach_a).exists()  # not yet
    services.composition_apply_due(today=future)
    assert not Membership.objects.filter(partnership=world.partnership_a, user=world.coach_a).exists()
    assert not has_perm(world.coach_a, world.partnership_a, Perm.VIEW)
    assert Membership.objects.filter(partnership=world.partnership_a, user=world.coach2_a).exists()  # other partner


def test_a_partner_that_becomes_a_subcontractor_keeps_its_peoples_roles(world):
    from partnerships.models import Membership

    composition_change(world, date(2025, 6, 1), kind=CompositionChange.Kind.SUBCONTRACT, organisation=world.org_a)
    assert Membership.objects.filter(partnership=world.partnership_a, user=world.coach_a).exists()


def test_the_partner_of_the_only_coordinator_cannot_leave(world):
    from partnerships.models import Membership, PartnerOrganisation

    pen = world.coordinator_a.organisation
    PartnerOrganisation.objects.get_or_create(partnership=world.partnership_a, organisation=pen)
    with pytest.raises(ValidationError) as refused:
        composition_change(world, date(2025, 6, 1), kind=CompositionChange.Kind.LEAVE, organisation=pen)
    assert refused.value.message_dict["organisation"] == [str(services.ERROR_LAST_COORDINATOR_LEAVES)]
    assert Membership.objects.filter(partnership=world.partnership_a, user=world.coordinator_a).exists()


def test_the_right_to_challenge_opens_after_the_configured_period(world):
    args = {"partnership": world.partnership_a, "by": world.coordinator_a, "challenger": "Nieuwe vzw",
            "claimed_added_value": "Expertise schuldhulp"}
    with pytest.raises(ValidationError) as refused:
        services.challenge_record(lodged_on=date(2027, 6, 30), **args)
    assert "01/07/2027" in messages(refused)
    services.challenge_record(lodged_on=date(2027, 7, 1), **args)
    services.governance_settings_update(partnership=world.partnership_a, by=world.coordinator_a, challenge_after_months=24)
    challenge = services.challenge_record(lodged_on=date(2026, 7, 1), **args)
    services.challenge_decide(challenge=challenge, by=world.board_a, outcome="rejected", outcome_note="Geen meerwaarde")
    with pytest.raises(ValidationError):
        services.challenge_decide(challenge=challenge, by=world.board_a, outcome="accepted")


# --- collaboration model ---------------------------------------------------------------------------------

def test_a_distribution_key_summing_to_99_99_is_refused_and_history_is_kept(world):
    agreement = services.collaboration_agreement_ensure(partnership=world.partnership_a)
    assert agreement.facets.count() == 5
    with pytest.raises(ValidationError) as refused:
        services.distribution_key_create(agreement=agreement, by=world.coordinator_a, valid_from=date(2025, 1, 1),
                                         shares=[(world.org_a, Decimal("50.00")), (world.org_a2, Decimal("49.99"))])
    assert "99,99" in messages(refused)
    assert not DistributionKey.objects.exists()
    first = services.distribution_key_create(agreement=agreement, by=world.coordinator_a, valid_from=date(2025, 1, 1),
                                             shares=[(world.org_a, Decimal("50")), (world.org_a2, Decimal("50"))])
    second = services.distribution_key_create(agreement=agreement, by=world.coordinator_a, valid_from=date(2025, 7, 1),
                                              shares=[(world.org_a, Decimal("60")), (world.org_a2, Decimal("40"))])
    grid = selectors.collaboration(world.partnership_a)[0]
    assert [(key.pk, current) for key, current in grid["keys"]] == [(second.pk, True), (first.pk, False)]
    with pytest.raises(ValidationError):  # only partners get a share
        services.distribution_key_create(agreement=agreement, by=world.coordinator_a, valid_from=date(2026, 1, 1),
                                         shares=[(world.org_b, Decimal("100"))])
    with pytest.raises(PermissionDenied):
        services.distribution_key_create(agreement=agreement, by=world.board_a, valid_from=date(2026, 1, 1),
                                         shares=[(world.org_a, Decimal("100"))])


def test_the_facet_grid_and_tensions(world):
    agreement = services.collaboration_agreement_ensure(partnership=world.partnership_a)
    facet = agreement.facets.get(facet=rules.Facet.SCALABILITY)
    services.facet_update(facet=facet, by=world.coordinator_a, status=rules.FacetState.OPEN_POINTS,
                          strengths="Veel potentieel", attention_points="Investering nieuwe partners")
    services.tension_add(agreement=agreement, by=world.board_a, domain=rules.TensionDomain.VALUE_CAPTURE,
                         canvas_block=rules.CanvasBlock.REVENUE_STREAMS, title="Verdeelsleutel onder druk",
                         handling="Jaarlijkse herziening")
    grid = selectors.collaboration(world.partnership_a)[0]
    assert [facet for facet, _ in grid["grid"]] == rules.FACET_ORDER
    assert dict(grid["grid"])[rules.Facet.SCALABILITY].status == rules.FacetState.OPEN_POINTS
    assert [len(t) for _, t in grid["tensions_by_domain"]] == [0, 0, 1]
    with pytest.raises(PermissionDenied):
        services.facet_update(facet=facet, by=world.coach_a, status=rules.FacetState.CLARIFIED)


def test_milestones_done_need_a_date(world):
    with pytest.raises(ValidationError):
        services.milestone_create(partnership=world.partnership_a, by=world.coordinator_a, period="first_year",
                                  title="Teamdag", planned_on=date(2024, 10, 1), status="done")
    milestone = services.milestone_create(partnership=world.partnership_a, by=world.coordinator_a,
                                          period="towards_start", title="Coördinator aan boord",
                                          planned_on=date(2024, 6, 1))
    services.milestone_update(milestone=milestone, by=world.coordinator_a, status="done", done_on=date(2024, 6, 3))
    with pytest.raises(PermissionDenied):
        services.milestone_update(milestone=milestone, by=world.board_a, title="X")


def test_editing_an_initiative_with_a_stale_copy_keeps_its_status(world):
    proposal = initiative(world)
    decision = adopted_consent(world, team_meeting(world), world.coach_a)
    services.initiative_transition(initiative=proposal, by=world.coach_a, target=S.CONSENTED, decision=decision)
    services.initiative_update(initiative=proposal, by=world.coordinator_a, board_discussion="Steun van de raad")
    proposal.refresh_from_db()
    assert proposal.status == S.CONSENTED and proposal.board_discussion == "Steun van de raad"


def test_a_broker_that_is_down_leaves_the_share_and_notices_in_place(world, django_capture_on_commit_callbacks, monkeypatch):
    from kombu.exceptions import OperationalError

    from partnerships.governance import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.mail_initiative_shared, "delay", down)
    proposal = initiative(world)
    Initiative.objects.filter(pk=proposal.pk).update(status=S.CONSENTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=proposal, by=world.coordinator_a, target=S.SHARED)
    assert Initiative.objects.get(pk=proposal.pk).status == S.SHARED
    assert InitiativeNotice.objects.filter(initiative=proposal, recipient=world.coordinator_b).exists()
    assert mail.outbox == []
