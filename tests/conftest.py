import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .world import World, make_world

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    from django.conf import settings

    # Fast password hashing in tests; the real hashers are Django's defaults.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request of an earlier test
    (English cookie) leaves its language active on the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_in_process_unless_worker_test(request):
    """Tasks run in-process in every test, except those marked ``worker``.

    With a broker configured (CI's second leg) a ``.delay()`` would otherwise go
    to Redis with nobody listening; the ``worker`` tests exercise the real
    broker and a real worker process instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Uploads and generated files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    return make_world()


def login(client, user):
    client.force_login(user)
    return client


# --- A real Celery worker (only when a broker is configured) --------------

def broker_configured() -> bool:
    from django.conf import settings

    return not settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process against the test database and broker.

    Skipped without a broker (the embedded default runs tasks eagerly), unless
    REQUIRE_SERVICES=1 says the run must exercise the real services (CI)."""
    if not broker_configured():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but no CELERY_BROKER_URL is set")
        pytest.skip("no broker configured (CELERY_BROKER_URL): tasks run eagerly")
    from django.db import connection

    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = open(ROOT / ".pytest-celery-worker.log", "w")
    process = subprocess.Popen(
        [celery, "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", "celery,pdf",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    from partnerships.tasks import ping

    deadline = time.monotonic() + 30
    while True:
        try:
            if ping.apply_async(kwargs={"value": "ready"}).get(timeout=5) == "ready":
                break
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                log.close()
                pytest.fail("the Celery worker did not start; see .pytest-celery-worker.log")
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


# --- Browser tests (Playwright for Python with Debian's Chromium) ---------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("browser tests need Debian's Chromium: apt-get install chromium (never a downloaded browser)")
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture
def browser_login(page, live_server):
    """Sign in through the real login form; returns the page on the home page."""

    def sign_in(user, password=None):
        from .world import PASSWORD

        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(password or PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in
