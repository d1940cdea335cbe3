"""Reads of casework: querysets ready to render, a constant number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.access import Perm, get_for_user_or_404, has_perm
from partnerships.audit import ACCESS, trail_for_object

from . import rules
from .models import (
    OPEN_STATUSES, Action, Case, CaseWorker, ConsultationCase, FailureDemand, Participant, Persona, ScoredBy,
    ValueDemand, ValueScore, ValueStep, WorkerRole,
)


def cases_for_user(user, perm: str = Perm.VIEW_CASES):
    return Case.objects.for_user(user, perm)


def get_case(user, code, perm: str = Perm.VIEW_CASES) -> Case:
    """One case: 404 outside the user's partnerships, 403 without ``perm``."""
    case = get_for_user_or_404(
        Case.objects.select_related("partnership", "lead_coach", "lead_coach__organisation", "referred_by"),
        user, perm=Perm.VIEW_CASES, code=code,
    )
    if perm != Perm.VIEW_CASES and not has_perm(user, case.partnership_id, perm):
        raise PermissionDenied
    return case


def case_list(user, *, partnership=None, coach=None, status: str = "", persona=None, query: str = "",
              no_persona: bool = False):
    cases = (
        cases_for_user(user)
        .select_related("partnership", "lead_coach")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.only("pk", "first_name", "last_name")),
            Prefetch("personas", queryset=Persona.objects.only("pk", "name")),
        )
        .order_by("-start_date", "-pk")
    )
    if partnership is not None:
        cases = cases.filter(partnership=partnership)
    if coach is not None:
        cases = cases.filter(lead_coach=coach)
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if persona is not None:
        cases = cases.filter(personas=persona)
    if no_persona:
        cases = cases.filter(fits_no_persona=True)
    if query:
        terms = query.split()
        for term in terms:
            cases = cases.filter(
                Q(participants__first_name__icontains=term) | Q(participants__last_name__icontains=term)
                | Q(title__icontains=term) | Q(code__istartswith=term)
            )
        cases = cases.distinct()
    return cases


def possible_duplicates(*, partnership, first_name: str, last_name: str = "", date_of_birth=None,
                        national_number: str = ""):
    """Participants of the partnership who may be the same person."""
    match = Q(first_name__iexact=first_name.strip(), last_name__iexact=(last_name or "").strip())
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth, last_name__iexact=(last_name or "").strip())
        match |= Q(date_of_birth=date_of_birth, first_name__iexact=first_name.strip())
    digits = "".join(c for c in (national_number or "") if c.isdigit())
    if digits:
        match |= Q(national_number__contains=digits[-6:])
    return (Participant.objects.filter(partnership=partnership, anonymised_at__isnull=True)
            .filter(match).prefetch_related("cases")[:10])


# --- One case ---------------------------------------------------------------

def current_workers(case: Case) -> list[CaseWorker]:
    return list(case.workers.filter(end_date__isnull=True).select_related("user", "user__organisation")
                .order_by("role", "start_date"))


def can_see_sensitive(user, case: Case, workers: list[CaseWorker] | None = None) -> bool:
    """Sensitive notes: only the case's coaches (lead and co-coaches)."""
    if case.lead_coach_id == user.pk:
        return True
    workers = workers if workers is not None else current_workers(case)
    return any(w.user_id == user.pk and w.role in (WorkerRole.LEAD, WorkerRole.CO_COACH) for w in workers)


def notes_for(user, case: Case, *, sensitive_allowed: bool):
    notes = case.notes.select_related("author")
    if not sensitive_allowed:
        notes = notes.filter(Q(is_sensitive=False) | Q(author=user))
    return notes


def star_data(case: Case, readings=None) -> tuple[list[str], list[tuple[str, dict]], list[ValueDemand]]:
    """Axes (value demands) and readings for the star diagram, oldest first."""
    demands = list(case.value_demands.all())
    if readings is None:
        readings = (case.value_readings.select_related("recorded_by")
                    .prefetch_related("scores").order_by("measured_at", "pk"))
    by_pk = {d.pk: d for d in demands}
    out = []
    for reading in readings:
        who = reading.get_scored_by_display()
        if reading.scored_by == ScoredBy.COACH and reading.recorded_by:
            who = f"{reading.recorded_by.first_name} ({who.lower()})"
        label = f"{date_format(reading.measured_at, 'SHORT_DATE_FORMAT')} – {who}"
        out.append((label, {by_pk[s.value_demand_id].text: s.score for s in reading.scores.all()
                            if s.value_demand_id in by_pk}))
    axes = [d.text for d in demands if d.is_active or any(d.text in s for _l, s in out)]
    return axes, out, demands


