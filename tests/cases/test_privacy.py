import io
import json
from datetime import date

import pytest
from auditlog import get_logentry_model
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from cases import selectors, services
from cases.models import (
    Action, Case, FailureDemand, Interaction, Note, Outcome, Participant, ScaleScore, ScoredBy, SubjectAccessExport,
    ValueReading, WorkerRole,
)
from partnerships.audit import ACCESS

SECRET_NOTE = "Verslaving aan alcohol, in behandeling bij het CGG"


def detail(case):
    return reverse("cases:detail", kwargs={"case": case.code})


@pytest.mark.django_db
class TestSensitiveNotes:
    def test_hidden_from_a_coworker_of_another_organisation_who_is_not_on_the_case(self, client, world, case_a):
        services.note_add(case=case_a, by=world.coach_a, text=SECRET_NOTE, is_sensitive=True)
        services.note_add(case=case_a, by=world.coach_a, text="Gewone notitie", is_sensitive=False)
        assert world.coach2_a.organisation != world.coach_a.organisation
        client.force_login(world.coach2_a)
        body = client.get(detail(case_a)).content.decode()
        assert "Gewone notitie" in body
        assert SECRET_NOTE not in body
        assert SECRET_NOTE not in client.get(detail(case_a) + "?soort=note").content.decode()

    def test_shown_to_the_lead_coach_and_to_a_co_coach_once_on_the_case(self, client, world, case_a):
        services.note_add(case=case_a, by=world.coach_a, text=SECRET_NOTE, is_sensitive=True)
        client.force_login(world.coach_a)
        assert SECRET_NOTE in client.get(detail(case_a)).content.decode()
        services.case_assign_worker(case=case_a, by=world.coach_a, user=world.coach2_a, role=WorkerRole.CO_COACH)
        client.force_login(world.coach2_a)
        assert SECRET_NOTE in client.get(detail(case_a)).content.decode()

    def test_an_expert_on_the_case_is_not_a_coach(self, client, world, case_a):
        services.note_add(case=case_a, by=world.coach_a, text=SECRET_NOTE, is_sensitive=True)
        services.case_assign_worker(case=case_a, by=world.coach_a, user=world.expert_a, role=WorkerRole.EXPERT)
        client.force_login(world.expert_a)
        assert SECRET_NOTE not in client.get(detail(case_a)).content.decode()


@pytest.mark.django_db
def test_the_access_log_records_a_view_and_shows_who_looked(client, world, case_a):
    LogEntry = get_logentry_model()
    client.force_login(world.coach2_a)
    assert client.get(detail(case_a)).status_code == 200
    entry = LogEntry.objects.get(action=ACCESS, content_type__model="case", object_pk=str(case_a.pk))
    assert entry.actor == world.coach2_a
    assert entry.partnership_id == world.partnership_a.pk
    client.force_login(world.coach_a)
    page = client.get(reverse("cases:access_log", kwargs={"case": case_a.code})).content.decode()
    assert str(world.coach2_a) in page
    # the coordinator reads it through the audit view, but not the case itself
    client.force_login(world.coordinator_a)
    assert client.get(reverse("cases:access_log", kwargs={"case": case_a.code})).status_code == 200
    assert client.get(detail(case_a)).status_code == 403


@pytest.mark.django_db
def test_changes_are_in_the_audit_trail_with_the_national_number_masked(world, case_a):
    LogEntry = get_logentry_model()
    participant = case_a.participants.get()
    entry = LogEntry.objects.get(content_type__model="participant", object_pk=str(participant.pk), action=0)
    assert "123.45" not in json.dumps(entry.changes)
    assert entry.partnership_id == world.partnership_a.pk
    services.scale_score_record(case=case_a, by=world.coach_a, score=3, interpretation="Moeilijke week")
    assert LogEntry.objects.filter(content_type__model="scalescore", partnership_id=world.partnership_a.pk).exists()


