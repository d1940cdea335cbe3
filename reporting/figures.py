"""The figures of the quarterly ESF report, read from what the other apps record.

Every section is computed by one function with a constant number of
aggregate queries. A source model that is not installed yields a section with
``available=False`` ("no data") rather than an error, so the report works
whichever apps are present. Participants only appear as counts or by a
pseudonymous case reference, never by name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from . import budget as rules
from .periods import Quarter

REACH_TARGET = 900  # the application's target: 900 participants by end 2029
WORK_TARGET_PERCENT = Decimal(20)  # … of whom 20 % to work


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes [start 00:00, day after end 00:00) in Europe/Brussels."""
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def _spread(values: list[int | float]) -> dict | None:
    """Median and spread, computed by casework's one distribution rule."""
    from cases.rules import distribution  # present whenever cases' models are

    if not values:
        return None
    d = distribution(values)
    return {"count": d.count, "median": d.median, "q1": d.q1, "q3": d.q3,
            "min": d.minimum, "max": d.maximum, "mean": d.mean}


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return rules.share(Decimal(part), Decimal(whole))


@dataclass
class Section:
    available: bool = True
    data: dict = field(default_factory=dict)

    def __getattr__(self, name):  # templates: section.reached instead of section.data.reached
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None


NO_DATA = Section(available=False)


# --- Participants and cases -----------------------------------------------------

def _reached_cases(Case, Action, Interaction, partnership, start: date | None, end: date):
    """Ids of cases with at least one action or interaction in [start, end]."""
    actions = Action.objects.filter(case__partnership=partnership, done_on__lte=end)
    lo, hi = _bounds(start or date(2000, 1, 1), end)
    interactions = Interaction.objects.filter(case__partnership=partnership, occurred_at__lt=hi)
    if start:
        actions = actions.filter(done_on__gte=start)
        interactions = interactions.filter(occurred_at__gte=lo)
    return set(actions.values_list("case_id", flat=True).distinct()) | set(
        interactions.values_list("case_id", flat=True).distinct()
    )


def _participants_of(Case, partnership, case_ids) -> int:
    """Unique participants of these cases (a case without a linked participant counts as one).

    One query over the partnership's links, filtered here: no IN list of ids, whatever their number."""
    if not case_ids:
        return 0
    through = Case.participants.through
    linked = [
        (c, p) for c, p in through.objects.filter(case__partnership=partnership).values_list("case_id", "participant_id")
        if c in case_ids
    ]
    people = {p for _c, p in linked}
    without = set(case_ids) - {c for c, _p in linked}
    return len(people) + len(without)


def participants(partnership, quarter: Quarter) -> Section:
    Case, Action, Interaction = _model("cases.Case"), _model("cases.Action"), _model("cases.Interaction")
    if not all((Case, Action, Interaction)):
        return NO_DATA
    in_quarter = _reached_cases(Case, Action, Interaction, partnership, quarter.start, quarter.end)
    cumulative = _reached_cases(Case, Action, Interaction, partnership, None, quarter.end)
    cases = Case.objects.filter(partnership=partnership)
    counts = cases.aggregate(
        new=Count("pk", filter=Q(start_date__range=(quarter.start, quarter.end))),
        closed=Count("pk", filter=Q(close_date__range=(quarter.start, quarter.end))),
        open_at_end=Count("pk", filter=Q(start_date__lte=quarter.end) & (Q(close_date__isnull=True) | Q(close_date__gt=quarter.end))),
    )
    reached_cumulative = _participants_of(Case, partnership, cumulative)
    return Section(data={
        "reached_quarter": _participants_of(Case, partnership, in_quarter),
        "reached_cumulative": reached_cumulative,
        "target": REACH_TARGET,
        "target_percent": _percent(reached_cumulative, REACH_TARGET),
        "reached_case_ids": cumulative,
        **counts,
    })


def outcomes(partnership, quarter: Quarter, reached_case_ids: set[int] | None = None) -> Section:
    Outcome, Employment = _model("cases.Outcome"), _model("cases.EmploymentPeriod")
    if Outcome is None:
        return NO_DATA
    from cases.models import OutcomeKind  # present when Outcome is

    rows = (
        Outcome.objects.filter(case__partnership=partnership, achieved_on__lte=quarter.end)
        .values("kind")
        .annotate(cumulative=Count("pk"), quarter=Count("pk", filter=Q(achieved_on__gte=quarter.start)))
    )
    labels = dict(OutcomeKind.choices)
    by_kind = [
        {"kind": r["kind"], "label": labels.get(r["kind"], r["kind"]), "quarter": r["quarter"], "cumulative": r["cumulative"]}
        for r in sorted(rows, key=lambda r: list(labels).index(r["kind"]) if r["kind"] in labels else 99)
    ]
    work = None
    if Employment is not None:
        from cases.rules import meets_work_definition

        periods = defaultdict(list)
        for case_id, start, end in Employment.objects.filter(
            case__partnership=partnership, dimona_verified=True, start_date__lte=quarter.end
        ).values_list("case_id", "start_date", "end_date"):
            periods[case_id].append((start, min(end, quarter.end) if end else None))
        if reached_case_ids is not None:  # the share is of the reached cases
            periods = {case_id: p for case_id, p in periods.items() if case_id in reached_case_ids}
        in_work = sum(1 for periods_of in periods.values() if meets_work_definition(periods_of, today=quarter.end))
        base = len(reached_case_ids) if reached_case_ids is not None else None
        work = {"cases": in_work, "base": base, "percent": _percent(in_work, base), "target": WORK_TARGET_PERCENT}
    return Section(data={"by_kind": by_kind, "work": work})


