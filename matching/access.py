"""Who may see and do what in the matching: scoped by WORK AREA.

A person holds ``MatchingRole`` rows per work area (coordinator, matchmaker,
appeal matchmaker, observer); people of an ESF-manager organisation observe
every work area read-only. A candidate organisation's people see only their
own candidacies (and their mails and appeals), whatever the work area.

Querysets here implement ``for_user(user, perm)`` so views can use the
foundation's ``get_for_user_or_404`` (404 outside the user's scope); the
permission for an action is checked with ``has_matching_perm`` (403).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q


class MPerm:
    VIEW = "matching.view"  # follow the work area's matching
    MANAGE = "matching.manage"  # addendum, jury, decisions, mails, appeals, reports
    SCORE = "matching.score"  # declare conflicts and score
    SEE_ALL_SCORES = "matching.see_all"  # every score without first scoring (coordinator, observer)
    JUDGE_APPEAL = "matching.judge_appeal"
    OBSERVE = "matching.observe"  # the observer view
    APPLY = "matching.apply"  # a candidate on its own candidacies


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "coordinator": frozenset({MPerm.VIEW, MPerm.MANAGE, MPerm.SEE_ALL_SCORES, MPerm.OBSERVE}),
    "matchmaker": frozenset({MPerm.VIEW, MPerm.SCORE}),
    "appeal_matchmaker": frozenset({MPerm.VIEW, MPerm.JUDGE_APPEAL}),
    "observer": frozenset({MPerm.VIEW, MPerm.SEE_ALL_SCORES, MPerm.OBSERVE}),
}
CANDIDATE_PERMISSIONS = frozenset({MPerm.VIEW, MPerm.APPLY})


def roles_granting(perm: str) -> list[str]:
    return sorted(role for role, perms in ROLE_PERMISSIONS.items() if perm in perms)


def is_esf_observer(user) -> bool:
    """People of an ESF-manager organisation (Europa WSE) observe every work area."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return False
    cached = getattr(user, "_matching_esf", None)
    if cached is None:
        Organisation = apps.get_model("partnerships", "Organisation")
        cached = Organisation.objects.filter(pk=user.organisation_id, kind=Organisation.Kind.ESF_MANAGER).exists()
        user._matching_esf = cached
    return cached


def matching_roles(user) -> dict[int, frozenset[tuple[str, str]]]:
    """{work_area_id: {(role, group)}}: one query, cached on the user object."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_matching_roles", None)
    if cached is None:
        found: dict[int, set] = {}
        MatchingRole = apps.get_model("matching", "MatchingRole")
        for area_id, role, group in MatchingRole.objects.filter(user=user).values_list("work_area_id", "role", "group"):
            found.setdefault(area_id, set()).add((role, group))
        cached = {area: frozenset(rows) for area, rows in found.items()}
        user._matching_roles = cached
    return cached


def forget_matching_roles(user) -> None:
    for attr in ("_matching_roles", "_matching_esf"):
        if hasattr(user, attr):
            delattr(user, attr)


def matching_perms(user, work_area) -> frozenset[str]:
    area_id = getattr(work_area, "pk", work_area)
    granted: set[str] = set()
    for role, _group in matching_roles(user).get(area_id, ()):
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    if is_esf_observer(user):
        granted |= ROLE_PERMISSIONS["observer"]
    return frozenset(granted)


def has_matching_perm(user, work_area, perm: str) -> bool:
    return perm in matching_perms(user, work_area)


def require_matching_perm(user, work_area, perm: str) -> None:
    if not has_matching_perm(user, work_area, perm):
        raise PermissionDenied


def matchmaker_group(user, work_area) -> str | None:
    area_id = getattr(work_area, "pk", work_area)
    for role, group in matching_roles(user).get(area_id, ()):
        if role == "matchmaker":
            return group
    return None


def is_candidate_of(user, candidacy) -> bool:
    return bool(user is not None and user.is_authenticated and user.organisation_id
                and user.organisation_id == candidacy.organisation_id)


def area_ids_subquery(user, perm: str = MPerm.VIEW):
    MatchingRole = apps.get_model("matching", "MatchingRole")
    if user is None or not user.is_authenticated:
        return MatchingRole.objects.none().values("work_area_id")
    return MatchingRole.objects.filter(user=user, role__in=roles_granting(perm)).values("work_area_id")


def area_q(user, perm: str, path: str) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    if perm in ROLE_PERMISSIONS["observer"] and is_esf_observer(user):
        # Not Q(): an empty Q vanishes when OR-ed with the candidate condition (Q() | q == q).
        return Q(pk__isnull=False)
    return Q(**{f"{path}__in": area_ids_subquery(user, perm)})


class _AreaScoped(models.QuerySet):
    area_path = "work_area"

    def for_user(self, user, perm: str = MPerm.VIEW):
        return self.filter(area_q(user, perm, self.area_path))


class MatchingAreaQuerySet(_AreaScoped):
    area_path = "pk"


class WorkAreaChildQuerySet(_AreaScoped):
    area_path = "work_area"


class EmergencyQuerySet(_AreaScoped):
    """The work area's staff, and the two representatives who must sign it."""

    area_path = "work_area"

    def for_user(self, user, perm: str = MPerm.VIEW):
        condition = area_q(user, perm, self.area_path)
        if user is not None and user.is_authenticated and perm == MPerm.VIEW:
            condition |= Q(vdab_representative=user) | Q(local_government_representative=user)
        return self.filter(condition)


class CandidacyQuerySet(models.QuerySet):
    """Staff of the work area, or the candidate organisation's own people."""

    candidacy_path = ""

    def for_user(self, user, perm: str = MPerm.VIEW):
        prefix = self.candidacy_path
        condition = area_q(user, perm, f"{prefix}work_area")
        if user is not None and user.is_authenticated and user.organisation_id and perm in CANDIDATE_PERMISSIONS:
            condition |= Q(**{f"{prefix}organisation_id": user.organisation_id})
        return self.filter(condition)


class CandidacyChildQuerySet(CandidacyQuerySet):
    candidacy_path = "candidacy__"


class AppealQuerySet(CandidacyQuerySet):
    candidacy_path = "candidacy__"


class JuryChildQuerySet(_AreaScoped):
    """Jury-internal records (declarations, scores, decisions): never the candidate's."""

    area_path = "candidacy__work_area"
