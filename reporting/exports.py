"""CSV and XLSX exports (pseudonymised), safe against formula injection.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage
return, which some spreadsheet programs skip) is prefixed with a single quote
so a spreadsheet shows it as text instead of running it. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

from django.apps import apps

from partnerships.files import inert_cell_text
from django.utils.translation import gettext_lazy as _

def escape_cell(value):
    """Text that a spreadsheet could read as a formula becomes inert text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    return inert_cell_text(str(value))


def _csv_value(value):
    """nl-BE as a Belgian spreadsheet reads it: dd/mm/jjjj and a decimal comma."""
    value = escape_cell(value)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return value


def to_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Excel in nl-BE expects ;
    writer.writerow([escape_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def to_xlsx(header, rows, *, title: str = "Export") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cell(value):
        value = escape_cell(value)
        if isinstance(value, date):  # shown as dd/mm/jjjj, still a real date to sort and filter on
            value = WriteOnlyCell(sheet, value)
            value.number_format = "dd/mm/yyyy hh:mm" if isinstance(value.value, datetime) and (
                value.value.hour or value.value.minute) else "dd/mm/yyyy"
        return value

    sheet.append([escape_cell(str(h)) for h in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def participants_rows(partnership):
    """One row per case: the pseudonymous reference, dates, outcomes, ladder steps, scale first/last."""
    Case = _model("cases.Case")
    header = [_("casus"), _("start"), _("einde"), _("status"), _("uitstroom"), _("participatieladder"),
              _("schaal eerste"), _("schaal laatste")]
    if Case is None:
        return header, []
    from cases.models import CaseStatus, LadderStep, Outcome, OutcomeKind, ScaleScore

    kinds, statuses = dict(OutcomeKind.choices), dict(CaseStatus.choices)

    cases = list(Case.objects.filter(partnership=partnership).order_by("start_date", "pk")
                 .values_list("pk", "code", "start_date", "close_date", "status"))
    outcomes, ladders, scales = defaultdict(list), defaultdict(list), defaultdict(list)
    for case_id, kind, day in Outcome.objects.filter(case__partnership=partnership).order_by("achieved_on", "pk").values_list("case_id", "kind", "achieved_on"):
        outcomes[case_id].append(f"{kinds.get(kind, kind)} {day:%d/%m/%Y}")
    for case_id, step in LadderStep.objects.filter(case__partnership=partnership).order_by("measured_at", "pk").values_list("case_id", "step"):
        ladders[case_id].append(str(step))
    for case_id, score in ScaleScore.objects.filter(case__partnership=partnership).order_by("measured_at", "pk").values_list("case_id", "score"):
        scales[case_id].append(score)
    rows = [
        [str(code).split("-")[0].upper(), start, close, str(statuses.get(status, status)), ", ".join(outcomes[pk]),
         " → ".join(ladders[pk]),
         scales[pk][0] if scales[pk] else None, scales[pk][-1] if scales[pk] else None]
        for pk, code, start, close, status in cases
    ]
    return header, rows


def learning_rows(partnership):
    """Failure demands (per case reference), waste actions and improvement initiatives."""
    header = [_("soort"), _("casus"), _("datum"), _("omschrijving"), _("oorzaak / status"), _("systeemvoorwaarde")]
    rows = []
    FailureDemand, Action, Initiative = _model("cases.FailureDemand"), _model("cases.Action"), _model("partnerships.Initiative")
    if FailureDemand is not None:
        from cases.models import FailureCause, SystemCondition

        causes, conditions = dict(FailureCause.choices), dict(SystemCondition.choices)
        for code, day, text, cause, condition in FailureDemand.objects.filter(case__partnership=partnership).order_by("occurred_on", "pk").values_list("case__code", "occurred_on", "description", "cause", "system_condition"):
            rows.append([str(_("faalvraag")), str(code).split("-")[0].upper(), day, text,
                         str(causes.get(cause, cause)), str(conditions.get(condition, condition))])
    if Action is not None:
        for code, day, text in Action.objects.filter(case__partnership=partnership, is_waste=True).order_by("done_on", "pk").values_list("case__code", "done_on", "description"):
            rows.append([str(_("verspilling")), str(code).split("-")[0].upper(), day, text, "", ""])
    if Initiative is not None:
        labels = dict(Initiative._meta.get_field("status").choices)
        for title, day, status in Initiative.objects.filter(partnership=partnership).order_by("proposed_on", "pk").values_list("title", "proposed_on", "status"):
            rows.append([str(_("verbeterinitiatief")), "", day, title, str(labels.get(status, status)), ""])
    return header, rows


def progress_rows(partnership):
    """Quarterly figures since the start: reached, new and closed cases."""
    from django.utils import timezone

    from . import figures
    from .periods import Quarter

    header = [_("kwartaal"), _("bereikt"), _("nieuwe casussen"), _("afgesloten casussen")]
    section = figures.evolution(partnership, Quarter.of(timezone.localdate()), Quarter.of(partnership.start_date))
    if not section.available:
        return header, []
    return header, [[r["quarter"], r["reached"], r["new"], r["closed"]] for r in section.rows]


@dataclass(frozen=True)
class Dataset:
    title: str
    build: Callable


DATASETS = {
    "deelnemers": Dataset(_("Deelnemers (gepseudonimiseerd)"), participants_rows),
    "leerproces": Dataset(_("Leerproces"), learning_rows),
    "voortgang": Dataset(_("Voortgang per kwartaal"), progress_rows),
}