def evolution(partnership, quarter: Quarter, first: Quarter) -> Section:
    """Per quarter since the start: cases reached, new and closed."""
    Case, Action, Interaction = _model("cases.Case"), _model("cases.Action"), _model("cases.Interaction")
    if not all((Case, Action, Interaction)):
        return NO_DATA
    quarters = []
    q = first
    while (q.year, q.number) <= (quarter.year, quarter.number) and len(quarters) < 40:
        quarters.append(q)
        q = q.next()
    start_all = quarters[0].start if quarters else quarter.start
    lo, hi = _bounds(start_all, quarter.end)
    touched = defaultdict(set)
    for case_id, day in Action.objects.filter(case__partnership=partnership, done_on__range=(start_all, quarter.end)).values_list("case_id", "done_on").distinct():
        touched[Quarter.of(day)].add(case_id)
    for case_id, moment in Interaction.objects.filter(case__partnership=partnership, occurred_at__gte=lo, occurred_at__lt=hi).values_list("case_id", "occurred_at"):
        touched[Quarter.of(timezone.localtime(moment).date())].add(case_id)
    new = Counter(Quarter.of(d) for d in Case.objects.filter(partnership=partnership, start_date__range=(start_all, quarter.end)).values_list("start_date", flat=True))
    closed = Counter(Quarter.of(d) for d in Case.objects.filter(partnership=partnership, close_date__range=(start_all, quarter.end)).values_list("close_date", flat=True))
    rows = [{"quarter": str(q), "reached": len(touched[q]), "new": new[q], "closed": closed[q]} for q in quarters]
    return Section(data={"rows": rows})


def scale(partnership, quarter: Quarter) -> Section:
    ScaleScore = _model("cases.ScaleScore")
    if ScaleScore is None:
        return NO_DATA
    first, last = {}, {}
    for case_id, score in (
        ScaleScore.objects.filter(case__partnership=partnership, measured_at__lte=quarter.end)
        .order_by("case_id", "measured_at", "pk").values_list("case_id", "score")
    ):
        first.setdefault(case_id, score)
        last[case_id] = score
    distribution = Counter(last.values())
    changes = [last[c] - first[c] for c in last if c in first]
    measured_twice = ScaleScore.objects.filter(case__partnership=partnership, measured_at__lte=quarter.end).values("case_id").annotate(n=Count("pk")).filter(n__gte=2).count()
    return Section(data={
        "cases": len(last),
        "distribution": [(score, distribution.get(score, 0)) for score in range(1, 11)],
        "average_last": (Decimal(sum(last.values())) / len(last)).quantize(Decimal("0.1")) if last else None,
        "average_change": (Decimal(sum(changes)) / measured_twice).quantize(Decimal("0.01")) if measured_twice else None,
        "measured_twice": measured_twice,
        "improved": sum(1 for c in changes if c > 0),
        "declined": sum(1 for c in changes if c < 0),
    })


def value_demands(partnership, quarter: Quarter) -> Section:
    ValueScore = _model("cases.ValueScore")
    if ValueScore is None:
        return NO_DATA
    first, last = {}, {}
    for demand_id, score in (
        ValueScore.objects.filter(reading__case__partnership=partnership, reading__measured_at__lte=quarter.end)
        .order_by("value_demand_id", "reading__measured_at", "pk").values_list("value_demand_id", "score")
    ):
        first.setdefault(demand_id, score)
        last[demand_id] = score
    changes = [last[d] - first[d] for d in last]
    return Section(data={
        "demands": len(last),
        "average_first": (Decimal(sum(first.values())) / len(first)).quantize(Decimal("0.01")) if first else None,
        "average_last": (Decimal(sum(last.values())) / len(last)).quantize(Decimal("0.01")) if last else None,
        "improved": sum(1 for c in changes if c > 0),
        "same": sum(1 for c in changes if c == 0),
        "declined": sum(1 for c in changes if c < 0),
    })


