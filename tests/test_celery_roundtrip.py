import pytest

from partnerships.tasks import ping


@pytest.mark.worker
def test_a_task_goes_through_the_broker_to_a_real_worker_and_back(celery_worker_process):
    result = ping.delay("hallo")
    assert result.get(timeout=20) == "hallo"
    assert celery_worker_process.poll() is None  # a separate, living process did it


def test_without_a_broker_tasks_run_in_process(settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("a broker is configured in this run")
    assert ping.delay("eager").get() == "eager"