def fill(case, world):
    coach = world.coach_a
    demand = services.value_demand_add(case=case, by=coach, text="Fatima wil haar eigen woning in Beerse")
    services.value_reading_record(case=case, by=coach, scores={demand.pk: 2})
    services.value_reading_record(case=case, by=coach, scores={demand.pk: 3}, scored_by=ScoredBy.PARTICIPANT,
                                  note="Fatima zegt: het gaat beter")
    services.scale_score_record(case=case, by=coach, score=4, interpretation="Fatima El Amrani vond een kot")
    services.failure_demand_record(case=case, by=coach, description="Fatima kreeg drie keer dezelfde brief",
                                   cause="mismatch", system_condition="procedure")
    services.action_record(case=case, by=coach, description="Met Fatima naar het OCMW", is_waste=True,
                           participant_words="Fatima: dat hielp niet")
    services.interaction_log(case=case, by=coach, channel="visit", duration_minutes=60, with_whom="Fatima en haar zus",
                             note="Bij Fatima thuis")
    services.outcome_record(case=case, by=coach, kind="housing", note="Fatima huurt sinds mei")
    services.employment_period_record(case=case, by=coach, start_date=date(2025, 2, 1), employer="Bakkerij El Amrani",
                                      dimona_verified=True)
    services.follow_up_record(case=case, by=coach, note="Fatima stabiel")
    services.note_add(case=case, by=coach, text="Fatima El Amrani: " + SECRET_NOTE, is_sensitive=True)
    services.case_update(case=case, by=coach, expected_version=Case.objects.get(pk=case.pk).version,
                         referral_note="Doorverwezen door de huisarts van Fatima", status="active")


def database_contains(needle: str) -> list[str]:
    """Every table of the database, every column: where does ``needle`` occur?"""
    found = []
    needle = needle.lower()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                if any(needle in str(value).lower() for value in row if value is not None):
                    found.append(table)
                    break
    return found


@pytest.mark.django_db
def test_anonymisation_keeps_the_counts_and_leaves_no_name_anywhere_in_the_database(
        client, world, case_a, django_capture_on_commit_callbacks):
    fill(case_a, world)
    client.force_login(world.coach2_a)
    client.get(detail(case_a))  # an access entry too
    for needle in ("Fatima", "El Amrani", "0470 12 34", "fatima@example.test", "123.45"):
        assert database_contains(needle), needle  # the search works before
    models = [ScaleScore, ValueReading, FailureDemand, Action, Interaction, Outcome, Note]
    before = {m.__name__: m.objects.filter(case=case_a).count() for m in models}
    waste_before = Action.objects.filter(case=case_a, is_waste=True).count()
    minutes_before = sum(Interaction.objects.filter(case=case_a).values_list("duration_minutes", flat=True))

    client.force_login(world.coach_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:exports", kwargs={"case": case_a.code}))
    export_file = SubjectAccessExport.objects.get(case=case_a).file.path
    response = client.post(reverse("cases:anonymise", kwargs={"case": case_a.code}))
    assert response.status_code == 302
    assert not SubjectAccessExport.objects.filter(case=case_a).exists()
    assert not __import__("os").path.exists(export_file)  # the PDF with personal data is gone too

    for needle in ("Fatima", "El Amrani", "0470 12 34", "fatima@example.test", "123.45", "90.04.17"):
        assert database_contains(needle) == [], needle
    assert {m.__name__: m.objects.filter(case=case_a).count() for m in models} == before
    assert Action.objects.filter(case=case_a, is_waste=True).count() == waste_before
    assert sum(Interaction.objects.filter(case=case_a).values_list("duration_minutes", flat=True)) == minutes_before
    case_a.refresh_from_db()
    assert case_a.anonymised_at is not None and case_a.status == "active"
    participant = Participant.objects.get(cases=case_a)
    assert participant.date_of_birth == date(1990, 1, 1)  # the age group stays for reports
    assert selectors.work_definition(case_a)["met"]  # the ESF work outcome still counts
    # the page still renders, and a second anonymisation is refused
    assert client.get(detail(case_a)).status_code == 200
    with pytest.raises(Exception):
        services.case_anonymise(case=case_a, by=world.coach_a)


@pytest.mark.django_db
def test_cases_past_retention_are_found_for_anonymisation(world):
    from .conftest import open_case

    old = open_case(world, first_name="Oud", start_date=date(2018, 1, 1))
    Case.objects.filter(pk=old.pk).update(status="closed", close_date=date(2020, 1, 31))
    recent = open_case(world, first_name="Recent", start_date=date(2024, 1, 1))
    Case.objects.filter(pk=recent.pk).update(status="closed", close_date=date(2025, 12, 31))
    due = services.cases_due_for_anonymisation(today=date(2026, 6, 1), years=5)
    assert list(due) == [old]


@pytest.mark.django_db
def test_the_subject_access_export_holds_the_participants_data_in_json_and_pdf(
        client, world, case_a, django_capture_on_commit_callbacks):
    fill(case_a, world)
    client.force_login(world.coach_a)
    response = client.get(reverse("cases:export_json", kwargs={"case": case_a.code}))
    data = json.loads(response.content)
    assert data["participants"][0]["first_name"] == "Fatima"
    assert data["participants"][0]["national_number"] == "90.04.17-123.45"  # the person's own data, in full
    assert data["scale_scores"][0]["interpretation"] == "Fatima El Amrani vond een kot"
    assert len(data["value_readings"]) == 2
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task runs (eagerly) after commit
        response = client.post(reverse("cases:exports", kwargs={"case": case_a.code}))
    assert response.status_code == 302
    job = SubjectAccessExport.objects.get(case=case_a)
    assert job.status == "done" and job.sent_at is not None
    page = client.get(reverse("cases:exports", kwargs={"case": case_a.code})).content.decode()
    download = reverse("cases:export_download", kwargs={"export": job.code})
    assert download in page
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Fatima" in text and "vond een kot" in text
    assert "Deelnemer zelf" in text  # the star diagram's legend: the same SVG as on the page
    # a second run of the same job (a re-delivery) does nothing
    from cases.tasks import render_subject_access_export

    assert render_subject_access_export(job.pk) == "skipped"
    # the coordinator may not export a participant's file
    client.force_login(world.coordinator_a)
    assert client.get(reverse("cases:export_json", kwargs={"case": case_a.code})).status_code == 403


@pytest.mark.django_db
def test_the_retention_command_anonymises_only_expired_cases(world):
    from django.core.management import call_command

    from .conftest import open_case

    old = open_case(world, first_name="Oud", start_date=date(2015, 1, 1))
    Case.objects.filter(pk=old.pk).update(status="closed", close_date=date(2016, 1, 31))
    keep = open_case(world, first_name="Blijft")
    call_command("anonymise_expired_cases", years=5)
    assert Participant.objects.get(cases=old).first_name == services.ANONYMISED
    assert Participant.objects.get(cases=keep).first_name == "Blijft"


@pytest.mark.django_db
def test_an_export_requested_while_the_broker_is_down_is_sent_when_the_page_is_reloaded(
        client, world, case_a, django_capture_on_commit_callbacks, monkeypatch):
    from kombu.exceptions import OperationalError

    from cases import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    client.force_login(world.coach_a)
    with monkeypatch.context() as patch:
        patch.setattr(tasks.render_subject_access_export, "apply_async", down)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("cases:exports", kwargs={"case": case_a.code})).status_code == 302
    job = SubjectAccessExport.objects.get(case=case_a)
    assert job.status == "queued" and job.sent_at is None  # the request kept, nothing lost
    client.get(reverse("cases:exports", kwargs={"case": case_a.code}))
    job.refresh_from_db()
    assert job.status == "done" and job.sent_at is not None


