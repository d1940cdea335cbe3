"""Pure rules of casework: no database, tested at their boundaries."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

SCALE_MIN, SCALE_MAX = 1, 10
VALUE_MIN, VALUE_MAX = 1, 5
EMPOWERMENT_MIN, EMPOWERMENT_MAX = 0, 100
WORK_MONTHS = 4  # ESF: "work" = four consecutive months of work (Dimona)
FOLLOW_UP_MONTHS = 3  # every open case gets a follow-up each quarter
DEFAULT_RETENTION_YEARS = 5  # after closing; settings.CASES_RETENTION_YEARS overrides

LADDER_STEPS = [
    (1, _("1 – Geïsoleerd")),
    (2, _("2 – Sociale contacten buitenshuis")),
    (3, _("3 – Deelname aan georganiseerde activiteiten")),
    (4, _("4 – Onbetaald werk")),
    (5, _("5 – Betaald werk met ondersteuning")),
    (6, _("6 – Betaald werk")),
]


def mask_national_number(number: str) -> str:
    """Show only the last two digits: '••.••.••-•••.12'."""
    digits = [c for c in (number or "") if c.isdigit()]
    if not digits:
        return ""
    return "••.••.••-•••." + "".join(digits[-2:])


def mask_for_audit(value) -> str:
    """The audit trail records that the national number changed, never its digits."""
    return "••••" if value not in (None, "", "None") else ""


# --- Employment: four consecutive months ----------------------------------

@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive


def merge_periods(periods: Iterable[tuple[date, date | None]], *, today: date) -> list[Span]:
    """Join periods into uninterrupted spans.

    A period without end runs until ``today``. Overlapping periods merge;
    adjacent ones (the next starts the day after the previous ends) join; any
    day without work breaks the span."""
    spans = sorted(
        (Span(start, end if end is not None else today) for start, end in periods if start <= (end or today)),
        key=lambda s: s.start,
    )
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end + timedelta(days=1):
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def spans_months(span: Span, months: int = WORK_MONTHS) -> bool:
    """Whether ``span`` covers ``months`` full calendar months from its start:
    15/01 up to and including 14/05 is four months."""
    return span.end >= span.start + relativedelta(months=months) - timedelta(days=1)


def meets_work_definition(periods: Iterable[tuple[date, date | None]], *, today: date) -> bool:
    """ESF 'work': at least four consecutive months in the (Dimona-verified) periods."""
    return any(spans_months(span) for span in merge_periods(periods, today=today))


def longest_span_days(periods: Iterable[tuple[date, date | None]], *, today: date) -> int:
    return max(((s.end - s.start).days + 1 for s in merge_periods(periods, today=today)), default=0)


# --- Quarterly follow-up ----------------------------------------------------

def follow_up_due(*, start_date: date, last_follow_up: date | None) -> date:
    """The date by which the next follow-up is due: a quarter after the last one
    (or after the start of the case)."""
    return (last_follow_up or start_date) + relativedelta(months=FOLLOW_UP_MONTHS)


def follow_up_overdue(*, start_date: date, last_follow_up: date | None, today: date) -> bool:
    return follow_up_due(start_date=start_date, last_follow_up=last_follow_up) < today


def overdue_threshold(today: date) -> date:
    """Cases whose last follow-up (or start) lies before this date are overdue."""
    return today - relativedelta(months=FOLLOW_UP_MONTHS)


# --- Lead time and intensity -----------------------------------------------

def lead_time_days(*, start_date: date, close_date: date | None, today: date) -> int:
    return ((close_date or today) - start_date).days


@dataclass(frozen=True)
class Distribution:
    count: int
    median: float | None
    q1: float | None
    q3: float | None
    minimum: int | None
    maximum: int | None
    mean: float | None


def distribution(values: Sequence[int]) -> Distribution:
    """Median and spread (quartiles, range), not only the average."""
    values = sorted(values)
    if not values:
        return Distribution(0, None, None, None, None, None, None)
    if len(values) == 1:
        q1 = q3 = float(values[0])
    else:
        q1, _median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(
        count=len(values), median=float(statistics.median(values)), q1=q1, q3=q3,
        minimum=values[0], maximum=values[-1], mean=statistics.fmean(values),
    )


def quarter_of(day: date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


# --- Retention --------------------------------------------------------------

def retention_expired(*, close_date: date | None, today: date, years: int = DEFAULT_RETENTION_YEARS) -> bool:
    """A closed case may be anonymised once the retention period after closing has passed."""
    return close_date is not None and close_date + relativedelta(years=years) <= today


# --- Star diagram: coach vs participant ------------------------------------

def reading_gaps(coach: dict[int, int], participant: dict[int, int]) -> dict[int, int]:
    """Per value demand scored in both: participant's score minus the coach's."""
    return {key: participant[key] - coach[key] for key in coach.keys() & participant.keys()}
