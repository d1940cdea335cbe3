"""Every periodic job in the beat schedule names a registered task."""

from django.conf import settings

from config.celery import app


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    registered = set(app.tasks)
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in registered, f"{name}: {entry['task']} is not a registered task"
