import pytest
from django.urls import reverse

from reporting.models import ReportJob


@pytest.mark.django_db
def test_the_coordinators_home_shows_the_next_report_and_the_latest_job_status(client, world, django_assert_max_num_queries):
    ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3, status="failed", reason="x")
    ReportJob.objects.create(partnership=world.partnership_b, year=2026, quarter=3, status="done")
    client.force_login(world.coordinator_a)
    page = client.get(reverse("home")).content.decode()
    assert "Volgend kwartaalrapport" in page and "Partnerschap Turnhout Q3 2026 v1" in page and "Mislukt" in page
    assert "GeheimMechelenB" not in page
    client.force_login(world.coach_a)
    assert "Volgend kwartaalrapport" not in client.get(reverse("home")).content.decode()
