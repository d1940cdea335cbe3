"""Writes of governance: every function checks who acts (``by``), validates
(rules.py, ``full_clean``) and is atomic. Web views, the API and the demo call
these functions; error messages are module constants the tests reuse.

Who may do what (DOMAIN.md §2, issue 5 §8): board members decide
(GOVERNANCE_DECIDE), the coordinator prepares and edits (GOVERNANCE_PREPARE), the
field team raises issues, proposes initiatives and gives consent on them
(GOVERNANCE_RAISE); others read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..access import Perm, perms_in
from ..models import Membership, Organisation, PartnerOrganisation, Partnership, Role, User
from . import rules
from .models import (
    AgendaItem,
    Agreement,
    Challenge,
    CollaborationAgreement,
    CompositionChange,
    Decision,
    DistributionKey,
    DistributionShare,
    FacetStatus,
    GovernanceSettings,
    HybridTension,
    Initiative,
    InitiativeIteration,
    InitiativeNotice,
    Issue,
    Meeting,
    MeetingAttendance,
    Milestone,
    Objection,
)

S = rules.InitiativeStatus

ERROR_NOT_ALLOWED = _("Dat mag je niet doen in dit partnerschap.")
ERROR_DECISION_CLOSED = _("Over dit voorstel is al beslist.")
ERROR_OBJECTION_ONLY_CONSENT = _("Bezwaren horen bij een consentbesluit.")
ERROR_OBJECTION_RESOLUTION = _("Beschrijf hoe het bezwaar werd opgelost.")
ERROR_OBJECTION_RESOLVED = _("Dit bezwaar is al opgelost.")
ERROR_NOT_A_MEMBER = _("Deze persoon heeft geen rol in dit partnerschap.")
ERROR_NOT_A_BOARD_MEMBER = _("Kies een lid van de bestuursraad van dit partnerschap.")
ERROR_OTHER_PARTNERSHIP = _("Dit hoort bij een ander partnerschap.")
ERROR_AGREEMENT_DONE = _("Deze afspraak is al afgerond.")
ERROR_CONSENT_DECISION = _(
    "Kies een aangenomen consentbesluit van een teamoverleg van dit partnerschap."
)
ERROR_EVALUATION_REQUIRED = _("Beschrijf de evaluatie van de piloot.")
ERROR_OUTCOME_REASON_REQUIRED = _("Geef de reden om te verbreden of te stoppen.")
ERROR_ITERATION_STATE = _("Iteraties horen bij een lopende of geëvalueerde piloot.")
ERROR_BOARD_DECISION = _("Kies een aangenomen besluit van de bestuursraad van dit partnerschap.")
ERROR_ALREADY_PARTNER = _("Deze organisatie is al partner.")
ERROR_NOT_PARTNER = _("Deze organisatie is geen partner van dit partnerschap.")
ERROR_LAST_COORDINATOR_LEAVES = _(
    "De enige coördinator van het partnerschap werkt bij deze partner; duid eerst een andere coördinator aan."
)
ERROR_INITIATIVE_FIELDS_LOCKED = _("Een afgerond initiatief wijzig je niet meer.")
ERROR_CHALLENGE_DECIDED = _("Over deze uitdaging is al beslist.")
ERROR_CHALLENGE_OUTCOME = _("Kies aanvaard, afgewezen of ingetrokken.")
ERROR_KEY_NOT_PARTNER = _("Alleen partners van dit partnerschap krijgen een aandeel.")
ERROR_KEY_DATE_TAKEN = _("Er bestaat al een verdeelsleutel die op die datum ingaat.")
ERROR_DONE_ON_REQUIRED = _("Geef de datum waarop de mijlpaal gehaald werd.")

# Who may prepare/edit a meeting, and who decides in it, by kind of meeting.
MEETING_PREPARE = {
    Meeting.Kind.BOARD: (Perm.GOVERNANCE_PREPARE,),
    Meeting.Kind.FIELD_TEAM: (Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_RAISE),
}
MEETING_DECIDE = {
    Meeting.Kind.BOARD: (Perm.GOVERNANCE_DECIDE,),
    Meeting.Kind.FIELD_TEAM: (Perm.GOVERNANCE_RAISE,),
}
AGENDA_ADD = {
    Meeting.Kind.BOARD: (Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE),
    Meeting.Kind.FIELD_TEAM: (Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_RAISE),
}
INITIATIVE_TRANSITION_PERMS = {
    S.CONSENTED: (Perm.GOVERNANCE_RAISE,),
    S.SHARED: (Perm.GOVERNANCE_PREPARE,),
    S.PILOTING: (Perm.GOVERNANCE_RAISE, Perm.GOVERNANCE_PREPARE),
    S.EVALUATED: (Perm.GOVERNANCE_RAISE, Perm.GOVERNANCE_PREPARE),
    S.WIDENED: (Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE),
    S.STOPPED: (Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE),
}


def may(user, partnership, *perms: str) -> bool:
    granted = perms_in(user, partnership)
    return any(perm in granted for perm in perms)


def require_any(user, partnership, *perms: str) -> None:
    if not may(user, partnership, *perms):
        raise PermissionDenied(ERROR_NOT_ALLOWED)


def _rule(check, field: str | None = None):
    """Run a rule; its refusal becomes a ValidationError (on ``field``)."""
    try:
        return check()
    except rules.RuleError as error:
        raise ValidationError({field: error.message} if field else error.message) from error


def _same_partnership(obj, partnership_id: int, field: str) -> None:
    if obj is not None and obj.partnership_id != partnership_id:
        raise ValidationError({field: ERROR_OTHER_PARTNERSHIP})


def _require_member(user: User, partnership_id: int, field: str, role: str | None = None) -> None:
    memberships = Membership.objects.filter(partnership_id=partnership_id, user=user)
    if role:
        memberships = memberships.filter(role=role)
    if not memberships.exists():
        raise ValidationError({field: ERROR_NOT_A_BOARD_MEMBER if role else ERROR_NOT_A_MEMBER})


def _save(obj, update_fields=None):
    obj.full_clean()
    obj.save(update_fields=update_fields)
    return obj


# --- Meetings ----------------------------------------------------------------------------

MEETING_FIELDS = ("kind", "title", "held_on", "location", "minutes")


@transaction.atomic
def meeting_create(*, partnership: Partnership, by: User, kind: str, held_on: date, title: str = "",
                   location: str = "", minutes: str = "") -> Meeting:
    require_any(by, partnership, *MEETING_PREPARE[Meeting.Kind(kind)])
    meeting = Meeting(partnership=partnership, kind=kind, held_on=held_on, title=title, location=location,
                      minutes=minutes, created_by=by)
    return _save(meeting)


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, **changes) -> Meeting:
    require_any(by, meeting.partnership_id, *MEETING_PREPARE[Meeting.Kind(meeting.kind)])
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "kind" in changes:
        require_any(by, meeting.partnership_id, *MEETING_PREPARE[Meeting.Kind(changes["kind"])])
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for field, value in changes.items():
        setattr(meeting, field, value)
    return _save(meeting, update_fields=list(changes) or None)


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: User, presence: dict[int, str]) -> None:
    """Set each person's presence ({user_id: presence}); an empty value removes the row."""
    require_any(by, meeting.partnership_id, *MEETING_PREPARE[Meeting.Kind(meeting.kind)])
    members = set(
        Membership.objects.filter(partnership_id=meeting.partnership_id).values_list("user_id", flat=True)
    )
    for user_id, value in presence.items():
        if user_id not in members:
            raise ValidationError(ERROR_NOT_A_MEMBER)
        if not value:
            MeetingAttendance.objects.filter(meeting=meeting, user_id=user_id).delete()
            continue
        row = MeetingAttendance.objects.filter(meeting=meeting, user_id=user_id).first()
        if row is None:
            _save(MeetingAttendance(meeting=meeting, user_id=user_id, presence=value))
        elif row.presence != value:
            row.presence = value
            _save(row, update_fields=["presence"])


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User, title: str, description: str = "",
                    issue: Issue | None = None, initiative: Initiative | None = None) -> AgendaItem:
    require_any(by, meeting.partnership_id, *AGENDA_ADD[Meeting.Kind(meeting.kind)])
    _same_partnership(issue, meeting.partnership_id, "issue")
    _same_partnership(initiative, meeting.partnership_id, "initiative")
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = _save(AgendaItem(meeting=meeting, position=last + 1, title=title, description=description,
                            added_by=by, issue=issue, initiative=initiative))
    if issue is not None and meeting.kind == Meeting.Kind.BOARD and issue.status == rules.IssueStatus.OPEN:
        issue.status = rules.IssueStatus.ON_AGENDA
        _save(issue, update_fields=["status"])
    return item


