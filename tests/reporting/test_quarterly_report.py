"""The quarterly ESF report: the job, the task (eager here; a real worker in test_worker.py), the pages."""

import io
import re
from unittest import mock

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from reporting import services, tasks
from reporting.models import ReportJob
from reporting.periods import Quarter
from reporting.report import render_quarterly_report

from ..world import make_world
from .data import PARTICIPANT_NAME, QUARTER, build_quarter


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text.replace("\xa0", " ")


def assert_expected_figures(text: str):
    assert "ESF-kwartaalrapport Q3 2026" in text
    assert "Bereikt dit kwartaal\n2" in text
    assert "1 van 2 bereikte" in text and "(50,00 %; doel 20,00 %)" in text  # in work, four-months rule
    assert "Nieuwe casussen 2" in text and "Afgesloten casussen 1" in text
    assert "Mismatch tussen vraag en dienstverlening 1 1" in text
    assert "71.127,02" in text and "202.379,16" in text and "42,43 %" in text
    # 3/4 of the year's budget planned by the end of Q3: 202 379,16 × 0,75 = 151 784,37
    assert "151.784,37" in text
    for part in PARTICIPANT_NAME.split():
        assert part not in text  # pseudonymised: never a name


@pytest.mark.django_db
def test_the_report_shows_the_quarters_figures_and_no_names(world):
    build_quarter(world)
    assert_expected_figures(pdf_text(render_quarterly_report(world.partnership_a, QUARTER)))


@pytest.mark.django_db
def test_without_casework_the_report_says_no_data_instead_of_failing(world):
    text = pdf_text(render_quarterly_report(world.partnership_a, QUARTER))
    assert "ESF-kwartaalrapport Q3 2026" in text
    assert "Nog geen begroting ingevoerd." in text


def request_report(client, world, quarter="2026-3"):
    return client.post(reverse("reporting:reports", kwargs={"partnership": world.partnership_a.code}),
                       {"quarter": quarter})


@pytest.mark.django_db
def test_the_coordinator_requests_a_report_and_downloads_each_archived_version(
        client, world, django_capture_on_commit_callbacks, eager_tasks):
    build_quarter(world)
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = request_report(client, world)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", kwargs={"report": job.code})
    assert (job.status, job.version, job.requested_by, job.attempts) == ("done", 1, world.coordinator_a, 1)
    assert job.sent_at is not None and job.file.name.endswith("esf-kwartaalrapport-2026-Q3-v1.pdf")
    download = client.get(reverse("reporting:report_download", kwargs={"report": job.code}))
    assert download["Content-Type"] == "application/pdf"
    assert_expected_figures(pdf_text(b"".join(download.streaming_content)))

    with django_capture_on_commit_callbacks(execute=True):
        request_report(client, world)
    versions = list(ReportJob.objects.order_by("version").values_list("version", "status"))
    assert versions == [(1, "done"), (2, "done")]
    archive = client.get(reverse("reporting:reports", kwargs={"partnership": world.partnership_a.code})).content.decode()
    assert archive.count("PDF downloaden") == 2
    client.force_login(world.board_a)  # the board reads the archive too
    assert client.get(reverse("reporting:report_download", kwargs={"report": job.code})).status_code == 200


@pytest.mark.django_db
def test_the_status_fragment_polls_until_the_job_is_finished(client, world):
    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3, requested_by=world.coordinator_a)
    client.force_login(world.coordinator_a)
    url = reverse("reporting:report", kwargs={"report": job.code})
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and 'data-status="queued"' in fragment and "<html" not in fragment
    ReportJob.objects.filter(pk=job.pk).update(status="running")
    assert 'data-status="running"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    ReportJob.objects.filter(pk=job.pk).update(status="failed", reason="WeasyPrint: geen geheugen")
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "WeasyPrint: geen geheugen" in fragment
    # not done yet: the download link leads back to the status page
    assert client.get(reverse("reporting:report_download", kwargs={"report": job.code})).status_code == 302


