"""The quarterly ESF report: figures + charts rendered to PDF (called by the task and by tests)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import figures
from .models import FINANCING_LABELS, ReportJob
from .pdf import render_pdf
from .periods import Quarter


def _pdf_safe(svg):
    """WeasyPrint sizes an inline SVG with ``height:auto`` as a near-square box (the chart floats in blank space
    and pushes headings onto empty pages); without it the width/height attributes hold and max-width still
    scales a wide chart down."""
    import re

    from django.utils.safestring import mark_safe

    return mark_safe(re.sub(r'(<svg\b[^>]*?style="[^"]*?);?\s*height:\s*auto;?', r"\1", str(svg)))


def _charts(data: dict) -> dict:
    return {name: _pdf_safe(svg) for name, svg in _web_charts(data).items()}


def _web_charts(data: dict) -> dict:
    from . import charts

    result = {}
    evolution = data["evolution"]
    if evolution.available and evolution.rows:
        result["evolution"] = charts.line_chart(
            [(r["quarter"], r["reached"]) for r in evolution.rows], 0, max(max(r["reached"] for r in evolution.rows), 1),
            title=_("Bereikte casussen per kwartaal"), label=_("bereikt"),
            other_series=[(_("nieuw"), [(r["quarter"], r["new"]) for r in evolution.rows]),
                          (_("afgesloten"), [(r["quarter"], r["closed"]) for r in evolution.rows])],
            caption=_("Evolutie per kwartaal sinds de start van het project."),
        )
    scale = data["scale"]
    if scale.available and scale.cases:
        result["scale"] = charts.bar_chart(
            [(str(score), n) for score, n in scale.distribution],
            title=_("Laatste score op de schaal 1–10 per casus"),
            caption=_("Aantal casussen per laatste score."),
        )
    outcomes = data["outcomes"]
    if outcomes.available and outcomes.by_kind:
        result["outcomes"] = charts.bar_chart(
            [(str(r["label"]), r["cumulative"]) for r in outcomes.by_kind],
            title=_("Uitstroom en vooruitgang (cumulatief)"),
        )
    return result


def quarterly_report_context(partnership, quarter: Quarter, *, job: ReportJob | None = None) -> dict:
    data = figures.quarterly_figures(partnership, quarter)
    return {
        "title": _("ESF-kwartaalrapport %(quarter)s – %(partnership)s") % {"quarter": quarter, "partnership": partnership.name},
        "partnership": partnership,
        "quarter": quarter,
        "job": job,
        "generated_at": timezone.localtime(),
        "financing_labels": FINANCING_LABELS,
        "charts": _charts(data),
        **data,
    }


def render_quarterly_report(partnership, quarter: Quarter, *, job: ReportJob | None = None) -> bytes:
    with override("nl-be"):
        context = quarterly_report_context(partnership, quarter, job=job)
    return render_pdf("reporting/pdf/quarterly.html", context, language="nl-be")


def render_content_report(response) -> bytes:
    """The content report (questionnaire answers) as PDF."""
    from .selectors import response_answers

    return render_pdf("reporting/pdf/content_report.html", {
        "title": str(response.template), "response": response, "answers": response_answers(response),
    }, language="nl-be")
