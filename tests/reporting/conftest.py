import os

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """REPORTING_FILE_TEST_DB=path: a file SQLite test database a worker process can share (local runs)."""
    path = os.environ.get("REPORTING_FILE_TEST_DB")
    if path:
        from django.db import connections

        connections["default"].settings_dict["TEST"]["NAME"] = path
