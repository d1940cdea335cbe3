import pytest
from django.urls import reverse

from partnerships import audit, services
from partnerships.models import AuditEntry


@pytest.mark.django_db
def test_a_change_to_a_partnership_is_in_the_trail_with_its_author(client, world):
    client.force_login(world.coordinator_a)
    url = reverse("partnerships:edit", kwargs={"partnership": world.partnership_a.code})
    response = client.post(url, {
        "name": "Partnerschap Turnhout", "project_number": "ESF-123",
        "start_date": "2024-07-01", "end_date": "2029-12-31",
        "shared_purpose": "Nieuwe bedoeling", "principles": "",
    })
    assert response.status_code == 302
    entry = audit.trail_for_partnership(world.partnership_a).filter(action=AuditEntry.Action.UPDATE).first()
    assert entry.actor == world.coordinator_a
    assert entry.changes_dict["shared_purpose"][1] == "Nieuwe bedoeling"
    assert entry.changes_dict["project_number"] == ["", "ESF-123"]

    page = client.get(reverse("partnerships:audit_trail", kwargs={"partnership": world.partnership_a.code}))
    assert page.status_code == 200
    assert "Nieuwe bedoeling" in page.content.decode()


@pytest.mark.django_db
def test_the_trail_of_one_partnership_holds_nothing_of_another(world):
    services.partnership_update(partnership=world.partnership_b, by=world.coordinator_b, principles="B only")
    trail_a = audit.trail_for_partnership(world.partnership_a)
    assert not trail_a.filter(object_repr__contains="Mechelen").exists()
    assert audit.trail_for_partnership(world.partnership_b).filter(action=AuditEntry.Action.UPDATE).exists()


@pytest.mark.django_db
def test_a_view_of_a_sensitive_record_is_recorded(world):
    audit.record_view(world.coach_a, world.partnership_a)
    entry = audit.trail_for_object(world.partnership_a).first()
    assert entry.action == AuditEntry.Action.ACCESS
    assert entry.actor == world.coach_a
    assert entry.partnership_id == world.partnership_a.pk


@pytest.mark.django_db
def test_only_the_coordinator_reads_the_trail(client, world):
    url = reverse("partnerships:audit_trail", kwargs={"partnership": world.partnership_a.code})
    client.force_login(world.coach_a)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator_a)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_trail_page_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(30):
        services.partnership_update(partnership=world.partnership_a, by=world.coordinator_a, principles=f"v{i}")
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partnerships:audit_trail", kwargs={"partnership": world.partnership_a.code}))
    assert response.status_code == 200
