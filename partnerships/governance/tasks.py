"""Celery tasks of governance: they take an id, fetch, delegate, and are safe to run twice."""

from __future__ import annotations

import logging
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, on_failure=None) -> None:
    """Send ``task`` after the commit; a broker that is down must not turn the
    committed write into an error page (TECH-NOTES): log it (ids only) and let
    ``on_failure`` record it so the user can retry."""

    def send():
        from kombu.exceptions import OperationalError

        try:
            task.delay(*args)
        except OperationalError:
            logger.warning("could not enqueue %s%r: broker unavailable", task.name, args)
            if on_failure is not None:
                on_failure()

    transaction.on_commit(send)


@shared_task(name="governance.mail_initiative_shared")
def mail_initiative_shared(initiative_id: int) -> int:
    """Mail the coordinators of the other partnerships that an initiative was shared.

    Only notices not mailed yet are mailed (``mailed_at``-free: the notice row is the
    claim), so a re-delivered task sends nothing twice."""
    from django.db import transaction
    from django.utils import timezone

    from .models import Initiative, InitiativeNotice

    initiative = Initiative.objects.select_related("partnership").filter(pk=initiative_id).first()
    if initiative is None:
        return 0
    with transaction.atomic():
        notices = list(
            InitiativeNotice.objects.select_for_update(skip_locked=True)
            .filter(initiative=initiative, mailed_at__isnull=True)
            .select_related("recipient")
        )
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("governance:shared_initiative", kwargs={"initiative": initiative.code})
            for notice in notices:
                if not notice.recipient.email:
                    continue
                context = {"initiative": initiative, "recipient": notice.recipient, "path": path}
                subject = render_to_string("governance/email/initiative_shared_subject.txt", context).strip()
                body = render_to_string("governance/email/initiative_shared.txt", context)
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email]))
        InitiativeNotice.objects.filter(pk__in=[n.pk for n in notices]).update(mailed_at=timezone.now())
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


@shared_task(name="governance.apply_due_composition_changes")
def apply_due_composition_changes() -> int:
    """Daily: composition changes whose effective date has come update the member list."""
    from .services import composition_apply_due

    return composition_apply_due()


@shared_task(name="governance.render_minutes", queue="pdf")
def render_minutes(meeting_id: int) -> int:
    from .minutes import minutes_render

    return minutes_render(meeting_id=meeting_id)


@shared_task(name="governance.mail_issue_reminders")
def mail_issue_reminders() -> int:
    """Daily: reminder mails about overdue feedback and issues to raise again."""
    from .reminders import issue_reminders_send

    return issue_reminders_send()
