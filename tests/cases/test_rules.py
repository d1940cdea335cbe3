from datetime import date

import pytest

from cases import rules

TODAY = date(2026, 6, 30)


def work(*periods):
    return rules.meets_work_definition(periods, today=TODAY)


def test_four_full_months_in_one_period_is_work():
    assert work((date(2026, 1, 15), date(2026, 5, 14)))


def test_one_day_short_of_four_months_is_not_work():
    assert not work((date(2026, 1, 15), date(2026, 5, 13)))


def test_adjacent_periods_join():
    # the second contract starts the day after the first ends
    assert work((date(2026, 1, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 4, 30)))


def test_overlapping_periods_merge():
    assert work((date(2026, 1, 1), date(2026, 3, 15)), (date(2026, 2, 1), date(2026, 4, 30)))


def test_a_gap_of_one_day_breaks_the_span():
    assert not work((date(2026, 1, 1), date(2026, 2, 27)), (date(2026, 3, 1), date(2026, 4, 30)))


def test_an_ongoing_period_counts_until_today():
    assert work((date(2026, 3, 1), None))  # 1 March to 30 June: four months
    assert not work((date(2026, 3, 2), None))


def test_periods_in_any_order_and_a_contained_period():
    assert work((date(2026, 3, 1), date(2026, 4, 30)), (date(2026, 1, 1), date(2026, 2, 28)),
                (date(2026, 1, 10), date(2026, 1, 20)))


def test_no_periods_is_no_work():
    assert not work()
    assert rules.longest_span_days([], today=TODAY) == 0


def test_the_quarterly_follow_up_is_due_three_months_after_the_last():
    assert rules.follow_up_due(start_date=date(2026, 1, 10), last_follow_up=None) == date(2026, 4, 10)
    assert not rules.follow_up_overdue(start_date=date(2026, 1, 10), last_follow_up=None, today=date(2026, 4, 10))
    assert rules.follow_up_overdue(start_date=date(2026, 1, 10), last_follow_up=None, today=date(2026, 4, 11))
    assert not rules.follow_up_overdue(start_date=date(2025, 1, 10), last_follow_up=date(2026, 3, 1),
                                       today=date(2026, 4, 11))


def test_the_national_number_is_masked_to_its_last_two_digits():
    assert rules.mask_national_number("90.04.17-123.45") == "••.••.••-•••.45"
    assert "90" not in rules.mask_national_number("90041712345")
    assert rules.mask_national_number("") == ""


def test_the_lead_time_distribution_gives_median_and_quartiles():
    d = rules.distribution([10, 20, 30, 40, 1000])
    assert d.median == 30 and d.q1 == 20 and d.q3 == 40
    assert d.minimum == 10 and d.maximum == 1000
    assert d.mean == pytest.approx(220)
    assert rules.distribution([]).median is None
    assert rules.distribution([7]).q1 == 7


def test_retention_expires_after_the_period_from_closing():
    assert rules.retention_expired(close_date=date(2021, 6, 30), today=TODAY, years=5)
    assert not rules.retention_expired(close_date=date(2021, 7, 1), today=TODAY, years=5)
    assert not rules.retention_expired(close_date=None, today=TODAY)


def test_the_gap_is_the_participants_score_minus_the_coachs():
    assert rules.reading_gaps({1: 2, 2: 4}, {1: 4, 3: 1}) == {1: 2}
