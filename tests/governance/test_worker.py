"""The minutes PDF and the shared-initiative mail through a real broker and worker (CI)."""

import time
from datetime import date

import pytest

from partnerships.governance import minutes, services
from partnerships.governance.models import Meeting, PdfStatus
from tests.world import make_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_renders_the_minutes_pdf(celery_worker_process):
    world = make_world()
    meeting = services.meeting_create(partnership=world.partnership_a, by=world.coordinator_a,
                                      kind=Meeting.Kind.BOARD, held_on=date(2025, 3, 10), minutes="Opstart besproken.")
    minutes.minutes_request(meeting=meeting, by=world.coordinator_a)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        meeting.refresh_from_db()
        if meeting.minutes_pdf_status in (PdfStatus.READY, PdfStatus.FAILED):
            break
        time.sleep(0.5)
    assert meeting.minutes_pdf_status == PdfStatus.READY
    # The worker wrote it under its own MEDIA_ROOT (this test process uses a temporary one).
    assert meeting.minutes_pdf.name.endswith(".pdf") and meeting.minutes_pdf_rendered_at is not None
