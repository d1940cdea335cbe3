"""Through a real broker and worker (CI): the final report and a decision mail."""

import time

import pytest

from matching import services
from matching.models import DecisionMail, FinalReport
from tests.world import make_world

from .helpers import decide, make_matching_world, submitted_candidacy

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(fetch, done, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        obj = fetch()
        if done(obj):
            return obj
        time.sleep(0.5)
    return fetch()


def test_the_worker_renders_the_final_report_and_sends_a_decision_mail(celery_worker_process, settings):
    world = make_world()
    mw = make_matching_world(world.partnership_a.work_area)
    decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 2)
    report = services.final_report_request(work_area=mw.area, by=mw.coordinator)
    mail = services.mails_prepare(work_area=mw.area, by=mw.coordinator)[0]
    services.mail_send(mail=mail, by=mw.coordinator)
    report = wait_for(lambda: FinalReport.objects.get(pk=report.pk), lambda r: r.status in ("done", "failed"))
    assert report.status == FinalReport.Status.DONE
    mail = wait_for(lambda: DecisionMail.objects.get(pk=mail.pk), lambda m: m.status in ("sent", "failed"))
    assert mail.status == DecisionMail.Status.SENT and mail.sent_at is not None
