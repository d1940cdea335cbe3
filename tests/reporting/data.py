"""Casework for partnership A in Q3 2026, built through the cases services, with known figures."""

from datetime import date, datetime

from django.utils import timezone

from reporting import services as reporting_services
from reporting.periods import Quarter

from .expected import worked_example

QUARTER = Quarter(2026, 3)
PARTICIPANT_NAME = "Marieke Vandersteen"


def at(day: date, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def build_quarter(world):
    """Q3 2026: 2 participants reached (1 by an action, 1 by an interaction), 2 new cases, 1 closed,
    1 in work by the four-months rule (of 2 reached: 50,00 %), a budget for 2026 (the worked example)."""
    from cases import services as cases

    coach = world.coach_a
    p = world.partnership_a
    first_name, last_name = PARTICIPANT_NAME.split()
    marieke = cases.participant_create(partnership=p, by=coach, first_name=first_name, last_name=last_name)
    jan = cases.participant_create(partnership=p, by=coach, first_name="Jan")
    one = cases.case_open(partnership=p, by=coach, start_date=date(2026, 7, 10), lead_coach=coach, participants=[marieke])
    cases.action_record(case=one, by=coach, description="Kennismaking", done_on=date(2026, 7, 15))
    cases.interaction_log(case=one, by=coach, channel="visit", duration_minutes=60, occurred_at=at(date(2026, 7, 15)))
    cases.scale_score_record(case=one, by=coach, score=3, interpretation="start", measured_at=date(2026, 7, 15))
    cases.scale_score_record(case=one, by=coach, score=5, interpretation="vooruitgang", measured_at=date(2026, 9, 15))
    cases.failure_demand_record(case=one, by=coach, description="Brief niet begrepen", cause="mismatch",
                                occurred_on=date(2026, 8, 1))
    two = cases.case_open(partnership=p, by=coach, start_date=date(2025, 1, 10), lead_coach=coach, participants=[jan])
    cases.interaction_log(case=two, by=coach, channel="phone", duration_minutes=15, occurred_at=at(date(2026, 8, 10)))
    cases.employment_period_record(case=two, by=coach, start_date=date(2026, 1, 1), end_date=date(2026, 6, 30),
                                   dimona_verified=True)
    cases.outcome_record(case=two, by=coach, kind="work", achieved_on=date(2026, 8, 1))
    cases.case_update(case=two, by=coach, expected_version=two.version, status="closed", close_date=date(2026, 8, 31))
    cases.case_open(partnership=p, by=coach, start_date=date(2026, 9, 1), lead_coach=coach)  # not reached yet
    budget = reporting_services.budget_create(partnership=p, year=2026, by=world.coordinator_a)
    reporting_services.budget_import(budget=budget, by=world.coordinator_a, data=worked_example())
    return {"cases": [one, two]}
