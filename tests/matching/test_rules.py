"""The matching's pure rules at their boundaries (no database)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from matching import rules

BRU = ZoneInfo("Europe/Brussels")
UTC = ZoneInfo("UTC")


def test_deadline_41_days_after_publication_is_refused():
    assert not rules.schedule_respects_six_weeks(date(2026, 3, 1), date(2026, 3, 1) + timedelta(days=41))


def test_deadline_42_days_after_publication_is_accepted():
    assert rules.schedule_respects_six_weeks(date(2026, 3, 1), date(2026, 3, 1) + timedelta(days=42))
    assert rules.earliest_deadline(date(2026, 3, 1)) == date(2026, 4, 12)


def test_candidacies_close_at_the_end_of_the_deadline_day_in_brussels():
    deadline = date(2026, 6, 30)
    assert rules.candidacy_open(deadline, datetime(2026, 6, 30, 23, 59, tzinfo=BRU))
    assert not rules.candidacy_open(deadline, datetime(2026, 7, 1, 0, 0, tzinfo=BRU))
    # 22:30 UTC on the 30th is already 1 July in Brussels (summer time).
    assert not rules.candidacy_open(deadline, datetime(2026, 6, 30, 22, 30, tzinfo=UTC))


def test_a_jury_without_an_external_is_invalid_and_says_so():
    check = rules.jury_check(["vdab", "local_government", "local_government"])
    assert not check.valid
    assert check.missing_groups == ("external",)
    assert not check.too_few


def test_a_jury_of_three_with_each_group_is_valid():
    assert rules.jury_check(["vdab", "local_government", "external"]).valid


def test_two_matchmakers_are_too_few_even_with_no_group_missing_check():
    check = rules.jury_check(["vdab", "external"])
    assert not check.valid and check.too_few and check.missing_groups == ("local_government",)


def test_a_jury_valid_before_a_recusal_is_invalid_after_it():
    jury = ["vdab", "local_government", "external", "vdab"]
    assert rules.jury_check(jury).valid
    after_the_external_recuses = ["vdab", "local_government", "vdab"]
    assert rules.jury_check(after_the_external_recuses).missing_groups == ("external",)


@pytest.mark.parametrize("votes, expected", [((4, 4, 2), 4), ((2, 3, 4), 3), ((1, 3, 3), 3), ((1, 1, 4), 1), ((2, 2, 2), 2)])
def test_the_jury_score_is_the_median_of_the_three_group_votes(votes, expected):
    assert rules.jury_score_from_votes(*votes) == expected


def test_group_votes_outside_1_to_4_are_refused():
    with pytest.raises(ValueError):
        rules.jury_score_from_votes(4, 5, 3)
    with pytest.raises(ValueError):
        rules.jury_score_from_votes(0, 3, 3)


def test_three_on_both_criteria_passes_and_two_on_either_fails():
    assert rules.passes(3, 3)
    assert rules.passes(4, 3)
    assert not rules.passes(2, 4)
    assert not rules.passes(4, 2)
    assert not rules.passes(None, 4)


def test_votes_4_4_2_and_1_3_3_select_but_1_1_4_does_not():
    assert rules.passes(rules.jury_score_from_votes(4, 4, 2), rules.jury_score_from_votes(1, 3, 3))
    assert not rules.passes(rules.jury_score_from_votes(1, 1, 4), 4)


def test_disagreement_is_a_spread_of_two_or_straddling_the_pass_mark():
    assert rules.disagreement([1, 3])
    assert rules.disagreement([2, 3])
    assert not rules.disagreement([3, 4])
    assert not rules.disagreement([3])


def test_appeal_on_day_14_is_accepted_and_day_15_refused():
    sent = datetime(2026, 5, 4, 16, 0, tzinfo=BRU)
    assert rules.appeal_deadline(sent) == date(2026, 5, 18)
    assert rules.appeal_open(sent, datetime(2026, 5, 18, 23, 59, tzinfo=BRU))
    assert not rules.appeal_open(sent, datetime(2026, 5, 19, 0, 1, tzinfo=BRU))


def test_the_appeal_day_is_counted_in_brussels_not_utc():
    # Sent at 23:30 UTC on 3 May = 01:30 on 4 May in Brussels: day 0 is 4 May.
    sent = datetime(2026, 5, 3, 23, 30, tzinfo=UTC)
    assert rules.appeal_deadline(sent) == date(2026, 5, 18)


def test_a_later_deadline_stated_in_the_mail_is_honoured():
    sent = datetime(2026, 5, 4, 16, 0, tzinfo=BRU)
    assert rules.appeal_open(sent, datetime(2026, 5, 19, 10, 0, tzinfo=BRU), stated_deadline=date(2026, 5, 19))


def test_emergency_window_edges():
    start = date(2026, 9, 1)
    assert rules.emergency_may_start(start, start - timedelta(days=56))
    assert not rules.emergency_may_start(start, start - timedelta(days=57))
    assert rules.emergency_may_start(start, start - timedelta(days=1))
    assert not rules.emergency_may_start(start, start)


def test_ranking_is_needed_only_when_several_qualify():
    assert not rules.rank_needed(1)
    assert rules.rank_needed(2)


@pytest.mark.parametrize("name, size, problem", [
    ("plan.pdf", 1000, None), ("PLAN.PDF", 1000, None), ("run.exe", 10, "type"), ("noext", 10, "type"),
    ("big.pdf", rules.MAX_DOCUMENT_BYTES, None), ("big.pdf", rules.MAX_DOCUMENT_BYTES + 1, "size"),
])
def test_documents_are_checked_for_type_and_size(name, size, problem):
    assert rules.document_problem(name, size) == problem


@pytest.mark.parametrize("value, expected", [("=SUM(A1)", "'=SUM(A1)"), ("+3", "'+3"), ("-1", "'-1"), ("@x", "'@x"), ("ok", "ok"), (3, 3)])
def test_spreadsheet_cells_are_escaped(value, expected):
    assert rules.safe_cell(value) == expected
