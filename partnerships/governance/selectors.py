"""Reads of governance, ready to render: related rows loaded once, ordering decided here.

Every function gets an already scoped object (a partnership or meeting the user
may see) or scopes by ``user`` itself."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from ..access import Perm, partnership_ids_subquery
from ..models import Membership, PartnerOrganisation, Partnership, Role
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
    HybridTension,
    Initiative,
    InitiativeNotice,
    Issue,
    Meeting,
    MeetingAttendance,
    Milestone,
    Objection,
)


def today() -> date:
    return timezone.localdate()


# --- Meetings and decisions --------------------------------------------------------------


def meetings(partnership: Partnership, *, kind: str = "", query: str = ""):
    qs = Meeting.objects.filter(partnership=partnership).annotate(
        decision_count=Count("decisions", distinct=True), item_count=Count("agenda_items", distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(minutes__icontains=query) | Q(agenda_items__title__icontains=query)).distinct()
    return qs.order_by("-held_on", "-pk")


def _decisions_with_objections():
    return Decision.objects.select_related("agenda_item").prefetch_related(
        Prefetch("objections", queryset=Objection.objects.select_related("raised_by").order_by("round", "pk"))
    ).order_by("created_at", "pk")


def meeting_detail(meeting: Meeting) -> dict:
    """Agenda, attendance, decisions (with objections) and agreements of a meeting: 4 queries."""
    return {
        "agenda_items": list(
            AgendaItem.objects.filter(meeting=meeting).select_related("added_by", "issue", "initiative")
            .order_by("position", "pk")
        ),
        "attendances": list(
            MeetingAttendance.objects.filter(meeting=meeting).select_related("user", "user__organisation")
            .annotate(presence_order=Case(
                *[When(presence=value, then=Value(i)) for i, value in enumerate(MeetingAttendance.Presence.values)],
                output_field=IntegerField()))
            .order_by("presence_order", "user__first_name", "user__last_name")
        ),
        "decisions": list(_decisions_with_objections().filter(meeting=meeting)),
        "agreements": list(Agreement.objects.filter(meeting=meeting).select_related("owner").order_by("due_on", "pk")),
    }


def meeting_for_minutes(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("partnership", "partnership__work_area").get(pk=meeting_id)


def partnership_members(partnership_id: int, role: str | None = None):
    """People with a role in the partnership (once each), for choices."""
    from ..models import User

    members = Membership.objects.filter(partnership_id=partnership_id)
    if role:
        members = members.filter(role=role)
    return (
        User.objects.filter(pk__in=members.values("user_id")).select_related("organisation")
        .order_by("first_name", "last_name")
    )


def decision_log(partnership: Partnership, *, method: str = "", status: str = "", query: str = ""):
    qs = Decision.objects.filter(partnership=partnership).select_related("meeting").annotate(
        objection_count=Count("objections"),
        open_objection_count=Count("objections", filter=Q(objections__resolved_at__isnull=True)),
    )
    if method:
        qs = qs.filter(method=method)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(proposal__icontains=query) | Q(rationale__icontains=query))
    return qs.order_by("-decided_on", "-meeting__held_on", "-pk")


def decision_detail(decision: Decision) -> dict:
    return {
        "objections": list(decision.objections.select_related("raised_by").order_by("round", "pk")),
        "agreements": list(decision.agreements.select_related("owner").order_by("due_on")),
    }


def agreements_overview(partnership: Partnership, *, show: str = "open", owner_id: int | None = None):
    """Open (default), overdue, done or all agreements, by due date."""
    qs = Agreement.objects.filter(partnership=partnership).select_related("owner", "meeting")
    if show == "open":
        qs = qs.filter(done_on__isnull=True)
    elif show == "overdue":
        qs = qs.filter(done_on__isnull=True, due_on__lt=today())
    elif show == "done":
        qs = qs.filter(done_on__isnull=False)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    return qs.order_by("due_on", "pk")


def agreement_counts(partnership: Partnership) -> dict:
    return Agreement.objects.filter(partnership=partnership, done_on__isnull=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today()))
    )


# --- Issues ---------------------------------------------------------------------------------


def issues(partnership: Partnership, *, status: str = "", overdue: bool = False, query: str = ""):
    qs = Issue.objects.filter(partnership=partnership).select_related("raised_by", "responsible")
    if status == "unsolved":
        qs = qs.exclude(status=rules.IssueStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_feedback_q())
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return qs.order_by("-raised_on", "-pk")


def overdue_feedback_q(on: date | None = None) -> Q:
    """Same rule as rules.feedback_overdue, as a query."""
    return (
        ~Q(status=rules.IssueStatus.CLOSED)
        & Q(feedback_due_on__lt=on or today())
        & Q(feedback_given_on__isnull=True)
    )


def issue_detail(issue: Issue) -> dict:
    return {
        "agenda_items": list(issue.agenda_items.select_related("meeting").order_by("-meeting__held_on")),
        "feedback_overdue": rules.feedback_overdue(
            status=issue.status, feedback_due_on=issue.feedback_due_on,
            feedback_given_on=issue.feedback_given_on, today=today(),
        ),
        "raise_again_due": rules.raise_again_due(
            status=issue.status, last_raised_on=issue.last_raised_on, today=today()
        ),
    }


# --- Initiatives ---------------------------------------------------------------------------------


def initiatives(partnership: Partnership, *, status: str = "", query: str = ""):
    qs = Initiative.objects.filter(partnership=partnership).select_related("proposed_by").annotate(
        iteration_count=Count("iterations")
    )
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(waste_or_failure_demand__icontains=query))
    return qs.order_by("-proposed_on", "-pk")


def initiative_detail(initiative: Initiative, *, with_failure_demands: bool = False) -> dict:
    """``with_failure_demands``: the linked failure demands themselves (for someone who
    may read the partnership's cases); otherwise only their number."""
    failure_demands = (
        list(initiative.failure_demands.select_related("case").order_by("-occurred_on", "-pk"))
        if with_failure_demands else []
    )
    return {
        "failure_demands": failure_demands,
        "failure_demand_count": len(failure_demands) if with_failure_demands else initiative.failure_demands.count(),
        "iterations": list(initiative.iterations.order_by("number")),
        "agenda_items": list(initiative.agenda_items.select_related("meeting").order_by("-meeting__held_on")),
        "next_states": rules.next_initiative_states(initiative.status),
    }


SHARED_STATES = [rules.InitiativeStatus.SHARED, rules.InitiativeStatus.PILOTING, rules.InitiativeStatus.EVALUATED,
                 rules.InitiativeStatus.WIDENED, rules.InitiativeStatus.STOPPED]


def shared_initiatives_for(user):
    """Initiatives other partnerships shared, readable by a coordinator (GOVERNANCE_PREPARE)
    of another partnership: the one controlled exception to partnership scoping (read-only)."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    mine = partnership_ids_subquery(user, Perm.VIEW)
    may_read = Membership.objects.filter(user=user, role=Role.COORDINATOR)
    return (
        Initiative.objects.filter(shared_on__isnull=False, status__in=SHARED_STATES)
        .exclude(partnership_id__in=mine)
        .filter(Exists(may_read))
        .select_related("partnership")
        .annotate(unread=Exists(InitiativeNotice.objects.filter(
            initiative=OuterRef("pk"), recipient=user, read_at__isnull=True)))
        .order_by("-shared_on", "-pk")
    )


# --- Composition --------------------------------------------------------------------------------


def composition(partnership: Partnership) -> dict:
    """Member organisations with their role and staff (FTE per role), and the history."""
    members = list(
        PartnerOrganisation.objects.filter(partnership=partnership).select_related("organisation")
        .order_by("organisation__name")
    )
    staff: dict[int | None, list] = {}
    for membership in (
        Membership.objects.filter(partnership=partnership).select_related("user")
        .order_by("user__first_name", "user__last_name", "role")
    ):
        staff.setdefault(membership.user.organisation_id, []).append(membership)
    fte_by_org = {
        org_id: sum((m.fte for m in rows if m.fte is not None), start=0) for org_id, rows in staff.items()
    }
    rows = [
        {"member": member, "staff": staff.get(member.organisation_id, []), "fte": fte_by_org.get(member.organisation_id, 0)}
        for member in members
    ]
    member_org_ids = {member.organisation_id for member in members}
    others = [m for org_id, ms in staff.items() if org_id not in member_org_ids for m in ms]
    changes = list(
        CompositionChange.objects.filter(partnership=partnership).select_related("organisation", "decision", "decision__meeting")
        .order_by("-effective_on", "-pk")
    )
    challenges = list(Challenge.objects.filter(partnership=partnership).select_related("decision").order_by("-lodged_on"))
    return {"rows": rows, "other_staff": others, "changes": changes, "challenges": challenges,
            "earliest_change": rules.earliest_composition_change(partnership.start_date)}


# --- Collaboration model ----------------------------------------------------------------------------


def collaboration(partnership: Partnership) -> list[dict]:
    """Per collaboration agreement: the facet grid (in the research's order), the
    tensions by domain and the distribution keys (newest first) with their shares."""
    agreements = list(
        CollaborationAgreement.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("facets", queryset=FacetStatus.objects.all()),
            Prefetch("tensions", queryset=HybridTension.objects.order_by("domain", "canvas_block", "pk")),
            Prefetch("distribution_keys", queryset=DistributionKey.objects.order_by("applies_to", "-valid_from").prefetch_related(
                Prefetch("shares", queryset=DistributionShare.objects.select_related("organisation").order_by("-percentage", "organisation__name"))
            )),
        ).order_by("name")
    )
    on = today()
    result = []
    for agreement in agreements:
        facets = {facet.facet: facet for facet in agreement.facets.all()}
        tensions = list(agreement.tensions.all())
        keys = list(agreement.distribution_keys.all())
        current_by_kind = {}
        for key in keys:
            if key.valid_from <= on and key.applies_to not in current_by_kind:
                current_by_kind[key.applies_to] = key.pk
        result.append({
            "agreement": agreement,
            "grid": [(rules.Facet(f), facets.get(f)) for f in rules.FACET_ORDER],
            "tensions_by_domain": [
                (domain, [t for t in tensions if t.domain == domain]) for domain in rules.TensionDomain
            ],
            "keys": [(key, key.pk in current_by_kind.values()) for key in keys],
        })
    return result


# --- Milestones and overview -----------------------------------------------------------------------


def milestones(partnership: Partnership):
    return Milestone.objects.filter(partnership=partnership).order_by("planned_on", "pk")


def milestones_by_period(partnership: Partnership) -> list[tuple]:
    rows = list(milestones(partnership))
    return [(period, [m for m in rows if m.period == period]) for period in Milestone.Period]


def overview(partnership: Partnership) -> dict:
    """The governance home of a partnership: what is open, in a handful of queries."""
    on = today()
    return {
        "today": on,
        "next_meetings": list(Meeting.objects.filter(partnership=partnership, held_on__gte=on).order_by("held_on")[:3]),
        "recent_decisions": list(
            Decision.objects.filter(partnership=partnership).exclude(status=Decision.Status.PROPOSED)
            .select_related("meeting").order_by("-decided_on", "-pk")[:5]
        ),
        "agreement_counts": agreement_counts(partnership),
        "issue_counts": Issue.objects.filter(partnership=partnership).aggregate(
            unsolved=Count("pk", filter=~Q(status=rules.IssueStatus.CLOSED)),
            overdue=Count("pk", filter=overdue_feedback_q(on)),
        ),
        "initiative_counts": dict(
            Initiative.objects.filter(partnership=partnership).values_list("status").annotate(n=Count("pk"))
        ),
        "upcoming_milestones": list(
            Milestone.objects.filter(partnership=partnership).exclude(
                status__in=[Milestone.Status.DONE, Milestone.Status.DROPPED]).order_by("planned_on")[:5]
        ),
    }


# --- Home panels -------------------------------------------------------------------------------------


def needs_me(user) -> dict:
    """What governance asks of ``user`` today, across their partnerships (constant queries)."""
    on = today()
    visible = partnership_ids_subquery(user, Perm.VIEW)
    my_agreements = list(
        Agreement.objects.filter(partnership_id__in=visible, owner=user, done_on__isnull=True)
        .select_related("partnership").order_by("due_on")[:10]
    )
    # One query for the three issue lists: raised by me, in my hands, overdue where I prepare or decide.
    governs = Q(partnership_id__in=partnership_ids_subquery(user, Perm.GOVERNANCE_PREPARE)) | Q(
        partnership_id__in=partnership_ids_subquery(user, Perm.GOVERNANCE_DECIDE))
    issues = list(
        Issue.objects.filter(partnership_id__in=visible)
        .exclude(status=rules.IssueStatus.CLOSED)
        .filter(Q(raised_by=user) | Q(responsible=user) | (governs & overdue_feedback_q(on)))
        .select_related("partnership", "responsible").order_by("feedback_due_on", "last_raised_on")[:30]
    )
    for issue in issues:
        issue.raise_again_due = rules.raise_again_due(status=issue.status, last_raised_on=issue.last_raised_on, today=on)
        issue.feedback_overdue = rules.feedback_overdue(
            status=issue.status, feedback_due_on=issue.feedback_due_on, feedback_given_on=issue.feedback_given_on, today=on)
    raised = [issue for issue in issues if issue.raised_by_id == user.pk]
    responsible = [issue for issue in issues if issue.responsible_id == user.pk]
    overdue = [issue for issue in issues if issue.feedback_overdue and user.pk not in (issue.responsible_id, issue.raised_by_id)]
    notices = list(
        InitiativeNotice.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("initiative", "initiative__partnership").order_by("-created_at")[:10]
    )
    return {"agreements": my_agreements, "raised": raised, "responsible": responsible, "notices": notices,
            "overdue_issues": overdue, "today": on}
