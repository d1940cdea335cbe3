import time

from django.conf import settings
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch (nl-BE) unless the user chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; many
    Flemish work laptops are set to English, and the users know the Dutch labels."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
