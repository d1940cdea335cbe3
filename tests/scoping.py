"""Samples for the scoping walker (tests/test_scoping_walker.py).

The walker visits every URL pattern as partnership A's people, filling each
URL keyword argument with an object **of partnership B**; every such page must
answer 404 (or a redirect to the login page). URL keyword arguments are named
after what they identify (``partnership``, ``case``, ``membership_id``, …).

When you add a view with a new keyword argument, add a sample here: a function
that receives the World and returns the value for partnership B's object. The
walker fails on any keyword argument it has no sample for, so no view escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .world import World

SAMPLES: dict[str, Callable[[World], Any]] = {}


def sample(*kwarg_names: str):
    def register(func):
        for name in kwarg_names:
            SAMPLES[name] = func
        return func

    return register


@sample("partnership")
def _partnership(world: World):
    return world.partnership_b.code


@sample("membership_id")
def _membership(world: World):
    return world.partnership_b.memberships.first().pk


@sample("format")
def _format(world: World):
    return "json"


# URL names the walker does not visit, with the reason.
SKIPPED_URL_NAMES = {
    "password_reset_confirm": "a token link; it identifies no partnership object",
    "set_language": "POST-only language switch, no data",
    "logout": "ends the walker's own session",
    "api-docs": "static Swagger page; its schema is walked as api-schema",
}
SKIPPED_PREFIXES = ("admin/",)  # the Django admin is for superusers only


# The same keywords filled with partnership A's *own* objects, for tests that
# render every page for its rightful users (tests/test_templates_i18n.py).
SAMPLES_OWN: dict[str, Callable[[World], Any]] = {}


def own_sample(*kwarg_names: str):
    def register(func):
        for name in kwarg_names:
            SAMPLES_OWN[name] = func
        return func

    return register
