import time

from django.conf import settings
from django.contrib.auth import logout

SESSION_STARTED_KEY = "session_started_at"


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session after SESSION_ABSOLUTE_LIFETIME seconds, however active.

    The idle timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        started = session.get(SESSION_STARTED_KEY)
        now = int(time.time())
        if started is None:
            if session.session_key or session.modified:
                session[SESSION_STARTED_KEY] = now
        elif now - started > settings.SESSION_ABSOLUTE_LIFETIME:
            logout(request)
        return self.get_response(request)
