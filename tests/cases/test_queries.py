"""Constant query counts: the case list over 5,000 cases and a case page with 500 events."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Action, Case, Interaction, Note, Participant, Persona, ScaleScore

from .conftest import open_case


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def bulk_cases(world, n):
    partnership = world.partnership_a
    persona = Persona.objects.create(partnership=partnership, name="Jongere zonder netwerk")
    participants = Participant.objects.bulk_create(
        Participant(partnership=partnership, first_name=f"Deelnemer{i}", last_name="Bulk") for i in range(n))
    coaches = [world.coach_a, world.coach2_a]
    statuses = ["intake", "active", "paused", "closed"]
    cases = Case.objects.bulk_create(
        Case(partnership=partnership, lead_coach=coaches[i % 2], status=statuses[i % 4],
             start_date=date(2024, 1, 1) + timedelta(days=i % 700),
             close_date=date(2026, 1, 1) if statuses[i % 4] == "closed" else None)
        for i in range(n))
    Case.participants.through.objects.bulk_create(
        Case.participants.through(case_id=c.pk, participant_id=p.pk) for c, p in zip(cases, participants))
    Case.personas.through.objects.bulk_create(
        Case.personas.through(case_id=c.pk, persona_id=persona.pk) for c in cases[::3])
    return persona


@pytest.mark.django_db
def test_the_case_list_runs_a_constant_number_of_queries_over_5000_cases(client, world):
    client.force_login(world.coach_a)
    open_case(world)
    small, _ = queries(client, reverse("cases:list"))
    persona = bulk_cases(world, 5000)
    big, response = queries(client, reverse("cases:list"))
    assert big == small
    assert "Deelnemer" in response.content.decode()
    base = reverse("cases:list")
    for params in (f"?coach={world.coach2_a.pk}", "?status=active", f"?persona={persona.pk}",
                   f"?coach={world.coach_a.pk}&status=intake&persona={persona.pk}&page=3", "?q=Deelnemer12"):
        count, response = queries(client, base + params)
        # + one lookup per chosen coach / persona (the form validates them), whatever the number of cases
        assert count <= small + 2, (params, count, small)
    count, response = queries(client, base + "?status=active&page=2")
    assert response.context["page"].paginator.count == 1250


def add_events(case, user, n):
    now = timezone.now()
    Interaction.objects.bulk_create(
        Interaction(case=case, coach=user, channel="phone", duration_minutes=10, occurred_at=now - timedelta(hours=i))
        for i in range(n * 2 // 5))
    ScaleScore.objects.bulk_create(
        ScaleScore(case=case, score=1 + i % 10, interpretation=f"Reden {i}", recorded_by=user,
                   measured_at=date(2025, 1, 1) + timedelta(days=i)) for i in range(n // 5))
    Note.objects.bulk_create(Note(case=case, text=f"Notitie {i}", author=user, is_sensitive=i % 2 == 0)
                             for i in range(n // 5))
    Action.objects.bulk_create(Action(case=case, description=f"Actie {i}", recorded_by=user,
                                      done_on=date(2025, 1, 1) + timedelta(days=i)) for i in range(n // 5))


@pytest.mark.django_db
def test_the_case_page_runs_a_constant_number_of_queries_with_500_timeline_events(client, world, case_a):
    demand = services.value_demand_add(case=case_a, by=world.coach_a, text="Werk")
    client.force_login(world.coach_a)  # the lead coach: sensitive notes included
    add_events(case_a, world.coach_a, 10)
    services.value_reading_record(case=case_a, by=world.coach_a, scores={demand.pk: 2})
    small, _ = queries(client, reverse("cases:detail", kwargs={"case": case_a.code}))
    add_events(case_a, world.coach_a, 490)
    for i in range(5):
        services.value_reading_record(case=case_a, by=world.coach_a, scores={demand.pk: 1 + i})
    big, response = queries(client, reverse("cases:detail", kwargs={"case": case_a.code}))
    assert big == small
    assert len(response.context["timeline"]) >= 500
    assert response.context["timeline_page"].paginator.num_pages >= 5  # shown 100 at a time
    assert response.content.decode().count('<li class="list-group-item">') <= 100 + 20
    last, response = queries(client, reverse("cases:detail", kwargs={"case": case_a.code}) + "?page=6")
    assert last == small and response.context["timeline_page"].number == 6
    filtered, response = queries(client, reverse("cases:detail", kwargs={"case": case_a.code}) + "?soort=scale")
    assert filtered < small
    assert {e.kind for e in response.context["timeline"]} == {"scale"}


@pytest.mark.django_db
def test_the_home_panel_runs_a_constant_number_of_queries(rf, world):
    from cases.panels import overdue_follow_up_panel

    open_case(world, start_date=date(2024, 1, 1))
    request = rf.get("/")
    request.user = type(world.coach_a).objects.get(pk=world.coach_a.pk)  # fresh: roles not cached yet
    with CaptureQueriesContext(connection) as small:
        panel = overdue_follow_up_panel(request)
    assert panel.context["count"] == 1
    for i in range(30):
        open_case(world, first_name=f"Extra{i}", start_date=date(2024, 1, 1))
    request.user = type(world.coach_a).objects.get(pk=world.coach_a.pk)
    with CaptureQueriesContext(connection) as big:
        panel = overdue_follow_up_panel(request)
    assert panel.context["count"] == 31 and len(panel.context["cases"]) == 8
    assert len(big.captured_queries) == len(small.captured_queries) <= 4
