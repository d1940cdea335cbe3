"""The subject-access PDF rendered by a real Celery worker (CI with Redis; skipped without a broker)."""

import os
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases import services
from cases.models import SubjectAccessExport
from tests.world import make_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_renders_the_subject_access_pdf(celery_worker_process):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("a worker process cannot share an in-memory SQLite test database")
    world = make_world()
    participant = services.participant_create(partnership=world.partnership_a, by=world.coach_a, first_name="Nadia")
    case = services.case_open(partnership=world.partnership_a, by=world.coach_a, start_date=date(2025, 3, 3),
                              lead_coach=world.coach_a, participants=[participant])
    job = services.subject_access_export_request(case=case, by=world.coach_a)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (SubjectAccessExport.Status.DONE, SubjectAccessExport.Status.FAILED):
            break
        time.sleep(0.5)
    assert job.status == SubjectAccessExport.Status.DONE, job.reason
    # the worker stores under its own MEDIA_ROOT (from the environment, not the test settings)
    path = Path(os.environ.get("MEDIA_ROOT") or Path(settings.BASE_DIR) / "media") / job.file.name
    try:
        assert path.read_bytes()[:5] == b"%PDF-"
    finally:
        path.unlink(missing_ok=True)  # personal data: do not leave it behind
