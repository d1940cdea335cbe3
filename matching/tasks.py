"""Celery tasks of the matching: each takes an id and delegates to a service
that claims its job with a conditional UPDATE (a redelivery does nothing)."""

from celery import shared_task

from . import services


@shared_task(name="matching.send_decision_mail")
def send_decision_mail(mail_id: int) -> bool:
    return services.mail_deliver(mail_id=mail_id)


@shared_task(name="matching.render_final_report", queue="pdf")
def render_final_report(report_id: int) -> bool:
    return services.final_report_render(report_id=report_id)


@shared_task(name="matching.send_scoring_reminders")
def send_scoring_reminders() -> int:
    """Run daily (Celery beat or `manage.py matching_reminders`)."""
    return services.reminders_send()