def latest_gap(case: Case, readings) -> list[tuple[ValueDemand, int, int, int]]:
    """The coach's and the participant's latest reading side by side."""
    coach = next((r for r in reversed(readings) if r.scored_by == ScoredBy.COACH), None)
    own = next((r for r in reversed(readings) if r.scored_by == ScoredBy.PARTICIPANT), None)
    if coach is None or own is None:
        return []
    coach_scores = {s.value_demand_id: s.score for s in coach.scores.all()}
    own_scores = {s.value_demand_id: s.score for s in own.scores.all()}
    gaps = rules.reading_gaps(coach_scores, own_scores)
    return [(d, coach_scores[d.pk], own_scores[d.pk], gaps[d.pk]) for d in case.value_demands.all() if d.pk in gaps]


def intensity(case: Case, *, days: int, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))
    found = case.interactions.filter(occurred_at__gte=since).aggregate(
        count=Count("pk"), minutes=Coalesce(Sum("duration_minutes"), 0)
    )
    return {"days": days, **found}


def work_definition(case: Case, periods=None, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    periods = list(periods if periods is not None else case.employment_periods.all())
    verified = [(p.start_date, p.end_date) for p in periods if p.dimona_verified]
    return {
        "met": rules.meets_work_definition(verified, today=today),
        "met_unverified": rules.meets_work_definition([(p.start_date, p.end_date) for p in periods], today=today),
        "longest_days": rules.longest_span_days(verified, today=today),
    }


@dataclass
class Event:
    kind: str
    kind_label: str
    when: date
    at: datetime | None
    title: str
    detail: str = ""
    by: object = None
    sensitive: bool = False
    obj: object = None

    @property
    def sort_key(self):
        if self.at is not None:
            local = timezone.localtime(self.at)
            return (local.date(), local.time())
        return (self.when, time(0))


TIMELINE_KINDS = [
    ("purpose", gettext_lazy("Bedoeling")),
    ("scale", gettext_lazy("Schaal 1-10")),
    ("reading", gettext_lazy("Lezing waardevragen")),
    ("failure", gettext_lazy("Faalvraag")),
    ("action", gettext_lazy("Actie")),
    ("interaction", gettext_lazy("Interactie")),
    ("consultation", gettext_lazy("Casusoverleg")),
    ("outcome", gettext_lazy("Uitstroom of vooruitgang")),
    ("employment", gettext_lazy("Tewerkstelling")),
    ("ladder", gettext_lazy("Participatieladder")),
    ("empowerment", gettext_lazy("Empowerment")),
    ("follow_up", gettext_lazy("Opvolging")),
    ("note", gettext_lazy("Notitie")),
    ("worker", gettext_lazy("Betrokkenen")),
]


def case_timeline(user, case: Case, *, kinds: set[str] | None = None, sensitive_allowed: bool = False) -> list[Event]:
    """Every event of the case, newest first: one query per kind, whatever the count."""
    labels = dict(TIMELINE_KINDS)
    wanted = kinds or set(labels)
    events: list[Event] = []

    def add(kind, when, title, *, at=None, detail="", by=None, sensitive=False, obj=None):
        events.append(Event(kind, str(labels[kind]), when, at, title, detail, by, sensitive, obj))

    if "purpose" in wanted:
        for p in case.purpose_versions.select_related("recorded_by"):
            add("purpose", timezone.localtime(p.recorded_at).date(), p.text, at=p.recorded_at, by=p.recorded_by)
    if "scale" in wanted:
        for s in case.scale_scores.select_related("recorded_by"):
            add("scale", s.measured_at, f"{s.score}/10", detail=s.interpretation, by=s.recorded_by)
    if "reading" in wanted:
        readings = case.value_readings.select_related("recorded_by").annotate(n=Count("scores"))
        for r in readings:
            add("reading", r.measured_at, _("%(n)s waardevragen gescoord (%(who)s)") % {
                "n": r.n, "who": r.get_scored_by_display().lower()}, detail=r.note, by=r.recorded_by)
    if "failure" in wanted:
        for f in case.failure_demands.select_related("recorded_by"):
            condition = f.get_system_condition_display() if f.system_condition else ""
            add("failure", f.occurred_on, f.description,
                detail=" · ".join(x for x in (str(f.get_cause_display()), str(condition)) if x), by=f.recorded_by)
    if "action" in wanted:
        for a in case.actions.select_related("recorded_by", "value_step"):
            bits = [str(_("Hielp: %(h)s") % {"h": a.get_helped_display()})]
            if a.value_step:
                bits.append(a.value_step.name)
            if a.is_waste:
                bits.append(str(_("verspilling")))
            add("action", a.done_on, a.description, detail=" · ".join(bits), by=a.recorded_by)
    if "interaction" in wanted:
        for i in case.interactions.select_related("coach"):
            add("interaction", timezone.localtime(i.occurred_at).date(),
                f"{i.get_channel_display()} · {i.duration_minutes} min", at=i.occurred_at,
                detail=" · ".join(x for x in (i.with_whom, i.note) if x), by=i.coach)
    if "consultation" in wanted:
        for c in case.consultations.select_related("consultation"):
            add("consultation", c.consultation.held_on, c.conclusions, detail=c.follow_up)
    if "outcome" in wanted:
        for o in case.outcomes.select_related("recorded_by"):
            add("outcome", o.achieved_on, str(o.get_kind_display()), detail=o.note, by=o.recorded_by)
    if "employment" in wanted:
        for e in case.employment_periods.all():
            add("employment", e.start_date, e.employer or str(_("Tewerkstelling")),
                detail=(str(_("Dimona-geverifieerd")) if e.dimona_verified else str(_("niet geverifieerd"))))
    if "ladder" in wanted:
        for step in case.ladder_steps.select_related("recorded_by"):
            add("ladder", step.measured_at, str(step.get_step_display()), detail=step.note, by=step.recorded_by)
    if "empowerment" in wanted:
        for m in case.empowerment_measurements.select_related("recorded_by"):
            title = f"{m.instrument}: {m.score}"
            add("empowerment", m.measured_at, title, detail=str(_("nulmeting")) if m.is_baseline else m.note,
                by=m.recorded_by)
    if "follow_up" in wanted:
        for f in case.follow_ups.select_related("recorded_by"):
            add("follow_up", f.done_on, f.note, by=f.recorded_by)
    if "note" in wanted:
        for n in notes_for(user, case, sensitive_allowed=sensitive_allowed):
            add("note", timezone.localtime(n.created_at).date(), n.text, at=n.created_at, by=n.author,
                sensitive=n.is_sensitive)
    if "worker" in wanted:
        for w in case.workers.select_related("user"):
            add("worker", w.start_date, f"{w.get_role_display()}: {w.user}",
                detail=(_("tot %(date)s") % {"date": date_format(w.end_date, "SHORT_DATE_FORMAT")}
                        if w.end_date else ""))
    events.sort(key=lambda e: e.sort_key, reverse=True)
    return events


def access_log(case: Case):
    """Who opened this case file, newest first."""
    return trail_for_object(case).filter(action=ACCESS)


def case_summary(case: Case, *, window_days: int = 30, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    scores = list(case.scale_scores.all())
    last_follow_up = case.follow_ups.aggregate(last=Max("done_on"))["last"]
    return {
        "scores": scores,
        "intensity": [intensity(case, days=d, today=today) for d in sorted({window_days, 90} if window_days != 90
                                                                            else {30, 90})],
        "lead_time_days": rules.lead_time_days(start_date=case.start_date, close_date=case.close_date, today=today),
        "last_follow_up": last_follow_up,
        "follow_up_due": rules.follow_up_due(start_date=case.start_date, last_follow_up=last_follow_up),
        "follow_up_overdue": case.is_open and rules.follow_up_overdue(
            start_date=case.start_date, last_follow_up=last_follow_up, today=today),
    }


# --- Home panel and lists ----------------------------------------------------

def overdue_follow_ups(user, *, today: date | None = None, only_mine: bool = True):
    """Open cases whose quarterly follow-up is overdue (led by ``user`` if only_mine)."""
    today = today or timezone.localdate()
    cases = (
        cases_for_user(user, Perm.EDIT_CASES)
        .filter(status__in=OPEN_STATUSES, anonymised_at__isnull=True)
        .annotate(last_follow_up=Max("follow_ups__done_on"))
        .annotate(follow_up_base=Coalesce("last_follow_up", "start_date"))
        .filter(follow_up_base__lt=rules.overdue_threshold(today))
        .select_related("lead_coach")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.only("pk", "first_name",
                                                                                       "last_name")))
        .order_by("follow_up_base", "pk")
    )
    if only_mine:
        cases = cases.filter(Q(lead_coach=user) | Q(workers__user=user, workers__end_date__isnull=True)).distinct()
    return cases