# --- Decisions ------------------------------------------------------------------------------


@transaction.atomic
def decision_create(*, meeting: Meeting, by: User, title: str, proposal: str, method: str,
                    agenda_item: AgendaItem | None = None) -> Decision:
    require_any(by, meeting.partnership_id, *MEETING_DECIDE[Meeting.Kind(meeting.kind)])
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": ERROR_OTHER_PARTNERSHIP})
    decision = Decision(partnership_id=meeting.partnership_id, meeting=meeting, agenda_item=agenda_item,
                        title=title, proposal=proposal, method=method, recorded_by=by)
    return _save(decision)


def _require_decider(by: User, decision: Decision) -> None:
    require_any(by, decision.partnership_id, *MEETING_DECIDE[Meeting.Kind(decision.meeting.kind)])


@transaction.atomic
def objection_add(*, decision: Decision, by: User, reasoning: str, raised_by: User | None = None,
                  round: int | None = None) -> Objection:
    """Record a reasoned objection in a consent round (default: the current round)."""
    _require_decider(by, decision)
    if not decision.is_open:
        raise ValidationError(ERROR_DECISION_CLOSED)
    if decision.method != rules.Method.CONSENT:
        raise ValidationError(ERROR_OBJECTION_ONLY_CONSENT)
    raised_by = raised_by or by
    _require_member(raised_by, decision.partnership_id, "raised_by")
    if round is None:
        round = decision.objections.order_by("-round").values_list("round", flat=True).first() or 1
    return _save(Objection(decision=decision, round=round, raised_by=raised_by, reasoning=reasoning))


