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


# --- reporting (budgets, quarterly report jobs, content reports, exports) ---

def _reporting_objects(partnership):
    from reporting import services as reporting_services
    from reporting.models import Budget, QuestionnaireResponse, ReportJob

    budget = Budget.objects.filter(partnership=partnership).first() or reporting_services.budget_create(
        partnership=partnership, year=2025
    )
    job = ReportJob.objects.filter(partnership=partnership).first() or ReportJob.objects.create(
        partnership=partnership, year=2025, quarter=1
    )
    response = QuestionnaireResponse.objects.filter(partnership=partnership).first()
    if response is None:
        template = reporting_services.questionnaire_template_install()[0]
        response = reporting_services.response_start(partnership=partnership, template=template, period="2025", by=None)
    return {"budget": budget.code, "report": job.code, "response": response.code}


for _kw in ("budget", "report", "response"):
    SAMPLES[_kw] = (lambda kw: lambda world: _reporting_objects(world.partnership_b)[kw])(_kw)
    SAMPLES_OWN[_kw] = (lambda kw: lambda world: _reporting_objects(world.partnership_a)[kw])(_kw)


@sample("dataset")
@own_sample("dataset")
def _reporting_dataset(world: World):
    return "deelnemers"


@sample("file_format")
@own_sample("file_format")
def _reporting_file_format(world: World):
    return "csv"


# --- cases (casework) -------------------------------------------------------

def _case_in(world: World, partnership, coach, attr: str):
    """One case per partnership, made through the services and cached on the world."""
    found = getattr(world, attr, None)
    if found is None:
        from datetime import date

        from cases import services as case_services

        participant = case_services.participant_create(
            partnership=partnership, by=coach, first_name="Walker", last_name=f"Deelnemer {attr}",
        )
        found = case_services.case_open(
            partnership=partnership, by=coach, start_date=date(2025, 1, 6), lead_coach=coach,
            participants=[participant], purpose="Een eigen plek vinden",
        )
        case_services.value_demand_add(case=found, by=coach, text="Rust in mijn hoofd")
        case_services.scale_score_record(case=found, by=coach, score=4, interpretation="Eerste gesprekken lopen goed")
        setattr(world, attr, found)
    return found


def _consultation_in(world: World, partnership, coach, attr: str):
    found = getattr(world, attr, None)
    if found is None:
        from datetime import date

        from cases import services as case_services

        found = case_services.consultation_create(partnership=partnership, by=coach, held_on=date(2025, 3, 3))
        setattr(world, attr, found)
    return found


@sample("case")
def _case_b(world: World):
    return _case_in(world, world.partnership_b, world.coach_b, "_case_b").code


@own_sample("case")
def _case_a(world: World):
    return _case_in(world, world.partnership_a, world.coach_a, "_case_a").code


@sample("worker_id")
def _worker_b(world: World):
    return _case_in(world, world.partnership_b, world.coach_b, "_case_b").workers.first().pk


@own_sample("worker_id")
def _worker_a(world: World):
    return _case_in(world, world.partnership_a, world.coach_a, "_case_a").workers.first().pk


@sample("consultation")
def _consultation_b(world: World):
    return _consultation_in(world, world.partnership_b, world.coach_b, "_consultation_b").code


@own_sample("consultation")
def _consultation_a(world: World):
    return _consultation_in(world, world.partnership_a, world.coach_a, "_consultation_a").code
