"""The shared test world: partnership A (Turnhout) with one person per role,
partnership B with its own coach and coordinator, and an outsider.

Everything is built through the services, as users would. Other apps extend it
with their own objects (see tests/scoping.py for the walker's samples)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerships import services
from partnerships.models import Organisation, Partnership, Role, User, WorkArea

PASSWORD = "test-wachtwoord-123"
# A string that only partnership B's objects contain: the walker checks it
# never appears on a page rendered for partnership A's people.
B_SECRET = "GeheimMechelenB"


@dataclass
class World:
    partnership_a: Partnership
    partnership_b: Partnership
    coach_a: User
    coach2_a: User
    expert_a: User
    team_coach_a: User
    coordinator_a: User
    board_a: User
    quality_a: User
    coach_b: User
    coordinator_b: User
    outsider: User
    org_a: Organisation
    org_a2: Organisation
    org_b: Organisation


def make_user(username: str, organisation: Organisation | None, first_name: str = "", last_name: str = "") -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, organisation=organisation,
        first_name=first_name or username.capitalize(), last_name=last_name or "Test",
        email=f"{username}@example.test",
    )
    return user


def make_world() -> World:
    vdab = services.organisation_get_or_create(name="VDAB", kind=Organisation.Kind.VDAB)
    pen_a = services.organisation_get_or_create(name="Regio in Transitie", kind=Organisation.Kind.LOCAL_GOVERNMENT)
    org_a = services.organisation_get_or_create(name="Emino", kind=Organisation.Kind.PARTNER)
    org_a2 = services.organisation_get_or_create(name="CGG Kempen", kind=Organisation.Kind.PARTNER)
    org_b = services.organisation_get_or_create(name=f"Stad Mechelen {B_SECRET}", kind=Organisation.Kind.LOCAL_GOVERNMENT)
    area_a = WorkArea.objects.create(name="Stadsregio Turnhout", municipalities="Turnhout\nBeerse")
    area_b = WorkArea.objects.create(name=f"Regio Mechelen {B_SECRET}", municipalities="Mechelen")
    a = services.partnership_create(
        name="Partnerschap Turnhout", work_area=area_a, pen_holder=pen_a,
        start_date=date(2024, 7, 1), end_date=date(2029, 12, 31),
    )
    b = services.partnership_create(
        name=f"Partnerschap {B_SECRET}", work_area=area_b, pen_holder=org_b,
        start_date=date(2024, 9, 1), end_date=date(2029, 12, 31), shared_purpose=B_SECRET,
    )
    for org in (org_a, org_a2, vdab):
        services.partner_organisation_add(partnership=a, organisation=org)

    def person(username, org, partnership, role):
        user = make_user(username, org)
        services.membership_grant(partnership=partnership, user=user, role=role)
        return user

    return World(
        partnership_a=a,
        partnership_b=b,
        coach_a=person("coach_a", org_a, a, Role.COACH),
        coach2_a=person("coach2_a", org_a2, a, Role.COACH),
        expert_a=person("expert_a", org_a2, a, Role.EXPERT),
        team_coach_a=person("teamcoach_a", pen_a, a, Role.TEAM_COACH),
        coordinator_a=person("coordinator_a", pen_a, a, Role.COORDINATOR),
        board_a=person("board_a", vdab, a, Role.BOARD_MEMBER),
        quality_a=person("quality_a", None, a, Role.QUALITY_COACH),
        coach_b=person(f"coach_{B_SECRET.lower()}", org_b, b, Role.COACH),
        coordinator_b=person("coordinator_b", org_b, b, Role.COORDINATOR),
        outsider=make_user("outsider", None),
        org_a=org_a,
        org_a2=org_a2,
        org_b=org_b,
    )
