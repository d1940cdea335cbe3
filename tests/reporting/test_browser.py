"""In a real browser: the coordinator asks for the quarterly report, watches its progress and
downloads the PDF; the budget form recomputes as the coordinator types, without horizontal scroll."""

from unittest import mock

import pytest
from django.utils import timezone

from reporting import services, tasks
from reporting.models import ReportJob

from ..world import make_world
from .expected import worked_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sent_to_broker(job):
    """Stand-in for the broker: the job is handed over but no worker has taken it yet."""
    ReportJob.objects.filter(pk=job.pk).update(sent_at=timezone.now())
    return True


def test_the_coordinator_requests_the_quarterly_report_sees_progress_and_downloads_the_pdf(
        page, browser_login, live_server):
    world = make_world()
    browser_login(world.coordinator_a)
    with mock.patch.object(services, "_send", side_effect=_sent_to_broker):
        page.get_by_role("link", name="Rapportering").first.click()
        page.get_by_role("link", name="Kwartaalrapport aanvragen of archief bekijken").click()
        page.get_by_label("Kwartaal").select_option(label="Q3 2026")
        page.get_by_role("button", name="Rapport aanvragen").click()
        page.wait_for_selector('[data-status="queued"]')
    page.evaluate("window.__notReloaded = true")
    job = ReportJob.objects.get()
    ReportJob.objects.filter(pk=job.pk).update(status="running", attempts=1)
    page.wait_for_selector('[data-status="running"]', timeout=10_000)
    ReportJob.objects.filter(pk=job.pk).update(status="queued")
    assert tasks.render_quarterly_report.apply(args=[job.pk]).get() == "done"  # the worker's part
    page.wait_for_selector('[data-status="done"]', timeout=10_000)
    assert page.evaluate("window.__notReloaded") is True  # progress shown without a reload
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert download.suggested_filename == "esf-kwartaalrapport-2026-Q3-v1.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_the_budget_form_recomputes_as_the_coordinator_types_and_fits_a_laptop_with_15_rows(
        page, browser_login, live_server):
    world = make_world()
    budget = services.budget_create(partnership=world.partnership_a, year=2025, by=world.coordinator_a)
    data = worked_example()
    data["personnel"] = (data["personnel"] * 4)[:15]
    data["personnel"][4:] = [dict(row, hours="0") for row in data["personnel"][4:]]
    services.budget_import(budget=budget, by=world.coordinator_a, data=data)
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(world.coordinator_a)
    page.goto(f"{live_server.url}/rapportering/begroting/{budget.code}/")
    assert page.locator('input[name$="-function"]').count() == 17  # 15 rows + 2 empty
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#personnel-0-cost").inner_text() == "€\u00a074.304,00"
    page.locator('input[name="personnel-0-hours"]').fill("1721")
    page.wait_for_function("document.getElementById('personnel-0-cost').textContent.includes('74.347,20')")
    assert "ESF" in page.locator("#budget-summary").inner_text()