@pytest.mark.django_db
def test_the_task_is_idempotent_a_redelivered_done_job_is_skipped(world):
    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3)
    assert tasks.render_quarterly_report.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    first_file, first_finished = job.file.name, job.finished_at
    assert tasks.render_quarterly_report.apply(args=[job.pk]).get() == "skipped"
    job.refresh_from_db()
    assert (job.file.name, job.finished_at, job.attempts) == (first_file, first_finished, 1)


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_rendered_on_redelivery(world):
    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3, status="running", attempts=1)
    assert tasks.render_quarterly_report.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


@pytest.mark.django_db
def test_a_transient_failure_is_retried_and_then_succeeds(world):
    from django.db import OperationalError as DatabaseDown

    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3)
    real = tasks.render
    from celery.exceptions import Retry

    with mock.patch.object(tasks, "render", side_effect=DatabaseDown("connection lost")):
        with pytest.raises(Retry):  # eager mode shows the retry that a worker schedules
            tasks.render_quarterly_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.reason) == ("queued", "OperationalError")
    assert real is tasks.render
    assert tasks.render_quarterly_report.apply(args=[job.pk]).get() == "done"  # the retry delivery
    job.refresh_from_db()
    assert (job.status, job.attempts, job.reason) == ("done", 2, "")


@pytest.mark.django_db
def test_a_permanent_failure_shows_the_reason(world):
    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3)
    with mock.patch.object(tasks, "render", side_effect=ValueError("sjabloon stuk")):
        with pytest.raises(ValueError):
            tasks.render_quarterly_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == "failed" and "sjabloon stuk" in job.reason


@pytest.mark.django_db
def test_a_quarter_that_has_not_started_or_precedes_the_project_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=str(services.QUARTER_IN_FUTURE)):
        services.report_request(partnership=world.partnership_a, quarter=Quarter(2027, 1), by=world.coordinator_a)
    with pytest.raises(ValidationError, match=str(services.QUARTER_BEFORE_PROJECT)):
        services.report_request(partnership=world.partnership_a, quarter=Quarter(2024, 2), by=world.coordinator_a)


@pytest.mark.django_db
def test_only_the_coordinator_requests_reports(client, world):
    client.force_login(world.board_a)
    assert request_report(client, world).status_code == 403
    client.force_login(world.coach_a)
    assert request_report(client, world).status_code == 403
    assert not ReportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_request_is_kept_and_the_coordinator_told_then_sent_later(client):
    world = make_world()
    client.force_login(world.coordinator_a)
    with mock.patch.object(tasks.render_quarterly_report, "apply_async",
                           side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6399")) as send:
        response = request_report(client, world)
        assert send.called
    job = ReportJob.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert str(services.BROKER_DOWN) in page and 'data-status="queued"' in page and "Nu opnieuw versturen" in page
    assert (job.status, job.sent_at) == ("queued", None)
    reports_page = client.get(reverse("reporting:reports", kwargs={"partnership": world.partnership_a.code}))
    assert "Nu opnieuw versturen" in reports_page.content.decode()

    with mock.patch.object(tasks.render_quarterly_report, "apply_async") as send:
        client.post(reverse("reporting:reports_send_pending", kwargs={"partnership": world.partnership_a.code}))
    send.assert_called_once_with(args=[job.pk], queue="pdf")
    job.refresh_from_db()
    assert job.sent_at is not None


@pytest.mark.django_db
def test_a_job_running_far_too_long_says_so(client, world):
    from datetime import timedelta

    from django.utils import timezone

    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3, status="running",
                                   attempts=1, started_at=timezone.now() - timedelta(minutes=11))
    client.force_login(world.coordinator_a)
    page = client.get(reverse("reporting:report", kwargs={"report": job.code}), HTTP_HX_REQUEST="true")
    assert "Dit duurt langer dan verwacht" in page.content.decode()