@transaction.atomic
def objection_resolve(*, objection: Objection, by: User, resolution: str) -> Objection:
    objection = Objection.objects.select_for_update().select_related("decision__meeting").get(pk=objection.pk)
    _require_decider(by, objection.decision)
    if not objection.decision.is_open:
        raise ValidationError(ERROR_DECISION_CLOSED)
    if objection.is_resolved:
        raise ValidationError(ERROR_OBJECTION_RESOLVED)
    if not resolution.strip():
        raise ValidationError({"resolution": ERROR_OBJECTION_RESOLUTION})
    objection.resolution = resolution.strip()
    objection.resolved_at = timezone.now()
    return _save(objection, update_fields=["resolution", "resolved_at"])


@transaction.atomic
def decision_conclude(*, decision: Decision, by: User, decided_on: date | None = None,
                      votes_for: int | None = None, votes_against: int | None = None,
                      votes_abstain: int | None = None, rationale: str = "") -> Decision:
    """Close a proposal by its method: consent when every objection is resolved,
    consensus as agreed, majority by the votes (rules.MAJORITY_RULE)."""
    # Lock the decision: two board members concluding at once must not both win.
    decision = Decision.objects.select_for_update().select_related("meeting").get(pk=decision.pk)
    _require_decider(by, decision)
    if not decision.is_open:
        raise ValidationError(ERROR_DECISION_CLOSED)
    if decision.method == rules.Method.CONSENT:
        open_objections = decision.objections.filter(resolved_at__isnull=True).count()
        adopted = _rule(lambda: rules.consent_outcome(unresolved_objections=open_objections))
    elif decision.method == rules.Method.MAJORITY:
        adopted = _rule(lambda: rules.majority_outcome(
            votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain), "votes_for")
        decision.votes_for, decision.votes_against, decision.votes_abstain = votes_for, votes_against, votes_abstain
    else:
        adopted = True
    decision.status = Decision.Status.ADOPTED if adopted else Decision.Status.REJECTED
    decision.decided_on = decided_on or decision.meeting.held_on
    if rationale:
        decision.rationale = rationale
    return _save(decision)


