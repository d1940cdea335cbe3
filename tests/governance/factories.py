"""Governance objects built through the services, as users would."""

from __future__ import annotations

from datetime import date

from partnerships.governance import rules, services
from partnerships.governance.models import Meeting
from partnerships.models import Role
from partnerships import services as partnership_services


def board_meeting(world, partnership=None, held_on=date(2025, 3, 10), **fields):
    partnership = partnership or world.partnership_a
    by = world.coordinator_a if partnership == world.partnership_a else world.coordinator_b
    return services.meeting_create(partnership=partnership, by=by, kind=Meeting.Kind.BOARD, held_on=held_on, **fields)


def team_meeting(world, held_on=date(2025, 3, 3)):
    return services.meeting_create(partnership=world.partnership_a, by=world.team_coach_a,
                                   kind=Meeting.Kind.FIELD_TEAM, held_on=held_on)


def adopted_consent(world, meeting, by, title="Voorstel"):
    decision = services.decision_create(meeting=meeting, by=by, title=title, proposal="We doen het.",
                                        method=rules.Method.CONSENT)
    return services.decision_conclude(decision=decision, by=by)


def initiative(world, partnership=None, by=None, title="Eén intakegesprek"):
    partnership = partnership or world.partnership_a
    by = by or world.coach_a
    return services.initiative_propose(
        partnership=partnership, by=by, title=title,
        waste_or_failure_demand="Deelnemers vertellen hun verhaal drie keer.",
        cause="Elke partner doet een eigen intake.", rationale="Eén gedeelde intake spaart tijd en vertrouwen.",
        evaluation_method="Aantal herhaalde intakes per deelnemer voor en na.",
    )


def board_member_b(world):
    """Partnership B gets a board member (the world has none) to decide B's things."""
    from tests.world import make_user

    user = make_user("board_b", world.org_b)
    partnership_services.membership_grant(partnership=world.partnership_b, user=user, role=Role.BOARD_MEMBER)
    return user


def team_coach_b(world):
    from tests.world import make_user

    user = make_user("teamcoach_b", world.org_b)
    partnership_services.membership_grant(partnership=world.partnership_b, user=user, role=Role.TEAM_COACH)
    return user
