"""The subject-access PDF: everything the partnership holds on a case, in plain Dutch."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting.charts import line_chart, star_diagram
from reporting.pdf import render_pdf

from . import rules, selectors

SECTIONS = {
    "case": gettext_lazy("Casus"), "participants": gettext_lazy("Persoonsgegevens"),
    "purpose_versions": gettext_lazy("Bedoeling (alle versies)"), "scale_scores": gettext_lazy("Schaal van 1 tot 10"),
    "value_demands": gettext_lazy("Waardevragen"), "value_readings": gettext_lazy("Scores op de waardevragen"),
    "failure_demands": gettext_lazy("Faalvragen"), "actions": gettext_lazy("Acties"),
    "interactions": gettext_lazy("Contacten"), "consultations": gettext_lazy("Casusoverleg"),
    "outcomes": gettext_lazy("Uitstroom en vooruitgang"), "employment_periods": gettext_lazy("Tewerkstelling"),
    "participation_ladder": gettext_lazy("Participatieladder"), "empowerment": gettext_lazy("Empowerment"),
    "follow_ups": gettext_lazy("Opvolging"), "notes": gettext_lazy("Notities"),
}
FIELDS = {
    "reference": gettext_lazy("referentie"), "code": gettext_lazy("code"), "partnership": gettext_lazy("partnerschap"),
    "kind": gettext_lazy("soort"), "status": gettext_lazy("status"), "start_date": gettext_lazy("startdatum"),
    "close_date": gettext_lazy("einddatum"), "lead_coach": gettext_lazy("hoofdcoach"),
    "referred_by": gettext_lazy("toegeleid door"), "referral_channel": gettext_lazy("kanaal"),
    "referral_note": gettext_lazy("toelichting toeleiding"), "handover_service": gettext_lazy("overdracht naar"),
    "handover_note": gettext_lazy("toelichting overdracht"), "first_name": gettext_lazy("voornaam"),
    "last_name": gettext_lazy("familienaam"), "date_of_birth": gettext_lazy("geboortedatum"),
    "phone": gettext_lazy("telefoon"), "email": gettext_lazy("e-mailadres"), "address": gettext_lazy("adres"),
    "language": gettext_lazy("taal"), "referral_source": gettext_lazy("verwezen door"),
    "national_number": gettext_lazy("rijksregisternummer"), "recorded_at": gettext_lazy("datum"),
    "text": gettext_lazy("tekst"), "measured_at": gettext_lazy("datum"), "score": gettext_lazy("score"),
    "interpretation": gettext_lazy("interpretatie"), "id": gettext_lazy("nummer"),
    "is_active": gettext_lazy("actueel"), "reading__measured_at": gettext_lazy("datum"),
    "reading__scored_by": gettext_lazy("gescoord door"), "value_demand_id": gettext_lazy("waardevraag (nummer)"),
    "occurred_on": gettext_lazy("datum"), "description": gettext_lazy("omschrijving"), "cause": gettext_lazy("oorzaak"),
    "system_condition": gettext_lazy("systeemvoorwaarde"), "limiting_assumptions": gettext_lazy("aannames"),
    "done_on": gettext_lazy("datum"), "helped": gettext_lazy("hielp het?"), "observation": gettext_lazy("observatie"),
    "participant_words": gettext_lazy("jouw woorden"), "is_waste": gettext_lazy("verspilling"),
    "occurred_at": gettext_lazy("datum en tijd"), "channel": gettext_lazy("kanaal"),
    "duration_minutes": gettext_lazy("duur (minuten)"), "with_whom": gettext_lazy("met wie"),
    "note": gettext_lazy("notitie"), "consultation__held_on": gettext_lazy("datum"),
    "conclusions": gettext_lazy("conclusies"), "follow_up": gettext_lazy("opvolging"),
    "achieved_on": gettext_lazy("datum"), "end_date": gettext_lazy("tot"), "employer": gettext_lazy("werkgever"),
    "dimona_verified": gettext_lazy("Dimona"), "step": gettext_lazy("trede"), "is_baseline": gettext_lazy("nulmeting"),
    "instrument": gettext_lazy("instrument"), "created_at": gettext_lazy("datum"),
    "is_sensitive": gettext_lazy("gevoelig"),
}


def _models() -> dict:
    from .models import (
        Action, Case, EmploymentPeriod, EmpowermentMeasurement, FailureDemand, Interaction, LadderStep, Outcome,
        Participant, ScaleScore, ValueReading,
    )
    return {"case": Case, "participants": Participant, "scale_scores": ScaleScore, "value_readings": ValueReading,
            "failure_demands": FailureDemand, "actions": Action, "interactions": Interaction, "outcomes": Outcome,
            "employment_periods": EmploymentPeriod, "participation_ladder": LadderStep,
            "empowerment": EmpowermentMeasurement}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def readable(model, field: str, value):
    """A stored value as a reader in Belgium expects it: the label of a code, dd/mm/jjjj, 1,5, Ja/Nee."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if model is not None:
        try:
            model_field = model._meta.get_field(field.rsplit("__", 1)[-1])
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, str):
        if _DATE.match(value):
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if _DATETIME.match(value) and (moment := parse_datetime(value)) is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "SHORT_DATETIME_FORMAT")
        if _DECIMAL.match(value):
            return number_format(Decimal(value), decimal_pos=len(value.split(".")[1]))
    return value


def labelled(data: dict) -> list[tuple[str, list[list[tuple[str, object]]]]]:
    """[(section title, [[(field label, value), …] per row])] for the print template."""
    out, models = [], _models()
    for key, rows in data.items():
        rows = [rows] if isinstance(rows, dict) else rows
        model = models.get(key)
        out.append((str(SECTIONS.get(key, key)),
                    [[(str(FIELDS.get(field, field)), readable(model, field, value)) for field, value in row.items()]
                     for row in rows]))
    return out


def charts(case) -> list:
    """The same SVG drawings as on the case page."""
    axes, readings, _demands = selectors.star_data(case)
    return [
        line_chart([(s.measured_at, s.score) for s in case.scale_scores.all()], rules.SCALE_MIN, rules.SCALE_MAX,
                   title=_("Evolutie op de schaal van 1 tot 10"), caption=_("Evolutie op de schaal van 1 tot 10")),
        star_diagram(axes, readings[-4:], title=_("Waardevragen: laatste lezingen"),
                     caption=_("Waardevragen: laatste lezingen")),
    ]


def render_subject_access_pdf(case) -> bytes:
    return render_pdf("cases/pdf/subject_access.html", {
        "title": _("Inzage in de gegevens – casus %(ref)s") % {"ref": case.reference},
        "case": case, "sections": labelled(selectors.subject_access_data(case)), "generated_at": timezone.localtime(),
        "charts": charts(case),
    })
