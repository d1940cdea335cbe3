"""Celery tasks of the reporting app: they fetch and delegate, nothing more.

``render_quarterly_report`` runs on the "pdf" queue. acks_late and
reject_on_worker_lost (set globally) mean a worker that dies mid-task leaves
the message unacknowledged, so the broker delivers it again; the job is
claimed with a conditional UPDATE and a finished job is skipped, so running
twice is harmless."""

import logging
import os
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError

from . import services
from .report import render_content_report as render_content
from .report import render_quarterly_report as render

log = logging.getLogger(__name__)

TRANSIENT = (DatabaseError, OSError, SoftTimeLimitExceeded)

# Only for the reliability test that kills a worker mid-task: a first attempt lingers this long.
_FIRST_ATTEMPT_DELAY = float(os.environ.get("REPORTING_TEST_FIRST_ATTEMPT_DELAY", "0") or 0)


@shared_task(bind=True, name="reporting.render_quarterly_report", queue="pdf", acks_late=True,
             reject_on_worker_lost=True, max_retries=3, default_retry_delay=10)
def render_quarterly_report(self, job_id: int) -> str:
    job = services.report_job_claim(job_id=job_id)
    if job is None:
        log.info("report job %s already done or gone; skipped", job_id)
        return "skipped"
    if _FIRST_ATTEMPT_DELAY and job.attempts == 1:
        time.sleep(_FIRST_ATTEMPT_DELAY)
    try:
        pdf = render(job.partnership, job.period, job=job)
        services.report_job_finish(job=job, pdf=pdf)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            services.report_job_fail(job_id=job_id, reason=f"{type(exc).__name__}: {exc}")
            raise
        services.report_job_retry_later(job_id=job_id, reason=f"{type(exc).__name__}")
        raise self.retry(exc=exc) from exc
    except Exception as exc:
        log.exception("report job %s failed", job_id)
        services.report_job_fail(job_id=job_id, reason=f"{type(exc).__name__}: {exc}")
        raise
    return "done"


@shared_task(name="reporting.send_pending_report_jobs", acks_late=False)
def send_pending_report_jobs(older_than_seconds: int = 60) -> int:
    """Periodic: hand the broker the jobs it never received (it was down at request time)."""
    sent, _pending = services.report_jobs_send_pending(older_than_seconds=older_than_seconds)
    return sent


@shared_task(bind=True, name="reporting.render_content_report", queue="pdf", acks_late=True,
             reject_on_worker_lost=True, max_retries=3, default_retry_delay=10)
def render_content_report(self, response_id: int) -> str:
    """The content report's PDF; skipped when the stored one is still current."""
    try:
        return services.content_report_pdf_store(response_id=response_id, render=render_content)
    except TRANSIENT as exc:
        raise self.retry(exc=exc) from exc
