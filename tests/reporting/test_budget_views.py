"""The budget web form: the worked example typed in, imported, recomputed live; errors keep every row."""

import io
import json

import pytest
from django.urls import reverse

from reporting import budget as rules
from reporting import selectors, services
from reporting.models import Budget

from .expected import assert_worked_example, worked_example


@pytest.fixture
def budget(world):
    return services.budget_create(partnership=world.partnership_a, year=2025, by=world.coordinator_a)


def form_data(data: dict, *, dutch_numbers=False) -> dict:
    """The exchange JSON as the web form posts it."""
    post = {
        "vcf_operation": data["vcf"]["operation"], "vcf_support": data["vcf"]["support"],
        "personnel-TOTAL_FORMS": str(len(data["personnel"])), "personnel-INITIAL_FORMS": "0",
        "personnel-MIN_NUM_FORMS": "0", "personnel-MAX_NUM_FORMS": "1000",
        "cofinancing-TOTAL_FORMS": str(len(data["cofinancing"])), "cofinancing-INITIAL_FORMS": "0",
        "cofinancing-MIN_NUM_FORMS": "0", "cofinancing-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(data["personnel"]):
        for key in ("strand", "status", "function", "monthly_gross", "hours", "activity"):
            post[f"personnel-{i}-{key}"] = row[key]
    if dutch_numbers:
        post["personnel-1-monthly_gross"] = "4.810,55"
        post["vcf_operation"] = "53.345,27"
    for i, row in enumerate(data["cofinancing"]):
        for key in ("strand", "source", "amount", "description"):
            post[f"cofinancing-{i}-{key}"] = row[key]
        if row["person_bound"]:
            post[f"cofinancing-{i}-person_bound"] = "on"
    return post


def computed(budget):
    fresh = selectors.budgets_with_lines().get(pk=budget.pk)
    return rules.result_to_json(selectors.budget_result(fresh))


def test_the_worked_example_typed_into_the_web_form_comes_out_to_the_cent(client, world, budget):
    client.force_login(world.coordinator_a)
    url = reverse("reporting:budget", kwargs={"budget": budget.code})
    response = client.post(url, form_data(worked_example(), dutch_numbers=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_worked_example(computed(budget))
    page = client.get(url).content.decode()
    for shown in ("71.127,02", "85.863,98", "42,43", "202.379,16", "57,73", "24.823,90"):
        assert shown in page
    assert 'id="control-alert"' not in page


def test_a_validation_error_keeps_every_typed_row_and_saves_nothing(client, world, budget):
    client.force_login(world.coordinator_a)
    data = form_data(worked_example())
    data["personnel-2-hours"] = "-688"
    response = client.post(reverse("reporting:budget", kwargs={"budget": budget.code}), data)
    assert response.status_code == 200
    page = response.content.decode()
    for typed in ("process coach", "expert mental health", "VDAB mediator", "coordinator", "-688",
                  "26672.63", "11150.00", "15522.64", "2456.16"):
        assert typed in page
    assert 'id="id_personnel-2-hours-error"' in page
    assert not budget.personnel_lines.exists()


def test_adding_a_row_keeps_what_was_typed(client, world, budget):
    client.force_login(world.coordinator_a)
    data = form_data(worked_example())
    data["add_personnel"] = "1"
    response = client.post(reverse("reporting:budget", kwargs={"budget": budget.code}), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="personnel-4-function"' in page and "expert mental health" in page
    assert not budget.personnel_lines.exists()


def test_the_preview_recomputes_totals_and_each_rows_sut_and_cost(client, world, budget):
    client.force_login(world.coordinator_a)
    response = client.post(reverse("reporting:budget_preview", kwargs={"budget": budget.code}),
                           form_data(worked_example()), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "71.127,02" in page and "42,43" in page
    assert 'id="personnel-1-sut" hx-swap-oob="true">57,73<' in page
    assert not budget.personnel_lines.exists()  # nothing saved while typing


def test_the_json_import_reproduces_the_worked_example_and_the_export_round_trips(client, world, budget):
    client.force_login(world.coordinator_a)
    upload = io.BytesIO(json.dumps(worked_example()).encode())
    upload.name = "begroting.json"
    response = client.post(reverse("reporting:budget_import", kwargs={"budget": budget.code}), {"file": upload})
    assert response.status_code == 302
    assert_worked_example(computed(budget))
    exported = client.get(reverse("reporting:budget_export", kwargs={"budget": budget.code})).json()
    assert rules.parse(exported) == rules.parse(worked_example())


def test_an_invalid_import_names_row_and_field_and_changes_nothing(client, world, budget):
    client.force_login(world.coordinator_a)
    data = worked_example()
    data["cofinancing"][1]["source"] = "provincie"
    upload = io.BytesIO(json.dumps(data).encode())
    upload.name = "b.json"
    response = client.post(reverse("reporting:budget_import", kwargs={"budget": budget.code}), {"file": upload}, follow=True)
    assert "cofinancing[2].source" in response.content.decode()
    assert not budget.cofinancing_lines.exists()


def test_a_control_field_that_is_not_zero_is_shown_prominently(client, world, budget):
    data = worked_example()
    data["vcf"]["support"] = "30000.00"
    services.budget_import(budget=budget, by=world.coordinator_a, data=data)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("reporting:budget", kwargs={"budget": budget.code})).content.decode()
    assert 'id="control-alert"' in page and "-7.894,56" in page


def test_a_deviation_from_the_nominal_shares_is_a_warning(client, world, budget):
    data = worked_example()
    data["vcf"]["operation"] = "50000.00"
    services.budget_import(budget=budget, by=world.coordinator_a, data=data)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("reporting:budget", kwargs={"budget": budget.code})).content.decode()
    assert "Afwijkingen van de nominale verdeling" in page and "28,12" in page


def test_the_board_reads_but_a_coach_cannot_and_only_the_coordinator_writes(client, world, budget):
    url = reverse("reporting:budget", kwargs={"budget": budget.code})
    client.force_login(world.board_a)
    page = client.get(url)
    assert page.status_code == 200 and "Geen gegevens." in page.content.decode()  # no blank rows to fill in
    assert 'name="personnel-0-function"' not in page.content.decode()
    assert client.post(url, form_data(worked_example())).status_code == 403
    client.force_login(world.coach_a)
    assert client.get(url).status_code == 403
    assert not budget.personnel_lines.exists()
    services.budget_import(budget=budget, by=world.coordinator_a, data=worked_example())
    client.force_login(world.board_a)
    page = client.get(url).content.decode()
    assert 'name="personnel-3-function"' in page and 'name="personnel-4-function"' not in page
    assert "disabled" in page and "Begroting bewaren" not in page


def test_one_budget_per_project_year_within_the_project(world, budget):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.budget_create(partnership=world.partnership_a, year=2025, by=world.coordinator_a)
    assert str(services.BUDGET_YEAR_EXISTS) in str(caught.value)
    with pytest.raises(ValidationError):
        services.budget_create(partnership=world.partnership_a, year=2023, by=world.coordinator_a)


def test_the_total_over_the_years_sums_the_years(client, world, budget):
    services.budget_import(budget=budget, by=None, data=worked_example())
    second = services.budget_create(partnership=world.partnership_a, year=2026, by=world.coordinator_a)
    services.budget_import(budget=second, by=None, data=worked_example())
    client.force_login(world.board_a)
    page = client.get(reverse("reporting:budget_totals", kwargs={"partnership": world.partnership_a.code})).content.decode()
    assert "404.758,32" in page and "42,43" in page


def test_the_budget_page_has_a_constant_number_of_queries(client, world, budget, django_assert_max_num_queries):
    data = worked_example()
    data["personnel"] = data["personnel"] * 4  # 16 rows
    services.budget_import(budget=budget, by=None, data=data)
    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reporting:budget", kwargs={"budget": budget.code})).status_code == 200
    assert Budget.objects.count() == 1


def test_a_proof_document_is_uploaded_with_its_row_kept_on_resave_and_served_only_through_scoping(client, world, budget):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coordinator_a)
    url = reverse("reporting:budget", kwargs={"budget": budget.code})
    data = form_data(worked_example())
    data["cofinancing-0-proof"] = SimpleUploadedFile("beslissing-gemeenteraad.pdf", b"%PDF-1.4 bewijs")
    assert client.post(url, data).status_code == 302
    line = budget.cofinancing_lines.get(position=0)
    assert line.proof.name.endswith(".pdf")
    # saving again without a new upload keeps the document
    page = client.get(url).content.decode()
    assert reverse("reporting:cofinancing_proof", kwargs={"cofinancing_id": line.pk}) in page
    again = form_data(worked_example())
    again.update({"cofinancing-INITIAL_FORMS": "4", "personnel-INITIAL_FORMS": "4"})
    for i, l in enumerate(budget.cofinancing_lines.order_by("position")):
        again[f"cofinancing-{i}-id"] = str(l.pk)
    for i, l in enumerate(budget.personnel_lines.order_by("position")):
        again[f"personnel-{i}-id"] = str(l.pk)
    assert client.post(url, again).status_code == 302
    line.refresh_from_db()
    assert line.proof and budget.cofinancing_lines.count() == 4 and budget.personnel_lines.count() == 4
    download = client.get(reverse("reporting:cofinancing_proof", kwargs={"cofinancing_id": line.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bewijs"
    client.force_login(world.coordinator_b)
    assert client.get(reverse("reporting:cofinancing_proof", kwargs={"cofinancing_id": line.pk})).status_code == 404


def test_an_invalid_field_is_marked_and_tied_to_its_message(client, world, budget):
    client.force_login(world.coordinator_a)
    data = form_data(worked_example())
    data["personnel-0-monthly_gross"] = "veel"
    page = client.post(reverse("reporting:budget", kwargs={"budget": budget.code}), data).content.decode()
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_personnel-0-monthly_gross-error"' in page


def test_deleting_a_row_removes_it(client, world, budget):
    services.budget_import(budget=budget, by=None, data=worked_example())
    client.force_login(world.coordinator_a)
    data = form_data(worked_example())
    data.update({"cofinancing-INITIAL_FORMS": "4", "personnel-INITIAL_FORMS": "4"})
    for i, l in enumerate(budget.personnel_lines.order_by("position")):
        data[f"personnel-{i}-id"] = str(l.pk)
    for i, l in enumerate(budget.cofinancing_lines.order_by("position")):
        data[f"cofinancing-{i}-id"] = str(l.pk)
    data["personnel-3-DELETE"] = "on"
    assert client.post(reverse("reporting:budget", kwargs={"budget": budget.code}), data).status_code == 302
    assert list(budget.personnel_lines.values_list("function", flat=True)) == [
        "process coach", "expert mental health", "VDAB mediator"]


def test_reporting_pages_run_a_constant_number_of_queries(client, world, budget, django_assert_max_num_queries):
    from reporting.models import ReportJob

    services.budget_import(budget=budget, by=None, data=worked_example())
    for quarter in (1, 2, 3):
        for _v in range(3):
            services_job = ReportJob.objects.create(partnership=world.partnership_a, year=2026, quarter=quarter,
                                                    version=_v + 1, requested_by=world.coordinator_a)
    assert services_job
    client.force_login(world.coordinator_a)
    for name in ("reporting:partnership", "reporting:reports", "reporting:responses", "reporting:budget_totals"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, kwargs={"partnership": world.partnership_a.code})).status_code == 200
