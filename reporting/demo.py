"""Demo data of the reporting app: the DOMAIN.md worked example as Turnhout's 2025 budget,
a content-report draft (call 512 phase 2) and, cheaply, one generated quarterly report.

Idempotent: looked up by natural keys (partnership + year, template + period, quarter)."""

import json

from django.utils import timezone

from . import services
from .models import Budget, QuestionnaireResponse, ReportJob
from .periods import Quarter

WORKED_EXAMPLE = {
    "personnel": [
        {"strand": "operation", "status": "to_hire", "function": "procescoach", "monthly_gross": "3600.00",
         "hours": "1720", "activity": "coaching van deelnemers"},
        {"strand": "operation", "status": "employed", "function": "expert geestelijke gezondheid",
         "monthly_gross": "4810.55", "hours": "430", "activity": "GGZ-expertise op casusniveau"},
        {"strand": "operation", "status": "employed", "function": "VDAB-bemiddelaar", "monthly_gross": "3377.45",
         "hours": "688", "activity": "bemiddeling naar werk"},
        {"strand": "support", "status": "employed", "function": "coördinator", "monthly_gross": "4250.00",
         "hours": "344", "activity": "regie en coördinatie"},
    ],
    "cofinancing": [
        {"strand": "operation", "source": "local_government", "person_bound": True, "amount": "26672.63",
         "description": "lokale besturen"},
        {"strand": "operation", "source": "vdab_staff", "person_bound": True, "amount": "11150.00",
         "description": "VDAB-bemiddelaar"},
        {"strand": "operation", "source": "vdab_budget", "person_bound": False, "amount": "15522.64",
         "description": "VDAB-budget"},
        {"strand": "support", "source": "vdab_budget", "person_bound": False, "amount": "2456.16",
         "description": "VDAB-budget"},
    ],
    "vcf": {"operation": "53345.27", "support": "7368.48"},
}


def build(world):
    turnhout = world.turnhout
    coordinator = world.users.get("coordinator")
    # 2025 is DOMAIN.md's worked example; the current year repeats it so the quarterly report has a budget.
    for year in sorted({2025, timezone.localdate().year}):
        if not (turnhout.start_date.year <= year <= turnhout.end_date.year):
            continue
        budget = Budget.objects.filter(partnership=turnhout, year=year).first()
        if budget is None:
            budget = services.budget_create(partnership=turnhout, year=year, by=None)
            services.budget_import(budget=budget, by=coordinator, data=json.loads(json.dumps(WORKED_EXAMPLE)))
            budget.separate_accounting = True
            budget.save(update_fields=["separate_accounting"])
        world.extra.setdefault("budget", budget)

    template = services.questionnaire_template_install()[0]
    response = QuestionnaireResponse.objects.filter(partnership=turnhout, template=template, period="fase 2").first()
    if response is None:
        response = services.response_start(partnership=turnhout, template=template, period="fase 2", by=None)
        q2 = template.questions.get(number="2")
        services.response_save(response=response, by=None, answers={
            q2.pk: "De opmerkingen bij de goedkeuring namen we mee in de werkpakketten van fase 2.",
        })
    world.extra["content_report"] = response

    quarter = Quarter.of(timezone.localdate()).previous()
    if quarter.end >= turnhout.start_date and not ReportJob.objects.filter(
        partnership=turnhout, year=quarter.year, quarter=quarter.number
    ).exists():
        job = ReportJob.objects.create(partnership=turnhout, year=quarter.year, quarter=quarter.number,
                                       requested_by=coordinator)
        claimed = services.report_job_claim(job_id=job.pk)  # rendered here, not via the broker: cheap and certain
        if claimed is not None:
            from .report import render_quarterly_report

            services.report_job_finish(job=claimed, pdf=render_quarterly_report(turnhout, quarter, job=claimed))


