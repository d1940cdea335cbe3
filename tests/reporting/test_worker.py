"""The quarterly report through a real broker and real Celery workers.

Marked ``worker``: they run when CELERY_BROKER_URL is set (CI leg 2: PostgreSQL + Redis) and skip
otherwise. The worker process must share the test database, so an in-memory SQLite test database
skips them too; locally, ``REPORTING_FILE_TEST_DB=/tmp/t.sqlite3 DATABASE_URL=sqlite:////tmp/t.sqlite3
CELERY_BROKER_URL=redis://127.0.0.1:6379/9 MEDIA_ROOT=/tmp/media`` runs them on a shared SQLite file
(see tests/reporting/conftest.py)."""

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from reporting import services
from reporting.models import ReportJob

from ..world import make_world
from .data import PARTICIPANT_NAME, QUARTER, build_quarter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def worker_media_root() -> Path:
    """Where a worker process (started from the environment, not the test settings) stores files."""
    return Path(os.environ.get("MEDIA_ROOT") or ROOT / "media")


def require_shared_database():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("no broker configured (CELERY_BROKER_URL): tasks run eagerly")
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("a worker process cannot share an in-memory SQLite test database")


def wait_for(job_id, statuses=("done", "failed"), timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still {ReportJob.objects.get(pk=job_id).status} after {timeout}s")


def pdf_text(job) -> str:
    data = (worker_media_root() / job.file.name).read_bytes()
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\xa0", " ")


def test_the_report_task_runs_for_real_on_a_worker_and_the_pdf_has_the_figures(celery_worker_process):
    require_shared_database()
    world = make_world()
    build_quarter(world)
    job = services.report_request(partnership=world.partnership_a, quarter=QUARTER, by=world.coordinator_a)
    assert not getattr(job, "broker_down", False)
    job = wait_for(job.pk)
    assert job.status == "done", job.reason
    text = pdf_text(job)
    assert "ESF-kwartaalrapport Q3 2026" in text
    assert "(50,00 %; doel 20,00 %)" in text and "Nieuwe casussen 2" in text
    assert "71.127,02" in text and "42,43 %" in text
    assert PARTICIPANT_NAME.split()[1] not in text
    assert celery_worker_process.poll() is None


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_task_does_not_lose_the_report(celery_worker_process):
    """acks_late + reject_on_worker_lost: the killed child's message goes back to the broker, the job
    (left 'running') is claimed again and finished; the status page shows the second attempt."""
    require_shared_database()
    world = make_world()
    job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=3,
                                   requested_by=world.coordinator_a)
    env = dict(os.environ, REPORTING_TEST_FIRST_ATTEMPT_DELAY="6")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    elif connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    queue = f"pdf-killtest-{os.getpid()}"  # the session's worker must not take this task
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = open(Path(tempfile.gettempdir()) / "pytest-celery-killtest.log", "w")
    worker = subprocess.Popen(
        [celery, "-A", "config", "worker", "--pool=prefork", "--concurrency=1", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        from reporting.tasks import render_quarterly_report

        render_quarterly_report.apply_async(args=[job.pk], queue=queue)
        running = wait_for(job.pk, statuses=("running",), timeout=60)
        assert running.attempts == 1
        children = _children(worker.pid)
        assert children, "the prefork worker has no child process"
        for child in children:
            os.kill(child, signal.SIGKILL)  # the worker dies mid-task
        done = wait_for(job.pk, timeout=90)
        assert done.status == "done", done.reason
        assert done.attempts == 2
        assert "ESF-kwartaalrapport Q3 2026" in pdf_text(done)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
