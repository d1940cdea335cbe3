import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from partnerships import services
from partnerships.access import Perm, get_for_user_or_404, has_perm
from partnerships.models import Membership, Partnership, Role


@pytest.mark.django_db
def test_people_see_only_their_own_partnerships(world):
    assert list(Partnership.objects.for_user(world.coach_a)) == [world.partnership_a]
    assert list(Partnership.objects.for_user(world.coach_b)) == [world.partnership_b]
    assert not Partnership.objects.for_user(world.outsider).exists()
    assert set(Membership.objects.for_user(world.coach_a).values_list("partnership", flat=True)) == {
        world.partnership_a.pk
    }


@pytest.mark.django_db
def test_another_partnerships_object_is_404_and_a_missing_permission_403(world):
    with pytest.raises(Http404):
        get_for_user_or_404(Partnership, world.coach_a, code=world.partnership_b.code)
    with pytest.raises(PermissionDenied):
        get_for_user_or_404(Partnership, world.coach_a, perm=Perm.EDIT_PARTNERSHIP, code=world.partnership_a.code)
    found = get_for_user_or_404(Partnership, world.coordinator_a, perm=Perm.EDIT_PARTNERSHIP,
                                code=world.partnership_a.code)
    assert found == world.partnership_a


@pytest.mark.django_db
@pytest.mark.parametrize(
    "person, perm, expected",
    [
        ("coach_a", Perm.EDIT_CASES, True),
        ("coach_a", Perm.LEAD_CASES, True),
        ("expert_a", Perm.LEAD_CASES, False),
        ("coordinator_a", Perm.VIEW_CASES, False),
        ("coordinator_a", Perm.REPORTING_MANAGE, True),
        ("board_a", Perm.GOVERNANCE_DECIDE, True),
        ("coach_a", Perm.GOVERNANCE_DECIDE, False),
        ("coach_a", Perm.GOVERNANCE_RAISE, True),
        ("quality_a", Perm.EDIT_CASES, False),
        ("coach_b", Perm.VIEW, False),
    ],
)
def test_roles_grant_what_they_should_in_partnership_a(world, person, perm, expected):
    assert has_perm(getattr(world, person), world.partnership_a, perm) is expected


@pytest.mark.django_db
def test_several_roles_add_up(world):
    services.membership_grant(partnership=world.partnership_a, user=world.coach_a, role=Role.BOARD_MEMBER)
    assert has_perm(world.coach_a, world.partnership_a, Perm.GOVERNANCE_DECIDE)
    assert has_perm(world.coach_a, world.partnership_a, Perm.EDIT_CASES)


@pytest.mark.django_db
def test_a_role_cannot_be_granted_twice_or_by_a_coach(world):
    with pytest.raises(ValidationError):
        services.membership_grant(partnership=world.partnership_a, user=world.coach_a, role=Role.COACH)
    with pytest.raises(PermissionDenied):
        services.membership_grant(partnership=world.partnership_a, user=world.coach2_a, role=Role.BOARD_MEMBER,
                                  by=world.coach_a)


@pytest.mark.django_db
def test_the_last_coordinator_cannot_revoke_their_own_role(world):
    membership = Membership.objects.get(user=world.coordinator_a, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.membership_revoke(membership=membership, by=world.coordinator_a)


@pytest.mark.django_db
def test_a_partnership_runs_at_most_six_years_within_2024_2029(world):
    from datetime import date

    with pytest.raises(ValidationError) as error:
        services.partnership_update(partnership=world.partnership_a, by=world.coordinator_a,
                                    end_date=date(2030, 1, 1))
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.partnership_update(partnership=world.partnership_a, by=world.coordinator_a,
                                    start_date=date(2023, 12, 31))
    updated = services.partnership_update(partnership=world.partnership_a, by=world.coordinator_a,
                                          start_date=date(2024, 1, 1), end_date=date(2029, 12, 31))
    assert updated.start_date == date(2024, 1, 1)
