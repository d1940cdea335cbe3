"""The reporting API: budgets (same JSON), report requests and status, questionnaire answers."""

import pytest
from django.core.management import call_command

from reporting import services
from reporting.models import QuestionnaireTemplate, ReportJob

from .expected import assert_worked_example, worked_example


@pytest.fixture
def budget(world):
    return services.budget_create(partnership=world.partnership_a, year=2025, by=world.coordinator_a)


def test_a_budget_is_put_as_exchange_json_and_read_back_computed(client, world, budget):
    client.force_login(world.coordinator_a)
    url = f"/api/budgets/{budget.code}/"
    response = client.put(url, worked_example(), content_type="application/json")
    assert response.status_code == 200, response.content
    assert_worked_example(response.json()["result"])
    read = client.get(url).json()
    assert read["input"]["personnel"][1]["monthly_gross"] == "4810.55"
    assert_worked_example(read["result"])


def test_compute_without_saving_and_errors_name_row_and_field(client, world):
    client.force_login(world.coach_a)
    response = client.post("/api/budgets/compute/", worked_example(), content_type="application/json")
    assert_worked_example(response.json())
    bad = worked_example()
    bad["personnel"][0]["hours"] = "-1"
    response = client.post("/api/budgets/compute/", bad, content_type="application/json")
    assert response.status_code == 400 and "personnel[1].hours" in response.json()


def test_budgets_are_scoped_and_written_by_the_coordinator_only(client, world, budget):
    client.force_login(world.coordinator_b)
    assert client.get(f"/api/budgets/{budget.code}/").status_code == 404
    assert client.get("/api/budgets/").json()["count"] == 0
    client.force_login(world.board_a)
    assert client.get(f"/api/budgets/{budget.code}/").status_code == 200
    assert client.put(f"/api/budgets/{budget.code}/", worked_example(), content_type="application/json").status_code == 403
    client.force_login(world.coordinator_a)
    created = client.post("/api/budgets/", {"partnership": str(world.partnership_a.code), "year": 2026},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["year"] == 2026
    again = client.post("/api/budgets/", {"partnership": str(world.partnership_a.code), "year": 2026},
                        content_type="application/json")
    assert again.status_code == 400


def test_a_report_is_requested_and_its_status_read(client, world, django_capture_on_commit_callbacks, eager_tasks):
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/report-jobs/", {"partnership": str(world.partnership_a.code), "year": 2026,
                                                     "quarter": 3}, content_type="application/json")
    assert response.status_code == 202
    job = client.get(f"/api/report-jobs/{response.json()['code']}/").json()
    assert job["status"] == "done" and job["download_url"].endswith("/download/")
    future = client.post("/api/report-jobs/", {"partnership": str(world.partnership_a.code), "year": 2029,
                                               "quarter": 4}, content_type="application/json")
    assert future.status_code == 400
    client.force_login(world.coordinator_b)
    assert client.get(f"/api/report-jobs/{job['code']}/").status_code == 404
    assert client.post("/api/report-jobs/", {"partnership": str(world.partnership_a.code), "year": 2026, "quarter": 3},
                       content_type="application/json").status_code == 404
    assert ReportJob.objects.count() == 1


def test_questionnaire_answers_are_saved_then_submitted(client, world):
    template = QuestionnaireTemplate.objects.get(slug="oproep-512-fase-2")
    response = services.response_start(partnership=world.partnership_a, template=template, period="fase 2",
                                       by=world.coordinator_a)
    client.force_login(world.coordinator_a)
    url = f"/api/questionnaire-responses/{response.code}/"
    saved = client.patch(url, {"answers": [{"number": "2", "text": "Meegenomen."}]}, content_type="application/json")
    assert saved.status_code == 200
    assert next(a for a in saved.json()["answers"] if a["number"] == "2")["text"] == "Meegenomen."
    refused = client.patch(url, {"submit": True}, content_type="application/json")
    assert refused.status_code == 400
    answers = [{"number": n, "text": f"Antwoord {n}"} for n in "34567"]
    done = client.patch(url, {"answers": answers, "submit": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert client.patch(url, {"answers": answers}, content_type="application/json").status_code == 400


def test_the_endpoints_are_in_the_openapi_schema(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out), "--validate")
    schema = out.read_text()
    for path in ("/api/budgets/{budget}/", "/api/budgets/compute/", "/api/report-jobs/", "/api/questionnaire-responses/{content_report}/"):
        assert path in schema