# --- Agreements --------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, partnership: Partnership, by: User, description: str, owner: User, due_on: date,
                     meeting: Meeting | None = None, decision: Decision | None = None) -> Agreement:
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    _same_partnership(meeting, partnership.pk, "meeting")
    _same_partnership(decision, partnership.pk, "decision")
    _require_member(owner, partnership.pk, "owner")
    return _save(Agreement(partnership=partnership, description=description, owner=owner, due_on=due_on,
                           meeting=meeting, decision=decision))


@transaction.atomic
def agreement_complete(*, agreement: Agreement, by: User, done_on: date | None = None) -> Agreement:
    if agreement.owner_id != by.pk:
        require_any(by, agreement.partnership_id, Perm.GOVERNANCE_PREPARE)
    if agreement.done_on is not None:
        raise ValidationError(ERROR_AGREEMENT_DONE)
    agreement.done_on = done_on or timezone.localdate()
    return _save(agreement, update_fields=["done_on"])


# --- Escalated issues -----------------------------------------------------------------------------


@transaction.atomic
def issue_raise(*, partnership: Partnership, by: User, title: str, description: str,
                why_team_cannot_solve: str) -> Issue:
    require_any(by, partnership, Perm.GOVERNANCE_RAISE)
    today = timezone.localdate()
    return _save(Issue(partnership=partnership, title=title, description=description,
                       why_team_cannot_solve=why_team_cannot_solve, raised_by=by, raised_on=today,
                       last_raised_on=today))


def _lock_issue(issue: Issue) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == rules.IssueStatus.CLOSED:
        raise ValidationError(rules.ERROR_ISSUE_CLOSED)
    return issue


