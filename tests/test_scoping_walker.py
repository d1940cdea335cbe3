"""Every URL of the app, visited by partnership A's people with partnership B's
objects in the URL: 404 (or a login redirect), never B's data.

New views are covered automatically: the walker fails on a URL keyword it has
no sample for (add one in tests/scoping.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .scoping import SAMPLES, SKIPPED_PREFIXES, SKIPPED_URL_NAMES
from .world import B_SECRET


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            # "format" (the API's .json suffix) identifies no object.
            kwargs = sorted(k for k in entry.pattern.regex.groupindex if k != "format")
            yield f"{namespace}{entry.name}", route, kwargs


def visitable():
    seen = set()
    for name, route, kwargs in walk():
        key = (name, tuple(kwargs))
        if "(?P<format>" in route:
            continue  # the same view as the route without the suffix
        if key in seen or name.split(":")[-1] in SKIPPED_URL_NAMES or route.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(key)
        yield name, route, kwargs


def fetch(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.mark.django_db
def test_every_url_with_partnership_b_objects_is_404_for_partnership_a(client, world):
    missing = sorted({kw for _, _, kwargs in visitable() for kw in kwargs if kw not in SAMPLES})
    assert not missing, f"add samples for these URL keywords to tests/scoping.py: {missing}"
    checked = 0
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, route, kwargs in visitable():
            if not kwargs:
                continue
            values = {kw: SAMPLES[kw](world) for kw in kwargs}
            url = reverse(name, kwargs=values)
            response = fetch(client, url)
            assert response.status_code == 404, f"{user.username} {url} ({name}) -> {response.status_code}"
            checked += 1
    assert checked > 0


@pytest.mark.django_db
def test_pages_without_object_in_url_never_show_partnership_b(client, world):
    for user in (world.coach_a, world.coordinator_a, world.board_a, world.outsider):
        client.force_login(user)
        for name, route, kwargs in visitable():
            if kwargs:
                continue
            response = fetch(client, reverse(name))
            assert response.status_code < 500, f"{name} -> {response.status_code}"
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert B_SECRET.encode() not in body, f"{user.username} sees partnership B on {name}"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_or_refused(client, world):
    public = {"home", "login", "password_reset", "password_reset_done", "password_reset_complete",
              "health", "api-schema", "api-root", "logged_out"}
    for name, route, kwargs in visitable():
        values = {kw: SAMPLES[kw](world) for kw in kwargs}
        url = reverse(name, kwargs=values)
        response = fetch(client, url)
        if name in public or getattr(response, "public_page", False):
            assert response.status_code < 500
            continue
        assert response.status_code in (302, 401, 403, 404), f"{url} ({name}) -> {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), f"{url} redirects elsewhere"
