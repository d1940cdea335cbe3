"""The minutes of a meeting as PDF (reporting.pdf.render_pdf), rendered in a
Celery task on the "pdf" queue, never in a request (TECH-NOTES: WeasyPrint keeps
memory). The meeting row tracks the job: queued → rendering → ready/failed; the
task claims the job with a conditional UPDATE so a re-delivery is harmless."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..access import Perm
from . import selectors
from .models import Meeting, PdfStatus
from .services import MEETING_PREPARE, require_any

logger = logging.getLogger(__name__)


@transaction.atomic
def minutes_request(*, meeting: Meeting, by) -> Meeting:
    """Queue (again) the PDF of the minutes; anyone who prepares the meeting or decides in it may."""
    require_any(by, meeting.partnership_id, *MEETING_PREPARE[Meeting.Kind(meeting.kind)], Perm.GOVERNANCE_DECIDE)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_pdf_status=PdfStatus.QUEUED, minutes_pdf_requested_at=timezone.now()
    )
    from .tasks import enqueue_on_commit, render_minutes

    enqueue_on_commit(render_minutes, meeting.pk, on_failure=lambda: Meeting.objects.filter(
        pk=meeting.pk, minutes_pdf_status=PdfStatus.QUEUED).update(minutes_pdf_status=PdfStatus.FAILED))
    meeting.refresh_from_db()
    return meeting


def minutes_render(*, meeting_id: int) -> int:
    """Render the queued minutes of ``meeting_id``; returns the PDF's size (0 if nothing to do)."""
    claimed = Meeting.objects.filter(pk=meeting_id, minutes_pdf_status=PdfStatus.QUEUED).update(
        minutes_pdf_status=PdfStatus.RENDERING
    )
    if not claimed:
        return 0
    from reporting.pdf import render_pdf

    try:
        meeting = selectors.meeting_for_minutes(meeting_id)
        pdf = render_pdf("governance/pdf/minutes.html", {"meeting": meeting, **selectors.meeting_detail(meeting)})
        meeting.minutes_pdf.save(f"verslag-{meeting.code}.pdf", ContentFile(pdf), save=False)
        meeting.minutes_pdf_status = PdfStatus.READY
        meeting.minutes_pdf_rendered_at = timezone.now()
        meeting.save(update_fields=["minutes_pdf", "minutes_pdf_status", "minutes_pdf_rendered_at"])
        return len(pdf)
    except Exception:
        logger.exception("minutes PDF failed for meeting id %s", meeting_id)
        Meeting.objects.filter(pk=meeting_id).update(minutes_pdf_status=PdfStatus.FAILED)
        raise
