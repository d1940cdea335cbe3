"""The governance rules at their edges (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from partnerships.governance import rules
from partnerships.governance.rules import InitiativeStatus as S
from partnerships.governance.rules import RuleError, Share


# --- consent and majority ---------------------------------------------------------

def test_consent_is_adopted_only_when_every_objection_is_resolved():
    assert rules.consent_outcome(unresolved_objections=0) is True
    with pytest.raises(RuleError) as refused:
        rules.consent_outcome(unresolved_objections=1)
    assert "nog open: 1" in str(refused.value.message)


@pytest.mark.parametrize(
    "votes_for, against, abstain, adopted",
    [
        (4, 3, 0, True),
        (3, 3, 5, False),  # a tie is not a majority, however many abstain
        (1, 0, 9, True),  # abstentions do not count
        (2, 3, 0, False),
    ],
)
def test_a_majority_decision_counts_for_against_and_ignores_abstentions(votes_for, against, abstain, adopted):
    assert rules.majority_outcome(votes_for=votes_for, votes_against=against, votes_abstain=abstain) is adopted


def test_a_majority_decision_needs_the_votes_and_at_least_one_for_or_against():
    with pytest.raises(RuleError):
        rules.majority_outcome(votes_for=None, votes_against=1, votes_abstain=0)
    with pytest.raises(RuleError) as refused:
        rules.majority_outcome(votes_for=0, votes_against=0, votes_abstain=4)
    assert refused.value.message == rules.ERROR_NO_VOTES


# --- issues ---------------------------------------------------------------------------

def test_an_issue_cannot_close_without_feedback():
    with pytest.raises(RuleError) as refused:
        rules.check_issue_can_close(feedback="   ")
    assert refused.value.message == rules.ERROR_CLOSE_WITHOUT_FEEDBACK
    rules.check_issue_can_close(feedback="De directie neemt het op met de VDAB-regio.")


def test_feedback_is_overdue_from_the_day_after_its_due_date():
    due = date(2025, 3, 10)
    args = {"status": "in_hands", "feedback_due_on": due, "feedback_given_on": None}
    assert not rules.feedback_overdue(**args, today=due)
    assert rules.feedback_overdue(**args, today=date(2025, 3, 11))
    assert not rules.feedback_overdue(**{**args, "feedback_given_on": due}, today=date(2025, 3, 11))


def test_the_one_who_raised_an_open_issue_is_reminded_after_thirty_days():
    raised = date(2025, 1, 1)
    assert not rules.raise_again_due(status="open", last_raised_on=raised, today=date(2025, 1, 30))
    assert rules.raise_again_due(status="open", last_raised_on=raised, today=date(2025, 1, 31))
    assert not rules.raise_again_due(status="closed", last_raised_on=raised, today=date(2025, 6, 1))


# --- initiatives ----------------------------------------------------------------------

def test_an_initiative_follows_its_path_step_by_step():
    path = [S.PROPOSED, S.CONSENTED, S.SHARED, S.PILOTING, S.EVALUATED, S.WIDENED]
    for current, target in zip(path, path[1:]):
        rules.check_initiative_transition(current, target)
    rules.check_initiative_transition(S.EVALUATED, S.STOPPED)
    rules.check_initiative_transition(S.EVALUATED, S.PILOTING)  # a next iteration


def test_an_initiative_cannot_be_piloted_before_consent_and_sharing():
    with pytest.raises(RuleError) as refused:
        rules.check_initiative_transition(S.PROPOSED, S.PILOTING)
    message = str(refused.value.message)
    assert "consent" in message and "gedeeld" in message
    with pytest.raises(RuleError) as refused:
        rules.check_initiative_transition(S.CONSENTED, S.PILOTING)
    assert "gedeeld" in str(refused.value.message) and "consent" not in str(refused.value.message)


def test_an_ended_initiative_does_not_move_and_none_goes_back():
    with pytest.raises(RuleError):
        rules.check_initiative_transition(S.WIDENED, S.PILOTING)
    with pytest.raises(RuleError):
        rules.check_initiative_transition(S.SHARED, S.CONSENTED)
    with pytest.raises(RuleError):
        rules.check_initiative_transition(S.PILOTING, S.WIDENED)  # not before evaluation


def test_next_states_offer_only_allowed_moves():
    assert rules.next_initiative_states(S.EVALUATED) == [S.PILOTING, S.WIDENED, S.STOPPED]
    assert rules.next_initiative_states(S.STOPPED) == []


# --- composition and challenge ---------------------------------------------------------

@pytest.mark.parametrize(
    "start, six_months_later",
    [
        (date(2024, 7, 1), date(2025, 1, 1)),
        (date(2024, 8, 31), date(2025, 2, 28)),  # clamped to the end of February
        (date(2023, 8, 31), date(2024, 2, 29)),  # leap year
        (date(2024, 3, 31), date(2024, 9, 30)),
    ],
)
def test_six_calendar_months_after_the_start(start, six_months_later):
    assert rules.earliest_composition_change(start) == six_months_later


def test_a_composition_change_the_day_before_six_months_is_refused_with_the_date_it_becomes_possible():
    start = date(2024, 7, 1)
    with pytest.raises(RuleError) as refused:
        rules.check_composition_change_date(partnership_start=start, effective_on=date(2024, 12, 31))
    assert "01/01/2025" in str(refused.value.message)
    rules.check_composition_change_date(partnership_start=start, effective_on=date(2025, 1, 1))


def test_the_right_to_challenge_opens_after_the_configured_period():
    start = date(2024, 7, 1)
    assert rules.challenge_opens_on(start) == date(2027, 7, 1)
    with pytest.raises(RuleError) as refused:
        rules.check_challenge_date(partnership_start=start, lodged_on=date(2027, 6, 30), after_months=36)
    assert "01/07/2027" in str(refused.value.message)
    rules.check_challenge_date(partnership_start=start, lodged_on=date(2027, 7, 1), after_months=36)
    rules.check_challenge_date(partnership_start=start, lodged_on=date(2026, 7, 1), after_months=24)


# --- distribution key --------------------------------------------------------------------

def test_a_distribution_key_summing_to_99_99_is_refused():
    with pytest.raises(RuleError) as refused:
        rules.check_distribution_key([Share(1, Decimal("50.00")), Share(2, Decimal("49.99"))])
    assert "99,99" in str(refused.value.message)


def test_a_distribution_key_summing_to_exactly_100_is_accepted():
    assert rules.check_distribution_key(
        [Share(1, Decimal("33.34")), Share(2, Decimal("33.33")), Share(3, Decimal("33.33"))]
    ) == Decimal("100.00")


def test_a_distribution_key_above_100_or_with_a_partner_twice_is_refused():
    with pytest.raises(RuleError):
        rules.check_distribution_key([Share(1, Decimal("50.00")), Share(2, Decimal("50.01"))])
    with pytest.raises(RuleError) as refused:
        rules.check_distribution_key([Share(1, Decimal("50.00")), Share(1, Decimal("50.00"))])
    assert refused.value.message == rules.ERROR_KEY_DUPLICATE
    with pytest.raises(RuleError):
        rules.check_distribution_key([])


def test_the_current_key_is_the_latest_one_started():
    froms = [date(2024, 7, 1), date(2025, 1, 1), date(2026, 1, 1)]
    assert rules.current_key(froms, date(2025, 6, 1)) == date(2025, 1, 1)
    assert rules.current_key(froms, date(2024, 6, 30)) is None
