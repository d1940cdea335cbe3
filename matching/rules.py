"""The matching's rules as pure functions (no database): DOMAIN.md §1 and the
call for interest §6-§7. Services, views, the API and tests all use these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

# Upload and spreadsheet rules are shared by every app (partnerships/files.py).
from partnerships.files import ALLOWED_EXTENSIONS, MAX_DOCUMENT_BYTES, document_problem, inert_cell_text  # noqa: F401

BRUSSELS = ZoneInfo("Europe/Brussels")

# §1.2: at least 6 weeks between publishing the local needs and the candidacy deadline.
MIN_PUBLICATION_DAYS = 42
# §1.5: scores 1 to 4; §1.6: at least 3 on both criteria passes a round.
SCORE_MIN, SCORE_MAX = 1, 4
PASS_MARK = 3
# §1.4: at least 3 matchmakers, one of each group.
MIN_JURY_SIZE = 3
GROUPS = ("vdab", "local_government", "external")
# §1.9: an appeal within 14 days after the decision mail (the 14th day is the last).
APPEAL_DAYS = 14
# §1.12: the emergency procedure within the 8 weeks before the start.
EMERGENCY_WINDOW_DAYS = 56



def local_date(moment: datetime) -> date:
    """The calendar day of an aware moment in Belgium."""
    return moment.astimezone(BRUSSELS).date()


# --- Addendum -----------------------------------------------------------------

def publication_gap_days(publication: date, deadline: date) -> int:
    return (deadline - publication).days


def schedule_respects_six_weeks(publication: date, deadline: date) -> bool:
    """Day 41 after publication is too early, day 42 is the first allowed deadline."""
    return publication_gap_days(publication, deadline) >= MIN_PUBLICATION_DAYS


def earliest_deadline(publication: date) -> date:
    return publication + timedelta(days=MIN_PUBLICATION_DAYS)


def candidacy_open(deadline: date, now: datetime) -> bool:
    """Submissions are accepted through the whole deadline day, Belgian time."""
    return local_date(now) <= deadline


# --- Jury -----------------------------------------------------------------------

@dataclass(frozen=True)
class JuryCheck:
    valid: bool
    size: int
    missing_groups: tuple[str, ...]
    too_few: bool


def jury_check(groups_present: list[str]) -> JuryCheck:
    """Is a jury of matchmakers (their groups, after recusals) valid?"""
    missing = tuple(group for group in GROUPS if group not in groups_present)
    too_few = len(groups_present) < MIN_JURY_SIZE
    return JuryCheck(valid=not missing and not too_few, size=len(groups_present), missing_groups=missing, too_few=too_few)


# --- Scores and decisions ----------------------------------------------------

def valid_score(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and SCORE_MIN <= value <= SCORE_MAX


def jury_score_from_votes(vdab: int, local_government: int, external: int) -> int:
    """Each group casts one vote; the score at least two of the three support is
    the median: (4,4,2)->4, (2,3,4)->3, (1,3,3)->3."""
    votes = (vdab, local_government, external)
    if not all(valid_score(v) for v in votes):
        raise ValueError("each group votes a score from 1 to 4")
    return int(median(votes))


def passes(crucial: int | None, fit: int | None) -> bool:
    """At least 3 on both criteria (both rounds, and the emergency procedure)."""
    return crucial is not None and fit is not None and crucial >= PASS_MARK and fit >= PASS_MARK


def disagreement(values: list[int]) -> bool:
    """Scores worth discussing: a spread of 2 or more, or on both sides of the pass mark."""
    if len(values) < 2:
        return False
    return max(values) - min(values) >= 2 or (min(values) < PASS_MARK <= max(values))


# --- Appeal --------------------------------------------------------------------

def appeal_deadline(sent_at: datetime) -> date:
    """The last day to appeal: the 14th day after the day the mail was sent (Brussels)."""
    return local_date(sent_at) + timedelta(days=APPEAL_DAYS)


def appeal_open(sent_at: datetime, now: datetime, stated_deadline: date | None = None) -> bool:
    """Open through the 14th day; if the mail stated a later day, that day counts."""
    last = appeal_deadline(sent_at)
    if stated_deadline and stated_deadline > last:
        last = stated_deadline
    return local_date(now) <= last


# --- Emergency procedure --------------------------------------------------------

def emergency_window(start_date: date) -> tuple[date, date]:
    """(first day, last day) on which the procedure may start: the 8 weeks
    before the start date; the start date itself is too late."""
    return start_date - timedelta(days=EMERGENCY_WINDOW_DAYS), start_date - timedelta(days=1)


def emergency_may_start(start_date: date, today: date) -> bool:
    first, last = emergency_window(start_date)
    return first <= today <= last


def rank_needed(qualifying: int) -> bool:
    """Several partners with 3 or 4 on both criteria must be ranked, with arguments."""
    return qualifying > 1


# --- Files and exports -----------------------------------------------------------

def safe_cell(value):
    """Spreadsheet cells starting with = + - @ are prefixed with a quote (formula injection)."""
    return inert_cell_text(value) if isinstance(value, str) else value
