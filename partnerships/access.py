"""Who may see and do what: the one place partnership scoping is decided.

Every list, detail, form, export and API endpoint goes through this module:

* ``Model.objects.for_user(user, perm)`` narrows a queryset to the partnerships
  in which the user holds a role that grants ``perm`` (default: any role);
* ``get_for_user_or_404(queryset, user, perm=...)`` fetches one object: **404**
  when it does not exist *or* lies outside the user's partnerships (no leak of
  existence), **403** when it is visible but the user's role does not allow the
  action;
* ``has_perm(user, partnership, perm)`` answers the question for templates and
  services, from one cached query per request.

A model opts in with ``objects = PartnershipScopedQuerySet.as_manager()`` and,
when the partnership is not its ``partnership`` field, a class attribute
``partnership_path`` (e.g. ``"case__partnership"``). Scopes that are not
partnerships (a jury of a work area, a candidate organisation) implement their
own ``for_user(user, perm)`` on their queryset and reuse ``get_for_user_or_404``.

Superusers get no silent access to case data here: they use the admin.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


class Perm:
    """Actions, granted to roles below. Names read as '<area>.<verb>'."""

    VIEW = "partnership.view"  # see the partnership and its shared records
    EDIT_PARTNERSHIP = "partnership.edit"  # profile, members, roles
    VIEW_AUDIT = "audit.view"  # read the partnership's audit trail
    # Casework (participants are vulnerable: only the people working on cases)
    VIEW_CASES = "cases.view"
    EDIT_CASES = "cases.edit"
    LEAD_CASES = "cases.lead"  # may be lead coach of a case (never an expert)
    # Governance
    GOVERNANCE_PREPARE = "governance.prepare"  # agenda, minutes, initiatives' paperwork
    GOVERNANCE_DECIDE = "governance.decide"  # board decisions
    GOVERNANCE_RAISE = "governance.raise"  # field team: raise issues, propose initiatives, consent
    # Reporting
    REPORTING_MANAGE = "reporting.manage"  # budgets, ESF reports, questionnaires, exports
    REPORTING_VIEW = "reporting.view"


_FIELD_TEAM = {Perm.VIEW, Perm.VIEW_CASES, Perm.EDIT_CASES, Perm.GOVERNANCE_RAISE}

# Role -> permissions. Keys are Role values (models.Role); strings here keep
# this module free of model imports.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "coach": frozenset(_FIELD_TEAM | {Perm.LEAD_CASES}),
    "expert": frozenset(_FIELD_TEAM),
    "team_coach": frozenset(_FIELD_TEAM | {Perm.REPORTING_VIEW}),
    "coordinator": frozenset(
        {
            Perm.VIEW,
            Perm.EDIT_PARTNERSHIP,
            Perm.VIEW_AUDIT,
            Perm.GOVERNANCE_PREPARE,
            Perm.REPORTING_MANAGE,
            Perm.REPORTING_VIEW,
        }
    ),
    "board_member": frozenset({Perm.VIEW, Perm.GOVERNANCE_DECIDE, Perm.REPORTING_VIEW}),
    "quality_coach": frozenset({Perm.VIEW, Perm.REPORTING_VIEW}),
}


def roles_granting(perm: str) -> list[str]:
    return sorted(role for role, perms in ROLE_PERMISSIONS.items() if perm in perms)


def _membership_model():
    return apps.get_model("partnerships", "Membership")


def roles_by_partnership(user) -> dict[int, frozenset[str]]:
    """{partnership_id: roles} for the user: one query, cached on the user object
    (request.user lives for one request)."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_partnership", None)
    if cached is None:
        found: dict[int, set[str]] = {}
        for partnership_id, role in _membership_model().objects.filter(user=user).values_list(
            "partnership_id", "role"
        ):
            found.setdefault(partnership_id, set()).add(role)
        cached = {pid: frozenset(roles) for pid, roles in found.items()}
        user._roles_by_partnership = cached
    return cached


def forget_roles(user) -> None:
    """Drop the per-request cache after changing the user's memberships."""
    if hasattr(user, "_roles_by_partnership"):
        del user._roles_by_partnership


def perms_in(user, partnership) -> frozenset[str]:
    partnership_id = getattr(partnership, "pk", partnership)
    roles = roles_by_partnership(user).get(partnership_id, frozenset())
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def has_perm(user, partnership, perm: str = Perm.VIEW) -> bool:
    return perm in perms_in(user, partnership)


def require_perm(user, partnership, perm: str) -> None:
    if not has_perm(user, partnership, perm):
        raise PermissionDenied


def partnership_ids_subquery(user, perm: str = Perm.VIEW):
    """A subquery of the partnership ids where ``user`` holds ``perm``.

    A subquery rather than a list keeps every scoped page at a constant query
    count and never goes stale."""
    Membership = _membership_model()
    if user is None or not user.is_authenticated:
        return Membership.objects.none().values("partnership_id")
    return Membership.objects.filter(user=user, role__in=roles_granting(perm)).values(
        "partnership_id"
    )


def partnership_id_of(obj) -> int | None:
    """The partnership an object belongs to, following ``partnership_path``."""
    path = getattr(type(obj), "partnership_path", "partnership")
    if path == "pk":
        return obj.pk
    *through, last = path.split("__")
    for step in through:
        obj = getattr(obj, step)
    return getattr(obj, f"{last}_id")


class PartnershipScopedQuerySet(models.QuerySet):
    def for_user(self, user, perm: str = Perm.VIEW):
        path = getattr(self.model, "partnership_path", "partnership")
        return self.filter(**{f"{path}__in": partnership_ids_subquery(user, perm)})


def get_for_user_or_404(queryset, user, *, perm: str | None = None, **lookup):
    """One object the user may see, else 404; and 403 if ``perm`` is not theirs.

    ``queryset`` may be a model or a queryset whose ``for_user`` scopes it."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(queryset.for_user(user), **lookup)
    if perm is not None and perm != Perm.VIEW:
        partnership_id = partnership_id_of(obj)
        if partnership_id is None or not has_perm(user, partnership_id, perm):
            raise PermissionDenied
    return obj
