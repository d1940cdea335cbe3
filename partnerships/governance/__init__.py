"""Partnership governance: board meetings, decisions, escalated issues,
improvement initiatives, composition changes, the collaboration model.

Models live in partnerships/governance/models.py and are imported by
partnerships/models.py (app label ``partnerships``)."""

# Register the Celery tasks in every process that loads the models (the worker's
# autodiscovery only looks at partnerships.tasks).
from . import tasks  # noqa: E402,F401