def intensity(partnership, quarter: Quarter) -> Section:
    Case, Interaction = _model("cases.Case"), _model("cases.Interaction")
    if Case is None or Interaction is None:
        return NO_DATA
    from cases.models import Channel

    lo, hi = _bounds(quarter.start, quarter.end)
    in_quarter = Interaction.objects.filter(case__partnership=partnership, occurred_at__gte=lo, occurred_at__lt=hi)
    per_case = list(in_quarter.values("case_id").annotate(n=Count("pk")).values_list("n", flat=True))
    labels = dict(Channel.choices)
    channels = [
        (labels.get(row["channel"], row["channel"]), row["n"])
        for row in in_quarter.values("channel").annotate(n=Count("pk")).order_by("-n")
    ]
    lead_times = [
        (close - start).days
        for start, close in Case.objects.filter(partnership=partnership, close_date__isnull=False,
                                                close_date__lte=quarter.end).values_list("start_date", "close_date")
    ]
    open_ages = [
        (quarter.end - start).days
        for (start,) in Case.objects.filter(partnership=partnership, start_date__lte=quarter.end)
        .filter(Q(close_date__isnull=True) | Q(close_date__gt=quarter.end)).values_list("start_date")
    ]
    return Section(data={
        "interactions": sum(per_case),
        "per_case": _spread(per_case),
        "channels": channels,
        "lead_time_closed": _spread(lead_times),
        "age_open": _spread(open_ages),
    })


def failure_demands(partnership, quarter: Quarter) -> Section:
    FailureDemand = _model("cases.FailureDemand")
    if FailureDemand is None:
        return NO_DATA
    from cases.models import FailureCause, SystemCondition

    base = FailureDemand.objects.filter(case__partnership=partnership, occurred_on__lte=quarter.end)
    in_q = Q(occurred_on__gte=quarter.start)
    causes = dict(FailureCause.choices)
    conditions = dict(SystemCondition.choices)
    by_cause = [
        {"label": causes.get(r["cause"], r["cause"]), "quarter": r["q"], "cumulative": r["n"]}
        for r in base.values("cause").annotate(n=Count("pk"), q=Count("pk", filter=in_q)).order_by("cause")
    ]
    by_condition = [
        {"label": conditions.get(r["system_condition"], r["system_condition"]), "quarter": r["q"], "cumulative": r["n"]}
        for r in base.values("system_condition").annotate(n=Count("pk"), q=Count("pk", filter=in_q)).order_by("-n")
    ]
    Action = _model("cases.Action")
    waste = None
    if Action is not None:
        waste = Action.objects.filter(case__partnership=partnership, done_on__range=(quarter.start, quarter.end)).aggregate(
            actions=Count("pk"), waste=Count("pk", filter=Q(is_waste=True))
        )
        waste["percent"] = _percent(waste["waste"], waste["actions"])
    return Section(data={"by_cause": by_cause, "by_condition": by_condition, "waste": waste})


def initiatives(partnership, quarter: Quarter) -> Section:
    Initiative = _model("partnerships.Initiative")
    if Initiative is None:
        return NO_DATA
    rows = [
        {"title": i.title, "status": i.get_status_display(), "proposed_on": i.proposed_on, "shared_on": i.shared_on}
        for i in Initiative.objects.filter(partnership=partnership, proposed_on__lte=quarter.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=quarter.start)).order_by("proposed_on", "pk")[:50]
    ]
    return Section(data={"rows": rows})


def board_decisions(partnership, quarter: Quarter) -> Section:
    Decision = _model("partnerships.Decision")
    if Decision is None:
        return NO_DATA
    rows = [
        {"title": d.title, "method": d.get_method_display(), "status": d.get_status_display(), "decided_on": d.decided_on}
        for d in Decision.objects.filter(partnership=partnership, decided_on__range=(quarter.start, quarter.end))
        .exclude(status="proposed").filter(meeting__kind="board").order_by("decided_on", "pk")[:100]
    ]
    return Section(data={"rows": rows})


def budget_section(partnership, quarter: Quarter) -> Section:
    from .selectors import budgets_of

    budgets = budgets_of(partnership)
    if not budgets:
        return NO_DATA
    year = next((r for b, r in budgets if b.year == quarter.year), None)
    total = rules.combine([r for _b, r in budgets])
    # Planned to the end of this quarter: the year's budget pro rata (no actual costs are recorded here).
    planned = None
    if year is not None:
        fraction = Decimal(quarter.number) / 4
        planned = {"total_cost": rules.money(year.project.total_cost * fraction),
                   "esf": rules.money(year.project.financing["esf"] * fraction), "quarters": quarter.number}
    return Section(data={"year": quarter.year, "year_result": year, "total": total, "planned": planned,
                         "years": [b.year for b, _r in budgets]})


def quarterly_figures(partnership, quarter: Quarter) -> dict:
    reach = participants(partnership, quarter)
    return {
        "participants": reach,
        "outcomes": outcomes(partnership, quarter, reach.data.get("reached_case_ids") if reach.available else None),
        "evolution": evolution(partnership, quarter, Quarter.of(partnership.start_date)),
        "scale": scale(partnership, quarter),
        "value_demands": value_demands(partnership, quarter),
        "intensity": intensity(partnership, quarter),
        "failure_demands": failure_demands(partnership, quarter),
        "initiatives": initiatives(partnership, quarter),
        "decisions": board_decisions(partnership, quarter),
        "budget": budget_section(partnership, quarter),
    }
