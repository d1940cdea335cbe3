"""Celery tasks of casework: they fetch and delegate. Safe to run twice (claimed job)."""

import logging

from celery import shared_task

from . import services
from .exports import render_subject_access_pdf

log = logging.getLogger(__name__)


@shared_task(name="cases.render_subject_access_export", queue="pdf", acks_late=True, reject_on_worker_lost=True)
def render_subject_access_export(job_id: int) -> str:
    job = services.subject_access_export_claim(job_id=job_id)
    if job is None:
        return "skipped"
    try:
        services.subject_access_export_finish(job=job, pdf=render_subject_access_pdf(job.case))
    except Exception as exc:
        # the job id only: no personal data in logs
        log.exception("subject-access export %s failed", job_id)
        services.subject_access_export_fail(job_id=job_id, reason=type(exc).__name__)
        raise
    return "done"


@shared_task(name="cases.anonymise_expired_cases", acks_late=False)
def anonymise_expired_cases() -> int:
    """Daily: anonymise closed cases past the retention period (CASES_RETENTION_YEARS)."""
    due = list(services.cases_due_for_anonymisation())
    for case in due:
        services.case_anonymise(case=case, by=None)
    return len(due)


@shared_task(name="cases.send_pending_subject_access_exports", acks_late=False)
def send_pending_subject_access_exports() -> int:
    """Re-send export jobs that could not be queued (broker down when asked)."""
    return services.subject_access_exports_send_pending()