@pytest.mark.django_db
def test_the_subject_access_pdf_shows_labels_belgian_dates_and_yes_no_not_codes(world):
    from django.utils import translation

    from cases.exports import labelled
    from cases.selectors import subject_access_data
    from tests.cases.conftest import open_case

    case = open_case(world, purpose="Werk vinden")
    with translation.override("nl-be"):
        sections = dict(labelled(subject_access_data(case)))
    fields = dict(sections["Casus"][0])
    assert fields["soort"] == "Persoon" and fields["startdatum"] == "06/01/2025"
    assert fields["status"] != case.status  # the label, not the code
    person = dict(sections["Persoonsgegevens"][0])
    assert person["geboortedatum"] == "17/04/1990" and person["taal"] == "Nederlands"
    purpose = dict(sections["Bedoeling (alle versies)"][0])
    assert purpose["datum"].count("/") == 2 and "+00:00" not in purpose["datum"]


@pytest.mark.django_db
def test_adding_or_removing_a_participant_or_persona_is_in_the_cases_audit_trail(world, case_a):
    from partnerships.audit import trail_for_object

    from cases.models import Persona

    other = services.participant_create(partnership=world.partnership_a, by=world.coach_a, first_name="Karim",
                                        last_name="Bouzid")
    case_a.participants.add(other)
    persona = Persona.objects.create(partnership=world.partnership_a, name="Nieuwkomer")
    case_a.personas.add(persona)
    case_a.participants.remove(other)
    m2m = [e.changes for e in trail_for_object(case_a) if e.changes and any(
        isinstance(v, dict) and v.get("type") == "m2m" for v in e.changes.values())]
    operations = {(field, v["operation"]) for c in m2m for field, v in c.items()}
    assert {("participants", "add"), ("participants", "delete"), ("personas", "add")} <= operations
