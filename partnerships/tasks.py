from celery import shared_task


@shared_task(name="partnerships.ping", acks_late=False)
def ping(value: str = "pong") -> str:
    """Liveness check of the worker and broker (round trip through the result backend):
    ``celery -A config call partnerships.ping`` or ``ping.delay().get(timeout=10)``."""
    return value
