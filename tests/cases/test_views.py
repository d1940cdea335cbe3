import re
from datetime import date

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Interaction, Participant, ScaleScore, ValueReading


def url(name, case, **kw):
    return reverse(f"cases:{name}", kwargs={"case": case.code, **kw})


def edit_data(case, **changes):
    data = {"kind": case.kind, "title": case.title, "status": case.status, "start_date": case.start_date.isoformat(),
            "close_date": "", "referred_by": "", "referral_channel": "", "referral_note": "", "regular_service": "",
            "handover_service": "", "handover_date": "", "handover_note": "", "persona_note": "",
            "version": case.version}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_second_of_two_concurrent_edits_is_refused_with_a_message_and_the_input_kept(client, world, case_a):
    opened = Case.objects.get(pk=case_a.pk)  # both coaches open the form at this version
    client.force_login(world.coach_a)
    first = client.post(url("edit", case_a), edit_data(opened, status="active", referral_note="Via het OCMW"))
    assert first.status_code == 302
    client.force_login(world.coach2_a)
    second = client.post(url("edit", case_a), edit_data(opened, status="paused", referral_note="Tekst van Jonas"))
    assert second.status_code == 200
    body = second.content.decode()
    assert str(services.CONCURRENT_EDIT)[:40] in body
    assert "Tekst van Jonas" in body  # nothing typed is lost
    assert "Via het OCMW" in body  # what the colleague saved, shown next to it
    case_a.refresh_from_db()
    assert case_a.status == "active" and case_a.referral_note == "Via het OCMW"
    assert re.search(rf'name="version" value="{case_a.version}"', body)  # the form now builds on their save
    # saving again (now knowingly, from the current version) goes through
    again = client.post(url("edit", case_a), edit_data(case_a, status="paused", referral_note="Tekst van Jonas"))
    assert again.status_code == 302
    case_a.refresh_from_db()
    assert case_a.referral_note == "Tekst van Jonas"


@pytest.mark.django_db
def test_a_coach_logs_an_interaction_with_two_fields(client, world, case_a):
    client.force_login(world.coach_a)
    response = client.post(url("interaction_add", case_a), {"channel": "phone", "duration_minutes": "15"})
    assert response.status_code == 302
    interaction = Interaction.objects.get(case=case_a)
    assert interaction.coach == world.coach_a and interaction.duration_minutes == 15


