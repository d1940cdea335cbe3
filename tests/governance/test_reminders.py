"""Reminder mails about escalated issues: overdue feedback to the responsible board member
(or the coordinators), raising again to the one who escalated; once each."""

from datetime import date, timedelta

import pytest
from django.core import mail

from partnerships.governance import reminders, services
from partnerships.governance.models import Issue

pytestmark = pytest.mark.django_db


def raise_issue(world, **overrides):
    return services.issue_raise(partnership=world.partnership_a, by=world.coach_a, title="Privacy bij gedeelde intake",
                                description="Wie mag wat zien?", why_team_cannot_solve="Vraagt een beslissing van de partners.",
                                **overrides)


def test_overdue_feedback_mails_the_responsible_board_member_once_per_date(world):
    issue = raise_issue(world)
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a, feedback_due_on=date(2025, 4, 1))
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2025, 3, 25))  # recently raised
    assert reminders.issue_reminders_send(today=date(2025, 4, 1)) == 0  # due today: not overdue yet
    assert reminders.issue_reminders_send(today=date(2025, 4, 2)) == 1
    assert mail.outbox[-1].to == [world.board_a.email]
    assert "01/04/2025" in mail.outbox[-1].body and "Privacy bij gedeelde intake" in mail.outbox[-1].subject
    assert reminders.issue_reminders_send(today=date(2025, 4, 3)) == 0  # once
    Issue.objects.filter(pk=issue.pk).update(feedback_due_on=date(2025, 4, 10))  # a new date: a new reminder
    assert reminders.issue_reminders_send(today=date(2025, 4, 11)) == 1
    services.issue_give_feedback(issue=Issue.objects.get(pk=issue.pk), by=world.board_a, feedback="Geregeld.")
    Issue.objects.filter(pk=issue.pk).update(feedback_due_on=date(2025, 4, 12))
    assert reminders.issue_reminders_send(today=date(2025, 4, 20)) == 0  # feedback given


def test_an_issue_not_raised_for_30_days_reminds_the_one_who_escalated(world):
    issue = raise_issue(world)
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2025, 3, 1))
    assert reminders.issue_reminders_send(today=date(2025, 3, 30)) == 0  # 29 days
    assert reminders.issue_reminders_send(today=date(2025, 3, 31)) == 1  # 30 days
    assert mail.outbox[-1].to == [world.coach_a.email] and "30 dagen" in mail.outbox[-1].body
    assert reminders.issue_reminders_send(today=date(2025, 4, 5)) == 0
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2025, 4, 1))  # raised again
    assert reminders.issue_reminders_send(today=date(2025, 4, 1) + timedelta(days=30)) == 1


def test_when_the_responsible_board_member_left_the_coordinators_are_mailed(world):
    from partnerships.models import Membership

    issue = raise_issue(world)
    services.issue_assign(issue=issue, by=world.board_a, responsible=world.board_a, feedback_due_on=date(2025, 4, 1))
    Issue.objects.filter(pk=issue.pk).update(last_raised_on=date(2025, 3, 25))
    Membership.objects.filter(partnership=world.partnership_a, user=world.board_a).delete()
    assert reminders.issue_reminders_send(today=date(2025, 4, 2)) == 1
    assert mail.outbox[-1].to == [world.coordinator_a.email]


def test_the_task_runs_the_reminders(world, settings):
    from partnerships.governance.tasks import mail_issue_reminders

    assert mail_issue_reminders.name == "governance.mail_issue_reminders"
    assert mail_issue_reminders.apply().get() == 0
