"""CSV/XLSX exports: pseudonymised, escaped against formula injection."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.exports import escape_cell, to_csv, to_xlsx

from .data import PARTICIPANT_NAME, build_quarter


@pytest.mark.parametrize("text", ["=1+1", "+32 470", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "\t=1", "\r=1"])
def test_cells_that_a_spreadsheet_would_run_are_escaped(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["gewone tekst", "1+1", "a=b", "", "e-mail"])
def test_ordinary_text_is_left_alone(value):
    assert escape_cell(value) == value


def test_numbers_stay_numbers_and_negative_numbers_are_not_text():
    assert escape_cell(-5) == -5 and escape_cell(3) == 3


def test_csv_and_xlsx_carry_the_escaped_text():
    rows = [["=cmd|' /C calc'!A0", "@x", 12]]
    parsed = list(csv.reader(io.StringIO(to_csv(["a", "b", "c"], rows).decode("utf-8-sig")), delimiter=";"))
    assert parsed[1] == ["'=cmd|' /C calc'!A0", "'@x", "12"]
    sheet = load_workbook(io.BytesIO(to_xlsx(["a", "b", "c"], rows))).active
    assert [c.value for c in sheet[2]] == ["'=cmd|' /C calc'!A0", "'@x", 12]
    assert sheet["A2"].data_type == "s"


@pytest.mark.django_db
def test_the_participant_export_is_pseudonymised_and_escapes_what_users_typed(client, world):
    from cases import services as cases

    build_quarter(world)
    one = world.partnership_a.cases.order_by("start_date").last()
    cases.failure_demand_record(case=one, by=world.coach_a, description="=HYPERLINK(\"http://evil\")", cause="mismatch")
    client.force_login(world.coordinator_a)
    for dataset in ("deelnemers", "leerproces", "voortgang"):
        for file_format in ("csv", "xlsx"):
            response = client.get(reverse("reporting:export", kwargs={
                "partnership": world.partnership_a.code, "dataset": dataset, "file_format": file_format}))
            assert response.status_code == 200
            assert PARTICIPANT_NAME.split()[1].encode() not in response.content
    learning = client.get(reverse("reporting:export", kwargs={
        "partnership": world.partnership_a.code, "dataset": "leerproces", "file_format": "csv"})).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in learning
    participants = client.get(reverse("reporting:export", kwargs={
        "partnership": world.partnership_a.code, "dataset": "deelnemers", "file_format": "csv"})).content.decode("utf-8-sig")
    assert one.reference in participants and len(participants.strip().splitlines()) == 4  # header + 3 cases
    assert "Werk 01/08/2026" in participants and "Afgesloten" in participants


@pytest.mark.django_db
def test_exports_are_for_the_coordinator_only(client, world):
    url = reverse("reporting:export", kwargs={"partnership": world.partnership_a.code, "dataset": "deelnemers",
                                              "file_format": "csv"})
    client.force_login(world.board_a)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator_a)
    assert client.get(url.replace(".csv", ".pdf")).status_code == 404


def test_dates_and_decimals_are_written_as_a_belgian_spreadsheet_reads_them():
    from datetime import date
    from decimal import Decimal

    rows = [[date(2026, 8, 1), Decimal("1234.56"), 3]]
    parsed = list(csv.reader(io.StringIO(to_csv(["a", "b", "c"], rows).decode("utf-8-sig")), delimiter=";"))
    assert parsed[1] == ["01/08/2026", "1234,56", "3"]
    sheet = load_workbook(io.BytesIO(to_xlsx(["a", "b", "c"], rows))).active
    assert sheet["A2"].value.date() == date(2026, 8, 1) and sheet["A2"].number_format == "dd/mm/yyyy"