# --- Learning views (aggregate, no personal data) ---------------------------

def learning(partnership, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    failures = list(FailureDemand.objects.filter(case__partnership=partnership)
                    .values_list("occurred_on", "cause", "system_condition"))
    by_quarter_cause: dict[str, Counter] = defaultdict(Counter)
    by_condition: Counter = Counter()
    by_cause: Counter = Counter()
    for occurred_on, cause, condition in failures:
        by_quarter_cause[rules.quarter_of(occurred_on)][cause] += 1
        by_condition[condition] += 1
        by_cause[cause] += 1
    actions = Action.objects.filter(case__partnership=partnership).aggregate(
        waste=Count("pk", filter=Q(is_waste=True)),
        value=Count("pk", filter=Q(is_waste=False) & Q(helped__in=["yes", "partly"])),
        other=Count("pk", filter=Q(is_waste=False) & Q(helped__in=["no", "unknown"])),
    )
    actions_by_quarter: dict[str, Counter] = defaultdict(Counter)
    for done_on, is_waste in Action.objects.filter(case__partnership=partnership).values_list("done_on", "is_waste"):
        actions_by_quarter[rules.quarter_of(done_on)]["waste" if is_waste else "other"] += 1
    lead_times_closed, lead_times_open = [], []
    for start, close in Case.objects.filter(partnership=partnership).values_list("start_date", "close_date"):
        days = rules.lead_time_days(start_date=start, close_date=close, today=today)
        (lead_times_closed if close else lead_times_open).append(days)
    not_fitting = (Case.objects.filter(partnership=partnership, fits_no_persona=True)
                   .select_related("lead_coach").order_by("-start_date"))
    persona_counts = (Persona.objects.filter(partnership=partnership)
                      .annotate(n=Count("cases")).order_by("name"))
    return {
        "failures_by_quarter": dict(sorted(by_quarter_cause.items())),
        "failures_by_condition": by_condition,
        "failures_by_cause": by_cause,
        "failures_total": len(failures),
        "actions": actions,
        "actions_by_quarter": dict(sorted(actions_by_quarter.items())),
        "lead_time_closed": rules.distribution(lead_times_closed),
        "lead_time_open": rules.distribution(lead_times_open),
        "lead_times_closed": lead_times_closed,
        "not_fitting": not_fitting,
        "persona_counts": persona_counts,
    }


def value_steps(partnership):
    return ValueStep.objects.filter(partnership=partnership).order_by("position", "name")


def personas(partnership):
    return Persona.objects.filter(partnership=partnership).annotate(n=Count("cases")).order_by("name")


def subject_access_data(case: Case) -> dict:
    """Everything the partnership holds on the case's participant(s), for an export."""
    def rows(qs, *fields):
        return [{f: (str(v) if not isinstance(v, int | bool | type(None)) else v)
                 for f, v in zip(fields, values)} for values in qs.values_list(*fields)]

    return {
        "case": {
            "reference": case.reference, "code": str(case.code), "partnership": case.partnership.name,
            "kind": case.kind, "status": case.status, "start_date": str(case.start_date),
            "close_date": str(case.close_date) if case.close_date else None,
            "lead_coach": str(case.lead_coach) if case.lead_coach else None,
            "referred_by": str(case.referred_by) if case.referred_by else None,
            "referral_channel": case.referral_channel, "referral_note": case.referral_note,
            "handover_service": case.handover_service, "handover_note": case.handover_note,
        },
        "participants": rows(case.participants.all(), "first_name", "last_name", "date_of_birth", "phone", "email",
                             "address", "language", "referral_source", "national_number"),
        "purpose_versions": rows(case.purpose_versions.all(), "recorded_at", "text"),
        "scale_scores": rows(case.scale_scores.all(), "measured_at", "score", "interpretation"),
        "value_demands": rows(case.value_demands.all(), "id", "text", "is_active"),
        "value_readings": rows(ValueScore.objects.filter(reading__case=case).order_by("reading__measured_at"),
                               "reading__measured_at", "reading__scored_by", "value_demand_id", "score"),
        "failure_demands": rows(case.failure_demands.all(), "occurred_on", "description", "cause",
                                "system_condition", "limiting_assumptions"),
        "actions": rows(case.actions.all(), "done_on", "description", "helped", "observation", "participant_words",
                        "is_waste"),
        "interactions": rows(case.interactions.all(), "occurred_at", "channel", "duration_minutes", "with_whom",
                             "note"),
        "consultations": rows(ConsultationCase.objects.filter(case=case), "consultation__held_on", "conclusions",
                              "follow_up"),
        "outcomes": rows(case.outcomes.all(), "achieved_on", "kind", "note"),
        "employment_periods": rows(case.employment_periods.all(), "start_date", "end_date", "employer",
                                   "dimona_verified"),
        "participation_ladder": rows(case.ladder_steps.all(), "measured_at", "step", "note"),
        "empowerment": rows(case.empowerment_measurements.all(), "measured_at", "is_baseline", "instrument", "score",
                            "note"),
        "follow_ups": rows(case.follow_ups.all(), "done_on", "note"),
        "notes": rows(case.notes.all(), "created_at", "text", "is_sensitive"),
    }