@pytest.mark.django_db
def test_the_send_pending_command_sends_what_the_broker_missed(world):
    from django.core.management import call_command

    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3)
    with mock.patch.object(tasks.render_quarterly_report, "apply_async") as send:
        call_command("report_jobs_send_pending", stdout=io.StringIO())
    send.assert_called_once_with(args=[job.pk], queue="pdf")
    job.refresh_from_db()
    assert job.sent_at is not None
    with mock.patch.object(tasks.render_quarterly_report, "apply_async") as send:
        call_command("report_jobs_send_pending", stdout=io.StringIO())
    send.assert_not_called()


@pytest.mark.django_db
def test_the_figures_take_a_constant_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import figures

    build_quarter(world)
    with CaptureQueriesContext(connection) as small:
        figures.quarterly_figures(world.partnership_a, QUARTER)
    from datetime import date

    from cases import services as cases

    for _ in range(5):  # more casework, same number of queries
        case = cases.case_open(partnership=world.partnership_a, by=world.coach_a, start_date=date(2026, 7, 1),
                               lead_coach=world.coach_a)
        cases.action_record(case=case, by=world.coach_a, description="x", done_on=date(2026, 7, 2))
        cases.scale_score_record(case=case, by=world.coach_a, score=4, interpretation="x", measured_at=date(2026, 7, 2))
    with CaptureQueriesContext(connection) as large:
        figures.quarterly_figures(world.partnership_a, QUARTER)
    assert len(large.captured_queries) == len(small.captured_queries) <= 40


@pytest.mark.django_db
def test_the_archive_filters_by_year_and_status(client, world):
    ReportJob.objects.create(partnership=world.partnership_a, year=2025, quarter=4, status="done")
    ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=1, status="failed")
    client.force_login(world.board_a)
    url = reverse("reporting:reports", kwargs={"partnership": world.partnership_a.code})
    assert "Q4 2025" in client.get(url, {"year": "2025"}).content.decode()
    assert "Q1 2026" not in client.get(url, {"year": "2025"}).content.decode()
    page = client.get(url, {"status": "failed"}).content.decode()
    assert "Q1 2026" in page and "Q4 2025" not in page
    assert client.get(url, {"status": "nonsense", "year": "abc"}).status_code == 200


@pytest.mark.django_db
def test_charts_in_the_pdf_keep_their_size_so_headings_stay_with_their_chart(world):
    # With height:auto WeasyPrint drew each chart in a near-square box: a heading alone on a blank page.
    from reporting import figures
    from reporting.report import _charts

    build_quarter(world)
    charts = _charts(figures.quarterly_figures(world.partnership_a, QUARTER))
    assert charts and not any(re.search(r'<svg\b[^>]*style="[^"]*height:\s*auto', str(svg)) for svg in charts.values())
    pages = [p.extract_text().replace("\xa0", " ") for p in PdfReader(io.BytesIO(
        render_quarterly_report(world.partnership_a, QUARTER))).pages]
    heading = next(p for p in pages if "3. Evolutie per kwartaal" in p)
    assert "Evolutie per kwartaal sinds de start van het project." in heading
    assert len(pages) <= 5


@pytest.mark.django_db
def test_a_failed_report_can_be_asked_again_from_its_page_as_a_new_version(
        client, world, django_capture_on_commit_callbacks, eager_tasks):
    failed = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3,
                                      status=ReportJob.Status.FAILED, reason="sjabloon stuk")
    url = reverse("reporting:report", kwargs={"report": failed.code})
    client.force_login(world.board_a)
    assert 'name="quarter" value="2026-3"' not in client.get(url).content.decode()  # only who may ask
    client.force_login(world.coordinator_a)
    page = client.get(url).content.decode()
    assert "sjabloon stuk" in page and 'name="quarter" value="2026-3"' in page
    with django_capture_on_commit_callbacks(execute=True):
        again = request_report(client, world, "2026-3")
    job = ReportJob.objects.get(code=again.url.rstrip("/").split("/")[-1])
    assert job.version == failed.version + 1 and job.status == "done"
