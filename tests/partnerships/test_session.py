import time

import pytest
from django.urls import reverse

from partnerships.middleware import SESSION_STARTED_KEY


@pytest.mark.django_db
def test_a_session_ends_after_its_absolute_lifetime_however_active(client, world, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    client.force_login(world.coach_a)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    assert session[SESSION_STARTED_KEY] <= time.time()
    session[SESSION_STARTED_KEY] = int(time.time()) - 3601
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_session_within_its_lifetime_stays(client, world, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    client.force_login(world.coach_a)
    client.get(reverse("home"))
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 3500
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_sessions_expire_after_30_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