@pytest.mark.django_db
def test_a_score_without_interpretation_shows_the_error_at_the_field_and_keeps_the_score(client, world, case_a):
    client.force_login(world.coach_a)
    response = client.post(url("scale_add", case_a), {"score": "7", "interpretation": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert str(services.INTERPRETATION_REQUIRED) in body
    assert 'value="7" checked' in body or 'checked value="7"' in body or ('value="7"' in body and "checked" in body)
    assert not ScaleScore.objects.exists()
    response = client.post(url("scale_add", case_a), {"score": "7", "interpretation": "Vond zelf een oplossing"})
    assert response.status_code == 302 and ScaleScore.objects.get().score == 7


@pytest.mark.django_db
def test_a_star_reading_shows_up_on_the_diagram(client, world, case_a):
    demand = services.value_demand_add(case=case_a, by=world.coach_a, text="Een eigen woning")
    client.force_login(world.coach_a)
    response = client.post(url("reading_add", case_a), {"scored_by": "participant", f"demand_{demand.pk}": "4"})
    assert response.status_code == 302
    assert ValueReading.objects.get().scores.get().score == 4
    body = client.get(url("detail", case_a)).content.decode()
    assert "Een eigen woning" in body and "deelnemer zelf" in body
    assert 'class="area"' in body


@pytest.mark.django_db
def test_an_expert_may_not_be_chosen_as_lead_coach_in_the_form(client, world, case_a):
    client.force_login(world.coach_a)
    response = client.post(url("workers", case_a), {"user": world.expert_a.pk, "role": "lead",
                                                    "start_date": "2025-03-01"})
    assert response.status_code == 200
    assert str(services.EXPERT_CANNOT_LEAD) in response.content.decode()


@pytest.mark.django_db
def test_opening_a_case_warns_about_a_possible_duplicate_first(client, world, case_a):
    client.force_login(world.coach_a)
    data = {"kind": "person", "first_name": "fatima", "last_name": "el amrani", "language": "nl",
            "start_date": "2025-05-01", "lead_coach": world.coach_a.pk}
    response = client.post(reverse("cases:open", kwargs={"partnership": world.partnership_a.code}), data)
    assert response.status_code == 200
    assert "bestaat mogelijk al" in response.content.decode()
    assert Participant.objects.count() == 1
    response = client.post(reverse("cases:open", kwargs={"partnership": world.partnership_a.code}),
                           {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Participant.objects.count() == 2


@pytest.mark.django_db
def test_the_overdue_follow_up_panel_lists_the_coachs_cases(client, world, case_a):
    client.force_login(world.coach_a)
    body = client.get(reverse("home")).content.decode()
    assert "Driemaandelijkse opvolging te laat" in body and "Fatima" in body
    services.follow_up_record(case=case_a, by=world.coach_a, note="Alles loopt")
    body = client.get(reverse("home")).content.decode()
    assert "Al je casussen zijn dit kwartaal opgevolgd" in body
    client.force_login(world.coordinator_a)
    assert "Driemaandelijkse opvolging te laat" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_learning_view_shows_failure_demands_waste_and_lead_time(client, world, case_a):
    services.failure_demand_record(case=case_a, by=world.coach_a, description="x", cause="misunderstood",
                                   system_condition="ict", occurred_on=date(2025, 2, 3))
    services.action_record(case=case_a, by=world.coach_a, description="y", is_waste=True, done_on=date(2025, 2, 4))
    client.force_login(world.quality_a)
    body = client.get(reverse("cases:learning", kwargs={"partnership": world.partnership_a.code})).content.decode()
    assert "Verkeerd begrepen vraag" in body and "ICT-systemen" in body
    assert "2025 K1" in body and "Mediaan" in body
    assert "Fatima" not in body  # aggregate only


@pytest.mark.django_db
def test_the_national_number_is_shown_masked_and_kept_when_the_participant_is_edited(client, world, case_a):
    client.force_login(world.coach_a)
    assert "90.04.17-123.45" not in client.get(url("detail", case_a)).content.decode()
    page = client.get(url("participant_edit", case_a)).content.decode()
    assert "90.04.17" not in page and "••.••.••-•••.45" in page
    response = client.post(url("participant_edit", case_a), {
        "first_name": "Fatima", "last_name": "El Amrani", "date_of_birth": "1990-04-17", "phone": "0499 00 00 00",
        "email": "", "address": "", "language": "nl", "referral_source": "", "national_number": ""})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.phone == "0499 00 00 00" and participant.national_number == "90.04.17-123.45"


@pytest.mark.django_db
def test_value_steps_and_personas_are_an_editable_partnership_framework(client, world):
    client.force_login(world.coach_a)
    steps_url = reverse("cases:value_steps", kwargs={"partnership": world.partnership_a.code})
    assert client.post(steps_url, {"name": "Vertrouwen opbouwen", "is_active": "on"}).status_code == 302
    step = world.partnership_a.value_steps.get()
    edit = reverse("cases:value_step_edit", kwargs={"value_step_id": step.pk})
    assert client.post(edit, {"name": "Vertrouwen", "position": "3"}).status_code == 302
    step.refresh_from_db()
    assert (step.name, step.position, step.is_active) == ("Vertrouwen", 3, False)
    client.force_login(world.board_a)
    assert client.post(edit, {"name": "x"}).status_code == 403


@pytest.mark.django_db
def test_ending_a_colleagues_involvement_asks_for_confirmation_first(client, world, case_a):
    from cases.models import CaseWorker

    worker = CaseWorker.objects.create(case=case_a, user=world.expert_a, role="expert", start_date=date(2025, 2, 1))
    client.force_login(world.coach_a)
    end_url = url("worker_end", case_a, worker_id=worker.pk)
    page = client.get(url("workers", case_a)).content.decode()
    assert f'href="{end_url}"' in page  # a link to the confirmation, not a one-tap form
    confirm = client.get(end_url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    worker.refresh_from_db()
    assert worker.end_date is None
    assert client.post(end_url).status_code == 302
    worker.refresh_from_db()
    assert worker.end_date is not None
    assert client.get(end_url).status_code == 404  # already ended


@pytest.mark.django_db
def test_a_value_demand_no_longer_followed_leaves_new_readings_but_keeps_its_scores(client, world, case_a):
    from cases.models import ValueDemand, ValueScore

    keep = services.value_demand_add(case=case_a, by=world.coach_a, text="Mijn rijbewijs halen")
    drop = services.value_demand_add(case=case_a, by=world.coach_a, text="Rust in mijn hoofd")
    services.value_reading_record(case=case_a, by=world.coach_a, scores={keep.pk: 2, drop.pk: 3})
    client.force_login(world.coach_a)
    toggle = url("value_demand_toggle", case_a, value_demand_id=drop.pk)
    assert client.get(toggle).status_code == 405  # a change only by POST
    assert client.post(toggle).status_code == 302
    assert not ValueDemand.objects.get(pk=drop.pk).is_active
    page = client.get(url("reading_add", case_a)).content.decode()
    assert f'name="demand_{keep.pk}"' in page and f'name="demand_{drop.pk}"' not in page
    assert ValueScore.objects.filter(value_demand=drop).count() == 1  # its history stays
    client.post(toggle)
    assert ValueDemand.objects.get(pk=drop.pk).is_active  # and it can be followed again
    client.force_login(world.coach_b)
    assert client.post(toggle).status_code == 404


@pytest.mark.django_db
def test_the_new_case_form_proposes_the_coach_who_opens_it_as_lead_coach_but_never_an_expert(client, world):
    path = reverse("cases:open", kwargs={"partnership": world.partnership_a.code})
    client.force_login(world.coach_a)
    form = client.get(path).context["form"]
    assert form["lead_coach"].value() == world.coach_a.pk
    client.force_login(world.expert_a)
    response = client.get(path)
    if response.status_code == 200:  # an expert may open a case, but is not proposed to lead it
        assert response.context["form"]["lead_coach"].value() is None
