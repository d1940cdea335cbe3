"""Reporting periods: quarters, in Europe/Brussels dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"


def report_due_date(quarter: Quarter, days_after: int | None = None) -> date:
    days = settings.REPORT_DUE_DAYS_AFTER_QUARTER if days_after is None else days_after
    return quarter.end + timedelta(days=days)


def next_report_due(today: date | None = None, days_after: int | None = None) -> tuple[Quarter, date]:
    """The quarterly report to hand in next: the previous quarter's while its
    deadline has not passed (the deadline day itself included), else the
    current quarter's."""
    today = today or timezone.localdate()
    previous = Quarter.of(today).previous()
    due = report_due_date(previous, days_after)
    if today <= due:
        return previous, due
    current = Quarter.of(today)
    return current, report_due_date(current, days_after)
