"""The jury view runs a constant number of queries: 60 candidacies × 9 matchmakers
costs the same as 2 × 9."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import Candidacy, ConflictDeclaration, JuryDecision, MatchingRole, Score
from partnerships.models import Organisation, WorkArea

from ..world import make_user

pytestmark = pytest.mark.django_db


def build(area: WorkArea, candidacies: int, tag: str):
    jurors = []
    for i in range(9):
        user = make_user(f"{tag}_juror{i}", None)
        MatchingRole.objects.create(work_area=area, user=user, role="matchmaker", group=("vdab", "local_government", "external")[i % 3])
        jurors.append(user)
    coordinator = make_user(f"{tag}_coord", None)
    MatchingRole.objects.create(work_area=area, user=coordinator, role="coordinator")
    orgs = Organisation.objects.bulk_create([Organisation(name=f"{tag} kandidaat {i}") for i in range(candidacies)])
    rows = Candidacy.objects.bulk_create([
        Candidacy(work_area=area, organisation=org, created_by=coordinator, stage=Candidacy.Stage.SUBMITTED) for org in orgs
    ])
    ConflictDeclaration.objects.bulk_create([
        ConflictDeclaration(candidacy=c, matchmaker=j, has_conflict=(i == 0 and j == jurors[0]))
        for i, c in enumerate(rows) for j in jurors
    ])
    Score.objects.bulk_create([
        Score(candidacy=c, matchmaker=j, round=1, criterion=crit, value=1 + (n % 4), motivation="m")
        for c in rows for n, j in enumerate(jurors) for crit in ("crucial", "fit")
    ])
    JuryDecision.objects.bulk_create([
        JuryDecision(candidacy=c, round=1, criterion="crucial", method="consensus", score=3, motivation="m", decided_by=coordinator)
        for c in rows
    ])
    return coordinator, jurors


def count_queries(client, user, area):
    client.force_login(user)
    url = reverse("matching:jury_view", kwargs={"work_area": area.code, "round": 1})
    client.get(url)  # warm up session and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_jury_view_for_60_candidacies_and_9_matchmakers_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    small, large = WorkArea.objects.create(name="Klein"), WorkArea.objects.create(name="Groot")
    small_coordinator, small_jurors = build(small, 2, "s")
    large_coordinator, large_jurors = build(large, 60, "l")
    for small_user, large_user in ((small_coordinator, large_coordinator), (small_jurors[1], large_jurors[1])):
        few, _ = count_queries(client, small_user, small)
        many, response = count_queries(client, large_user, large)
        assert many == few, f"{few} queries for 2 candidacies, {many} for 60"
    with django_assert_max_num_queries(15):
        response = client.get(reverse("matching:jury_view", kwargs={"work_area": large.code, "round": 1}))
    body = response.content.decode()
    assert body.count("<tr>") >= 61
    assert "l kandidaat 59" in body


@pytest.mark.parametrize("page", ["candidacies", "area", "progress", "outbox", "appeals", "export_csv"])
def test_area_pages_run_a_constant_number_of_queries(client, page):
    from matching.models import DecisionMail

    counts = []
    for size, tag in ((2, "s"), (30, "l")):
        area = WorkArea.objects.create(name=f"Gebied {tag}")
        coordinator, jurors = build(area, size, tag)
        DecisionMail.objects.bulk_create([
            DecisionMail(candidacy=c, kind="negative_round1", round=1, subject="s", body="b", recipients="x@example.test", created_by=coordinator)
            for c in Candidacy.objects.filter(work_area=area)
        ])
        client.force_login(coordinator)
        kwargs = {"work_area": area.code, **({"round": 1} if page == "progress" else {})}
        url = reverse(f"matching:{page}", kwargs=kwargs)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
