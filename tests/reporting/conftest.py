import os

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """REPORTING_FILE_TEST_DB=path: a file SQLite test database a worker process can share (local runs)."""
    path = os.environ.get("REPORTING_FILE_TEST_DB")
    if path:
        from django.db import connections

        connections["default"].settings_dict["TEST"]["NAME"] = path


@pytest.fixture
def eager_tasks():
    """Run tasks in-process even when a broker is configured (CI leg 2): for tests of the pipeline's
    logic; the real worker is exercised in test_worker.py."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
