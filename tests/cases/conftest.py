from datetime import date

import pytest

from cases import services


def open_case(world, *, coach=None, partnership=None, first_name="Fatima", last_name="El Amrani", **kwargs):
    coach = coach or world.coach_a
    partnership = partnership or world.partnership_a
    participant = services.participant_create(
        partnership=partnership, by=coach, first_name=first_name, last_name=last_name,
        date_of_birth=date(1990, 4, 17), phone="0470 12 34 56", email="fatima@example.test",
        national_number="90.04.17-123.45",
    )
    return services.case_open(partnership=partnership, by=coach, start_date=kwargs.pop("start_date", date(2025, 1, 6)),
                              lead_coach=coach, participants=[participant], **kwargs)


@pytest.fixture
def case_a(world):
    return open_case(world, purpose="Terug rust vinden en werk zoeken dat bij me past")