@transaction.atomic
def issue_assign(*, issue: Issue, by: User, responsible: User, handling: str = "",
                 escalated_further_to: str = "", feedback_due_on: date | None = None) -> Issue:
    """The board gives the issue to a responsible board member, with how it is handled."""
    require_any(by, issue.partnership_id, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    issue = _lock_issue(issue)
    _require_member(responsible, issue.partnership_id, "responsible", role=Role.BOARD_MEMBER)
    issue.responsible = responsible
    issue.handling = handling
    issue.escalated_further_to = escalated_further_to
    issue.feedback_due_on = feedback_due_on
    issue.status = rules.IssueStatus.IN_HANDS
    return _save(issue)


@transaction.atomic
def issue_give_feedback(*, issue: Issue, by: User, feedback: str) -> Issue:
    require_any(by, issue.partnership_id, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    issue = _lock_issue(issue)
    if not feedback.strip():
        raise ValidationError({"feedback": rules.ERROR_CLOSE_WITHOUT_FEEDBACK})
    issue.feedback = feedback.strip()
    issue.feedback_given_on = timezone.localdate()
    return _save(issue, update_fields=["feedback", "feedback_given_on"])


@transaction.atomic
def issue_close(*, issue: Issue, by: User) -> Issue:
    """Close a solved issue; only after feedback to the team."""
    require_any(by, issue.partnership_id, Perm.GOVERNANCE_DECIDE)
    issue = _lock_issue(issue)
    _rule(lambda: rules.check_issue_can_close(feedback=issue.feedback), "feedback")
    issue.status = rules.IssueStatus.CLOSED
    issue.closed_on = timezone.localdate()
    return _save(issue, update_fields=["status", "closed_on"])


@transaction.atomic
def issue_raise_again(*, issue: Issue, by: User) -> Issue:
    """The one who escalated keeps raising an unsolved issue."""
    require_any(by, issue.partnership_id, Perm.GOVERNANCE_RAISE)
    issue = _lock_issue(issue)
    issue.last_raised_on = timezone.localdate()
    return _save(issue, update_fields=["last_raised_on"])


# --- Improvement initiatives -------------------------------------------------------------------

INITIATIVE_FIELDS = (
    "title", "waste_or_failure_demand", "cause", "failure_demand_reference", "rationale", "requirements",
    "needs_new_competences", "needs_new_partner", "evaluation_method", "pilot_group", "board_discussion",
    "failure_demands",
)


@transaction.atomic
def initiative_propose(*, partnership: Partnership, by: User, title: str, waste_or_failure_demand: str,
                       cause: str, rationale: str, evaluation_method: str, **fields) -> Initiative:
    require_any(by, partnership, Perm.GOVERNANCE_RAISE)
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    failure_demands = fields.pop("failure_demands", None)
    initiative = _save(Initiative(partnership=partnership, title=title, waste_or_failure_demand=waste_or_failure_demand,
                                  cause=cause, rationale=rationale, evaluation_method=evaluation_method,
                                  proposed_by=by, proposed_on=timezone.localdate(), **fields))
    if failure_demands is not None:
        _link_failure_demands(initiative, failure_demands)
    return initiative


def _link_failure_demands(initiative: Initiative, failure_demands) -> None:
    """Link the failure demands (cases.FailureDemand) the initiative addresses: only
    those of the initiative's own partnership."""
    from cases.models import FailureDemand

    ids = {fd.pk if hasattr(fd, "pk") else int(fd) for fd in failure_demands}
    found = set(FailureDemand.objects.filter(pk__in=ids, case__partnership_id=initiative.partnership_id)
                .values_list("pk", flat=True))
    if found != ids:
        raise ValidationError({"failure_demands": ERROR_OTHER_PARTNERSHIP})
    initiative.failure_demands.set(sorted(ids))


@transaction.atomic
def initiative_update(*, initiative: Initiative, by: User, **changes) -> Initiative:
    require_any(by, initiative.partnership_id, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_RAISE)
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    # A fresh, locked row: a stale object must not write back an old status.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status in (S.WIDENED, S.STOPPED):
        raise ValidationError(ERROR_INITIATIVE_FIELDS_LOCKED)
    failure_demands = changes.pop("failure_demands", None)
    for field, value in changes.items():
        setattr(initiative, field, value)
    _save(initiative, update_fields=list(changes) or None)
    if failure_demands is not None:
        _link_failure_demands(initiative, failure_demands)
    return initiative


@transaction.atomic
def initiative_transition(*, initiative: Initiative, by: User, target: str, decision: Decision | None = None,
                          evaluation: str = "", outcome_reason: str = "", on: date | None = None) -> Initiative:
    """Move an initiative one step; a step that skips a required one is refused with the reason.

    consented needs the field team's adopted consent decision; shared notifies the
    coordinators of the other partnerships; evaluated needs the evaluation;
    widened/stopped need the reason."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    target = S(target)
    require_any(by, initiative.partnership_id, *INITIATIVE_TRANSITION_PERMS.get(target, ()))
    _rule(lambda: rules.check_initiative_transition(initiative.status, target), "status")
    today = on or timezone.localdate()
    if target == S.CONSENTED:
        if (
            decision is None
            or decision.partnership_id != initiative.partnership_id
            or decision.method != rules.Method.CONSENT
            or decision.status != Decision.Status.ADOPTED
            or decision.meeting.kind != Meeting.Kind.FIELD_TEAM
        ):
            raise ValidationError({"decision": ERROR_CONSENT_DECISION})
        initiative.consent_decision = decision
    elif target == S.SHARED:
        initiative.shared_on = today
    elif target == S.PILOTING:
        initiative.piloting_since = initiative.piloting_since or today
    elif target == S.EVALUATED:
        if not evaluation.strip():
            raise ValidationError({"evaluation": ERROR_EVALUATION_REQUIRED})
        initiative.evaluation = evaluation.strip()
    elif target in (S.WIDENED, S.STOPPED):
        if not outcome_reason.strip():
            raise ValidationError({"outcome_reason": ERROR_OUTCOME_REASON_REQUIRED})
        initiative.outcome_reason = outcome_reason.strip()
        initiative.closed_on = today
    initiative.status = target
    _save(initiative)
    if target == S.SHARED:
        _notify_other_coordinators(initiative)
    return initiative


def _notify_other_coordinators(initiative: Initiative) -> None:
    """In-app notices now; the mail goes out after the commit (Celery)."""
    recipients = (
        User.objects.filter(memberships__role=Role.COORDINATOR, is_active=True)
        .exclude(memberships__partnership_id=initiative.partnership_id)
        .distinct()
    )
    InitiativeNotice.objects.bulk_create(
        [InitiativeNotice(initiative=initiative, recipient=user) for user in recipients], ignore_conflicts=True
    )
    from .tasks import enqueue_on_commit, mail_initiative_shared

    enqueue_on_commit(mail_initiative_shared, initiative.pk)  # the in-app notices stand even if mail waits


@transaction.atomic
def initiative_notice_read(*, initiative: Initiative, user: User) -> None:
    InitiativeNotice.objects.filter(initiative=initiative, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def iteration_add(*, initiative: Initiative, by: User, description: str, started_on: date,
                  learnings: str = "", ended_on: date | None = None) -> InitiativeIteration:
    require_any(by, initiative.partnership_id, Perm.GOVERNANCE_RAISE, Perm.GOVERNANCE_PREPARE)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)  # numbers stay unique
    if initiative.status not in (S.PILOTING, S.EVALUATED):
        raise ValidationError(ERROR_ITERATION_STATE)
    number = (initiative.iterations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return _save(InitiativeIteration(initiative=initiative, number=number, description=description,
                                     learnings=learnings, started_on=started_on, ended_on=ended_on))


# --- Composition and the right to challenge ------------------------------------------------------


def _require_board_decision(decision: Decision | None, partnership_id: int) -> None:
    if (
        decision is None
        or decision.partnership_id != partnership_id
        or decision.status != Decision.Status.ADOPTED
        or decision.meeting.kind != Meeting.Kind.BOARD
    ):
        raise ValidationError({"decision": ERROR_BOARD_DECISION})


@transaction.atomic
def composition_change_record(*, partnership: Partnership, by: User, organisation: Organisation, kind: str,
                              effective_on: date, decision: Decision, learning: str,
                              role_description: str = "") -> CompositionChange:
    """Record a board-decided change; applied to the member list once effective."""
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    _rule(lambda: rules.check_composition_change_date(
        partnership_start=partnership.start_date, effective_on=effective_on), "effective_on")
    _require_board_decision(decision, partnership.pk)
    is_partner = PartnerOrganisation.objects.filter(partnership=partnership, organisation=organisation).exists()
    if kind == CompositionChange.Kind.JOIN and is_partner:
        raise ValidationError({"organisation": ERROR_ALREADY_PARTNER})
    if kind != CompositionChange.Kind.JOIN and not is_partner:
        raise ValidationError({"organisation": ERROR_NOT_PARTNER})
    if kind in ROLES_END_WITH and not _other_coordinators(partnership.pk, organisation.pk).exists():
        raise ValidationError({"organisation": ERROR_LAST_COORDINATOR_LEAVES})
    change = _save(CompositionChange(partnership=partnership, organisation=organisation, kind=kind,
                                     effective_on=effective_on, decision=decision, learning=learning,
                                     role_description=role_description, recorded_by=by))
    if effective_on <= timezone.localdate():
        _apply(change)
    return change


# A partner that leaves or is released takes its people's roles in the partnership with it;
# a partner that becomes a subcontractor keeps them (its people still work the cases).
ROLES_END_WITH = (CompositionChange.Kind.LEAVE, CompositionChange.Kind.RELEASE)


def _other_coordinators(partnership_id, organisation_id):
    return Membership.objects.filter(partnership_id=partnership_id, role=Role.COORDINATOR).exclude(
        user__organisation_id=organisation_id)


def _end_roles(change: CompositionChange) -> None:
    """End the roles of the leaving organisation's people in this partnership. The last
    coordinator keeps the role (checked when recording; re-checked here because the
    change may have been recorded months before it takes effect)."""
    from ..access import forget_roles

    keep_coordinator = not _other_coordinators(change.partnership_id, change.organisation_id).exists()
    for membership in Membership.objects.filter(
        partnership_id=change.partnership_id, user__organisation_id=change.organisation_id
    ).select_related("user"):
        if keep_coordinator and membership.role == Role.COORDINATOR:
            continue
        membership.delete()  # one by one: the audit trail records each
        forget_roles(membership.user)


def _apply(change: CompositionChange) -> None:
    if change.kind == CompositionChange.Kind.JOIN:
        PartnerOrganisation.objects.get_or_create(
            partnership_id=change.partnership_id, organisation=change.organisation,
            defaults={"role_description": change.role_description, "joined_on": change.effective_on},
        )
    else:
        for member in PartnerOrganisation.objects.filter(
            partnership_id=change.partnership_id, organisation=change.organisation
        ):
            member.delete()  # one by one: the audit trail records each
        if change.kind in ROLES_END_WITH:
            _end_roles(change)
    change.applied_at = timezone.now()
    change.save(update_fields=["applied_at"])


@transaction.atomic
def composition_apply_due(*, today: date | None = None) -> int:
    """Apply changes whose date has come (safe to run twice: a claimed row is skipped)."""
    today = today or timezone.localdate()
    count = 0
    for change in (
        CompositionChange.objects.select_for_update(skip_locked=True)
        .filter(applied_at__isnull=True, effective_on__lte=today)
        .select_related("organisation")
    ):
        _apply(change)
        count += 1
    return count


def governance_settings_for(partnership: Partnership) -> GovernanceSettings:
    found = GovernanceSettings.objects.filter(partnership=partnership).first()
    return found or GovernanceSettings(partnership=partnership)


@transaction.atomic
def governance_settings_update(*, partnership: Partnership, by: User, challenge_after_months: int) -> GovernanceSettings:
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE)
    settings, _created = GovernanceSettings.objects.get_or_create(partnership=partnership)
    settings.challenge_after_months = challenge_after_months
    return _save(settings)


@transaction.atomic
def challenge_record(*, partnership: Partnership, by: User, challenger: str, lodged_on: date,
                     claimed_added_value: str) -> Challenge:
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE)
    after = governance_settings_for(partnership).challenge_after_months
    _rule(lambda: rules.check_challenge_date(
        partnership_start=partnership.start_date, lodged_on=lodged_on, after_months=after), "lodged_on")
    return _save(Challenge(partnership=partnership, challenger=challenger, lodged_on=lodged_on,
                           claimed_added_value=claimed_added_value))


@transaction.atomic
def challenge_decide(*, challenge: Challenge, by: User, outcome: str, outcome_note: str = "",
                     decision: Decision | None = None, decided_on: date | None = None) -> Challenge:
    require_any(by, challenge.partnership_id, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    if challenge.outcome != Challenge.Outcome.PENDING:
        raise ValidationError(ERROR_CHALLENGE_DECIDED)
    if outcome == Challenge.Outcome.PENDING:
        raise ValidationError({"outcome": ERROR_CHALLENGE_OUTCOME})
    _same_partnership(decision, challenge.partnership_id, "decision")
    challenge.outcome = outcome
    challenge.outcome_note = outcome_note
    challenge.decision = decision
    challenge.decided_on = decided_on or timezone.localdate()
    return _save(challenge)


# --- Collaboration model -----------------------------------------------------------------------------

DEFAULT_AGREEMENT_NAME = _("Partnerschapsovereenkomst")


@transaction.atomic
def collaboration_agreement_ensure(*, partnership: Partnership, name: str | None = None) -> CollaborationAgreement:
    """The partnership's (first) collaboration agreement, with a status row per facet."""
    name = str(name or DEFAULT_AGREEMENT_NAME)
    agreement, _created = CollaborationAgreement.objects.get_or_create(partnership=partnership, name=name)
    existing = set(agreement.facets.values_list("facet", flat=True))
    FacetStatus.objects.bulk_create(
        [FacetStatus(agreement=agreement, facet=facet) for facet in rules.FACET_ORDER if facet not in existing]
    )
    return agreement


@transaction.atomic
def collaboration_agreement_create(*, partnership: Partnership, by: User, name: str,
                                   description: str = "") -> CollaborationAgreement:
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE)
    agreement = _save(CollaborationAgreement(partnership=partnership, name=name, description=description))
    return collaboration_agreement_ensure(partnership=partnership, name=agreement.name)


@transaction.atomic
def facet_update(*, facet: FacetStatus, by: User, status: str, strengths: str = "",
                 attention_points: str = "") -> FacetStatus:
    require_any(by, facet.agreement.partnership_id, Perm.GOVERNANCE_PREPARE)
    facet.status, facet.strengths, facet.attention_points = status, strengths, attention_points
    return _save(facet, update_fields=["status", "strengths", "attention_points", "updated_at"])


@transaction.atomic
def tension_add(*, agreement: CollaborationAgreement, by: User, domain: str, canvas_block: str, title: str,
                description: str = "", handling: str = "") -> HybridTension:
    require_any(by, agreement.partnership_id, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    return _save(HybridTension(agreement=agreement, domain=domain, canvas_block=canvas_block, title=title,
                               description=description, handling=handling))


@transaction.atomic
def tension_update(*, tension: HybridTension, by: User, **changes) -> HybridTension:
    require_any(by, tension.agreement.partnership_id, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    allowed = {"domain", "canvas_block", "title", "description", "handling"}
    if set(changes) - allowed:
        raise ValueError(f"not editable: {sorted(set(changes) - allowed)}")
    for field, value in changes.items():
        setattr(tension, field, value)
    return _save(tension, update_fields=list(changes) or None)


@transaction.atomic
def distribution_key_create(*, agreement: CollaborationAgreement, by: User, valid_from: date,
                            shares: Iterable[tuple[Organisation, Decimal]], applies_to: str = "both",
                            note: str = "") -> DistributionKey:
    """A new key from ``valid_from``; earlier keys stay as history. Shares sum to exactly 100.00."""
    require_any(by, agreement.partnership_id, Perm.GOVERNANCE_PREPARE)
    shares = [(organisation, Decimal(percentage)) for organisation, percentage in shares]
    _rule(lambda: rules.check_distribution_key(
        [rules.Share(organisation.pk, percentage) for organisation, percentage in shares]), "shares")
    partner_ids = set(
        PartnerOrganisation.objects.filter(partnership_id=agreement.partnership_id).values_list(
            "organisation_id", flat=True)
    )
    if any(organisation.pk not in partner_ids for organisation, _p in shares):
        raise ValidationError({"shares": ERROR_KEY_NOT_PARTNER})
    if DistributionKey.objects.filter(agreement=agreement, applies_to=applies_to, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": ERROR_KEY_DATE_TAKEN})
    key = _save(DistributionKey(agreement=agreement, applies_to=applies_to, valid_from=valid_from, note=note,
                                recorded_by=by))
    for organisation, percentage in shares:
        _save(DistributionShare(key=key, organisation=organisation, percentage=percentage))
    return key


# --- Milestones -----------------------------------------------------------------------------------------

MILESTONE_FIELDS = ("period", "title", "description", "planned_on", "status", "done_on")


@transaction.atomic
def milestone_create(*, partnership: Partnership, by: User, period: str, title: str, planned_on: date,
                     description: str = "", status: str = Milestone.Status.PLANNED,
                     done_on: date | None = None) -> Milestone:
    require_any(by, partnership, Perm.GOVERNANCE_PREPARE)
    if status == Milestone.Status.DONE and done_on is None:
        raise ValidationError({"done_on": ERROR_DONE_ON_REQUIRED})
    return _save(Milestone(partnership=partnership, period=period, title=title, planned_on=planned_on,
                           description=description, status=status, done_on=done_on))


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User, **changes) -> Milestone:
    require_any(by, milestone.partnership_id, Perm.GOVERNANCE_PREPARE)
    if set(changes) - set(MILESTONE_FIELDS):
        raise ValueError(f"not editable: {sorted(set(changes) - set(MILESTONE_FIELDS))}")
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    for field, value in changes.items():
        setattr(milestone, field, value)
    if milestone.status == Milestone.Status.DONE and milestone.done_on is None:
        raise ValidationError({"done_on": ERROR_DONE_ON_REQUIRED})
    return _save(milestone, update_fields=list(changes) or None)
