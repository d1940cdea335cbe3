"""Reads of the reporting app, ready to render (related rows loaded once)."""

from __future__ import annotations

from django.db.models import Prefetch

from partnerships.access import Perm
from partnerships.models import Partnership

from . import budget as rules
from .models import (
    Answer, Budget, CofinancingLine, EsfCall, PersonnelLine, QuestionnaireResponse, QuestionnaireTemplate, ReportJob,
)


def default_call_parameters() -> dict:
    call = EsfCall.objects.filter(is_default=True).first()
    if call is None:
        return {"sut_factor": rules.DEFAULT_SUT_FACTOR, "flat_rate_percent": rules.DEFAULT_FLAT_RATE_PERCENT,
                "nominal": rules.DEFAULT_NOMINAL_SHARES}
    return call.parameters()


def reporting_partnerships(user, perm: str = Perm.REPORTING_VIEW):
    return Partnership.objects.for_user(user, perm).select_related("work_area").order_by("name")


def budgets_with_lines():
    return Budget.objects.select_related("partnership", "call", "updated_by").prefetch_related(
        Prefetch("personnel_lines", queryset=PersonnelLine.objects.order_by("position", "pk")),
        Prefetch("cofinancing_lines", queryset=CofinancingLine.objects.order_by("position", "pk")),
    )


def budget_result(budget: Budget) -> rules.BudgetResult:
    return rules.compute(budget.to_input())


def budgets_of(partnership) -> list[tuple[Budget, rules.BudgetResult]]:
    """Every project year's budget with its computed form (constant queries)."""
    budgets = list(budgets_with_lines().filter(partnership=partnership).order_by("year"))
    return [(b, budget_result(b)) for b in budgets]


def report_jobs_of(partnership):
    return ReportJob.objects.filter(partnership=partnership).select_related("requested_by").order_by(
        "-year", "-quarter", "-version"
    )


def latest_report_jobs(user, limit: int = 3):
    return (
        ReportJob.objects.for_user(user, Perm.REPORTING_MANAGE)
        .select_related("partnership")
        .order_by("-requested_at", "-pk")[:limit]
    )


def questionnaire_templates():
    return QuestionnaireTemplate.objects.filter(is_active=True).order_by("name")


def responses_of(partnership):
    return QuestionnaireResponse.objects.filter(partnership=partnership).select_related("template", "submitted_by")


def response_answers(response: QuestionnaireResponse):
    return (
        Answer.objects.filter(response=response)
        .select_related("question")
        .prefetch_related("attachments")
        .order_by("question__position", "question__pk")
    )
