"""Reads for partnerships, ready to render (related rows loaded once)."""

from __future__ import annotations

from .models import Membership, PartnerOrganisation, Partnership


def partnerships_for_user(user):
    return Partnership.objects.for_user(user).select_related("work_area", "pen_holder")


def partnership_detail(user, partnership: Partnership) -> dict:
    memberships = (
        Membership.objects.filter(partnership=partnership)
        .select_related("user", "user__organisation")
        .order_by("user__last_name", "user__first_name", "role")
    )
    people: dict[int, dict] = {}
    for membership in memberships:
        entry = people.setdefault(
            membership.user_id, {"user": membership.user, "roles": [], "memberships": []}
        )
        entry["roles"].append(membership.get_role_display())
        entry["memberships"].append(membership)
    organisations = PartnerOrganisation.objects.filter(partnership=partnership).select_related(
        "organisation"
    )
    return {"people": list(people.values()), "organisations": list(organisations)}


def memberships_of_user(user):
    return (
        Membership.objects.filter(user=user)
        .select_related("partnership")
        .order_by("partnership__name", "role")
    )

