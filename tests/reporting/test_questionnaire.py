"""Content-report questionnaires: call 512 phase 2 shipped as data, drafts, locked on submit, PDF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from reporting import services
from reporting.models import QuestionnaireResponse, QuestionnaireTemplate


@pytest.fixture
def response(world):
    template = QuestionnaireTemplate.objects.get(slug="oproep-512-fase-2")
    return services.response_start(partnership=world.partnership_a, template=template, period="fase 2",
                                   by=world.coordinator_a)


@pytest.mark.django_db
def test_the_call_512_phase_2_questions_ship_in_dutch_numbered_1_to_7():
    template = QuestionnaireTemplate.objects.get(slug="oproep-512-fase-2")
    questions = list(template.questions.order_by("position"))
    assert [q.number for q in questions] == ["1", "2", "3", "4", "5", "6", "7"]
    assert questions[0].text.startswith("Laad de tijdens deze rapportperiode opgemaakte deliverables op")
    assert questions[0].attachments_allowed and not questions[0].required
    assert "kritische succesfactoren" in questions[3].text
    assert services.questionnaire_template_install()[0] == template  # idempotent
    assert template.questions.count() == 7


def answers_post(response, **texts):
    return {f"q{a.question_id}": texts.get(a.question.number, "") for a in response.answers.select_related("question")}


def test_drafts_are_saved_and_submitting_checks_required_answers_then_locks(client, world, response):
    client.force_login(world.coordinator_a)
    url = reverse("reporting:response", kwargs={"response": response.code})
    data = answers_post(response, **{"2": "We namen de opmerkingen mee.", "4": "Vertrouwen."})
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert response.answers.get(question__number="2").text == "We namen de opmerkingen mee."

    page = client.post(url, {**data, "submit": "1"})
    assert page.status_code == 200  # required questions 3, 5, 6, 7 are empty
    body = page.content.decode()
    assert body.count(str(services.ANSWER_REQUIRED)) == 4 and "We namen de opmerkingen mee." in body
    response.refresh_from_db()
    assert response.status == "draft"

    full = answers_post(response, **{n: f"Antwoord {n}" for n in "234567"})
    assert client.post(url, {**full, "submit": "1"}).status_code == 302
    response.refresh_from_db()
    assert response.is_locked and response.submitted_by == world.coordinator_a
    assert client.post(url, {**full, "save": "1"}).status_code == 403
    with pytest.raises(ValidationError, match=str(services.RESPONSE_LOCKED)):
        services.response_save(response=response, by=world.coordinator_a, answers={})


def test_attachments_only_where_the_question_allows_them(world, response):
    q1 = response.template.questions.get(number="1")
    q2 = response.template.questions.get(number="2")
    services.response_save(response=response, by=world.coordinator_a, answers={},
                           attachments={q1.pk: [SimpleUploadedFile("deliverable.pdf", b"%PDF-1.4")]})
    assert response.answers.get(question=q1).attachments.get().name == "deliverable.pdf"
    with pytest.raises(ValidationError):
        services.response_save(response=response, by=world.coordinator_a, answers={},
                               attachments={q2.pk: [SimpleUploadedFile("x.pdf", b"x")]})


def test_the_content_report_pdf_is_made_by_the_worker_with_the_numbered_questions_and_answers(
        client, world, response, django_capture_on_commit_callbacks, eager_tasks):
    q3 = response.template.questions.get(number="3")
    services.response_save(response=response, by=world.coordinator_a, answers={q3.pk: "De planning werd gevolgd."})
    client.force_login(world.board_a)
    url = reverse("reporting:response_pdf", kwargs={"response": response.code})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(url)
    assert first.status_code == 302 and len(callbacks) == 1  # asked from the worker, not rendered in the request
    pdf = client.get(url)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "3. Werden er ten opzichte van de planning" in text and "De planning werd gevolgd." in text
    assert 'filename="inhoudelijke-rapportering-' in pdf["Content-Disposition"] and " " not in pdf["Content-Disposition"].split("filename=")[1]
    # a changed answer makes the stored PDF stale: it is made again
    services.response_save(response=response, by=world.coordinator_a, answers={q3.pk: "Toch afgeweken."})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 302
    pdf = client.get(url)
    assert "Toch afgeweken." in "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)


def test_one_response_per_template_and_period_and_only_the_coordinator_starts_one(client, world, response):
    with pytest.raises(ValidationError):
        services.response_start(partnership=world.partnership_a, template=response.template, period="fase 2",
                                by=world.coordinator_a)
    client.force_login(world.board_a)
    url = reverse("reporting:responses", kwargs={"partnership": world.partnership_a.code})
    assert client.post(url, {"template": response.template.pk, "period": "2027"}).status_code == 403
    assert QuestionnaireResponse.objects.count() == 1


def test_the_content_report_task_skips_a_current_pdf(world, response):
    from reporting.tasks import render_content_report

    assert render_content_report.apply(args=[response.pk]).get() == "done"
    assert render_content_report.apply(args=[response.pk]).get() == "skipped"
    response.refresh_from_db()
    assert response.pdf_is_current
