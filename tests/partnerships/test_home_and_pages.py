from datetime import date

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import Membership, Role
from tests.world import make_user


@pytest.mark.django_db
def test_home_shows_the_users_partnerships_and_roles(client, world):
    client.force_login(world.coach_a)
    body = client.get(reverse("home")).content.decode()
    assert "Partnerschap Turnhout" in body
    assert "Coach" in body
    assert "Je hebt nog geen rol" not in body


@pytest.mark.django_db
def test_a_coordinator_sees_the_next_report_due(client, world, settings):
    client.force_login(world.coordinator_a)
    body = client.get(reverse("home")).content.decode()
    assert "Volgend kwartaalrapport" in body
    client.force_login(world.coach_a)
    assert "Volgend kwartaalrapport" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_someone_without_a_role_gets_a_helpful_empty_state(client, world):
    client.force_login(world.outsider)
    body = client.get(reverse("home")).content.decode()
    assert "Je hebt nog geen rol in een partnerschap" in body


@pytest.mark.django_db
def test_home_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(20):
        user = make_user(f"extra{i}", world.org_a)
        services.membership_grant(partnership=world.partnership_a, user=user, role=Role.COACH)
    services.membership_grant(partnership=world.partnership_a, user=world.coordinator_a, role=Role.BOARD_MEMBER)
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_partnership_page_lists_people_with_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for i in range(25):
        user = make_user(f"extra{i}", world.org_a)
        services.membership_grant(partnership=world.partnership_a, user=user, role=Role.COACH)
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("partnerships:detail", kwargs={"partnership": world.partnership_a.code}))
    assert response.status_code == 200
    assert "Extra24" in response.content.decode()


@pytest.mark.django_db
def test_a_coordinator_grants_a_role_and_an_invalid_edit_keeps_the_input(client, world):
    client.force_login(world.coordinator_a)
    code = world.partnership_a.code
    response = client.post(reverse("partnerships:membership_add", kwargs={"partnership": code}),
                           {"user": world.coach2_a.pk, "role": Role.EXPERT, "fte": "0,5"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.coach2_a, role=Role.EXPERT, fte="0.50").exists()

    response = client.post(reverse("partnerships:edit", kwargs={"partnership": code}), {
        "name": "Partnerschap Turnhout", "project_number": "X-1", "start_date": "2024-07-01",
        "end_date": "2031-01-01", "shared_purpose": "Wat ik net typte", "principles": "",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wat ik net typte" in body
    assert "ten laatste tot 31/12/2029" in body
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.end_date == date(2029, 12, 31)


@pytest.mark.django_db
def test_revoking_a_role_asks_for_confirmation_first(client, world):
    client.force_login(world.coordinator_a)
    membership = Membership.objects.get(user=world.coach2_a)
    url = reverse("partnerships:membership_remove",
                  kwargs={"partnership": world.partnership_a.code, "membership_id": membership.pk})
    assert "Ja, rol intrekken" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_a_coach_cannot_edit_the_partnership(client, world):
    client.force_login(world.coach_a)
    url = reverse("partnerships:edit", kwargs={"partnership": world.partnership_a.code})
    assert client.get(url).status_code == 403
