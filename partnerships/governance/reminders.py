"""Reminder mails about escalated issues (daily, task ``governance.mail_issue_reminders``).

* Feedback overdue (rules.feedback_overdue): the responsible board member is mailed, or the
  partnership's coordinators while nobody is responsible; once per feedback date.
* Not raised again for RAISE_AGAIN_AFTER_DAYS (rules.raise_again_due): the one who escalated
  is mailed; once per raising.

The home panel shows the same issues in-app. Rows are claimed with skip_locked and the
mails go out inside the transaction: a run that fails to send claims nothing, a second
run at the same time skips the claimed rows."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Membership, Role
from . import rules
from .models import Issue
from .selectors import overdue_feedback_q


def _mail(template: str, recipient, issue: Issue, **extra):
    context = {"issue": issue, "recipient": recipient,
               "path": reverse("governance:issue", kwargs={"issue": issue.code}), **extra}
    subject = render_to_string(f"governance/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"governance/email/{template}.txt", context)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email]


@transaction.atomic
def issue_reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    open_issues = Issue.objects.exclude(status=rules.IssueStatus.CLOSED).select_related(
        "partnership", "responsible", "raised_by")
    overdue = list(
        open_issues.select_for_update(skip_locked=True, of=("self",)).filter(overdue_feedback_q(today))
        .filter(Q(feedback_reminded_for__isnull=True) | ~Q(feedback_reminded_for=F("feedback_due_on")))
    )
    stale = list(
        open_issues.select_for_update(skip_locked=True, of=("self",))
        .filter(last_raised_on__lte=today - timedelta(days=rules.RAISE_AGAIN_AFTER_DAYS))
        .filter(Q(raise_again_reminded_for__isnull=True) | ~Q(raise_again_reminded_for=F("last_raised_on")))
    )
    # Only people who still hold a role there are mailed (a partner may have left since).
    roles = Membership.objects.filter(partnership_id__in={issue.partnership_id for issue in overdue + stale})
    holders = set(roles.values_list("partnership_id", "user_id"))
    board = set(roles.filter(role=Role.BOARD_MEMBER).values_list("partnership_id", "user_id"))
    coordinators: dict[int, list] = {}
    for membership in roles.filter(role=Role.COORDINATOR).select_related("user"):
        coordinators.setdefault(membership.partnership_id, []).append(membership.user)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for issue in overdue:
            if (issue.partnership_id, issue.responsible_id) in board:
                recipients = [issue.responsible]
            else:  # nobody (left) in charge: the coordinators follow it up
                recipients = coordinators.get(issue.partnership_id, [])
            for recipient in recipients:
                if recipient.email and recipient.is_active:
                    messages.append(_mail("issue_feedback_overdue", recipient, issue))
        for issue in stale:
            if (issue.partnership_id, issue.raised_by_id) in holders and issue.raised_by.email and issue.raised_by.is_active:
                messages.append(_mail("issue_raise_again", issue.raised_by, issue,
                                      days=(today - issue.last_raised_on).days))
    for issue in overdue:
        Issue.objects.filter(pk=issue.pk).update(feedback_reminded_for=issue.feedback_due_on)
    for issue in stale:
        Issue.objects.filter(pk=issue.pk).update(raise_again_reminded_for=issue.last_raised_on)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
