from datetime import date

from reporting.periods import Quarter, next_report_due


def test_quarters_have_the_right_bounds():
    q = Quarter.of(date(2026, 11, 23))
    assert (q.year, q.number, q.start, q.end) == (2026, 4, date(2026, 10, 1), date(2026, 12, 31))
    assert Quarter.of(date(2026, 1, 1)).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2024, 1).end == date(2024, 3, 31)


def test_the_previous_quarters_report_is_due_until_its_deadline_day_inclusive():
    assert next_report_due(date(2026, 10, 30), days_after=30) == (Quarter(2026, 3), date(2026, 10, 30))
    assert next_report_due(date(2026, 10, 31), days_after=30) == (Quarter(2026, 4), date(2027, 1, 30))
