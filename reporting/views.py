"""Reporting pages: budgets, quarterly ESF reports, content reports, exports.

Thin views: access through get_for_user_or_404, writes through services."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerships.forms import apply_service_errors
from partnerships.access import Perm, get_for_user_or_404, has_perm
from partnerships.models import Partnership
from partnerships.web import paginate

from . import budget as rules
from . import exports, selectors, services
from .forms import (
    BudgetCreateForm, BudgetForm, BudgetImportForm, CofinancingFormSet, PersonnelFormSet, ReportRequestForm,
    ResponseStartForm,
)
from .models import FINANCING_LABELS, AnswerAttachment, CofinancingLine, QuestionnaireResponse, ReportJob
from .periods import Quarter


def _partnership(request, code, perm=Perm.REPORTING_VIEW):
    return get_for_user_or_404(Partnership.objects.select_related("work_area"), request.user, perm=perm, code=code)


@login_required
def index(request):
    partnerships = selectors.reporting_partnerships(request.user)
    if len(partnerships) == 1:
        return redirect("reporting:partnership", partnership=partnerships[0].code)
    return render(request, "reporting/index.html", {"partnerships": partnerships})


@login_required
def partnership_overview(request, partnership):
    partnership = _partnership(request, partnership)
    can_manage = has_perm(request.user, partnership, Perm.REPORTING_MANAGE)
    budgets = selectors.budgets_of(partnership)
    return render(request, "reporting/partnership.html", {
        "partnership": partnership,
        "can_manage": can_manage,
        "budgets": budgets,
        "total": rules.combine([r for _b, r in budgets]) if len(budgets) > 1 else None,
        "jobs": selectors.report_jobs_of(partnership)[:5],
        "responses": selectors.responses_of(partnership)[:5],
        "create_form": BudgetCreateForm(partnership=partnership) if can_manage else None,
        "datasets": exports.DATASETS,
        "financing_labels": FINANCING_LABELS,
    })


# --- Budgets -----------------------------------------------------------------

@login_required
@require_POST
def budget_create(request, partnership):
    partnership = _partnership(request, partnership, Perm.REPORTING_MANAGE)
    form = BudgetCreateForm(request.POST, partnership=partnership)
    if form.is_valid():
        try:
            budget = services.budget_create(partnership=partnership, year=form.cleaned_data["year"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De begroting voor %(year)s is aangemaakt.") % {"year": budget.year})
            return redirect("reporting:budget", budget=budget.code)
    else:
        messages.error(request, _("Kies een projectjaar zonder begroting."))
    return redirect("reporting:partnership", partnership=partnership.code)


def _budget(request, code, perm=Perm.REPORTING_VIEW):
    return get_for_user_or_404(selectors.budgets_with_lines(), request.user, perm=perm, code=code)


def _with_extra_row(data, prefix):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, 0)) + 1)
    except ValueError:
        pass
    return data


def _rows_from(formset, fields):
    """Rows of the valid, non-deleted, non-empty forms of a bound formset: (index, dict)."""
    rows = []
    for index, form in enumerate(formset.forms):
        if not form.is_valid() or not form.has_changed() and form.instance.pk is None:
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        row = {name: form.cleaned_data.get(name) for name in fields}
        if form.instance.pk:
            row["id"] = form.instance.pk
        rows.append((index, row))
    return rows


PERSONNEL_FIELDS = ["strand", "status", "function", "monthly_gross", "hours", "activity"]
COFINANCING_FIELDS = ["strand", "source", "person_bound", "amount", "description"]


def _input_from_forms(budget, form, personnel, cofinancing):
    """A BudgetInput from whatever is valid on the form (for the live recomputation)."""
    vcf = {}
    for strand, field in ((rules.OPERATION, "vcf_operation"), (rules.SUPPORT, "vcf_support")):
        value = form.cleaned_data.get(field) if form.is_valid() else None
        vcf[strand] = value if value is not None else Decimal("0.00")
    p_rows = _rows_from(personnel, PERSONNEL_FIELDS)
    c_rows = _rows_from(cofinancing, COFINANCING_FIELDS)
    data = rules.BudgetInput(
        personnel=[rules.PersonnelRow(**{k: v for k, v in r.items() if k != "id"}) for _i, r in p_rows],
        cofinancing=[rules.CofinancingRow(**{k: v for k, v in r.items() if k != "id"}) for _i, r in c_rows],
        vcf=vcf, sut_factor=budget.call.sut_factor, flat_rate_percent=budget.call.flat_rate_percent,
    )
    return data, [i for i, _r in p_rows]


def _summary_context(budget, result, row_indexes=None):
    rows = []
    if row_indexes is not None:
        rows = list(zip(row_indexes, result.personnel))
    return {
        "budget": budget,
        "result": result,
        "row_results": rows,
        "row_map": dict(rows),
        "deviations": result.deviations(budget.call.nominal_shares()),
        "financing_labels": FINANCING_LABELS,
        "strand_labels": {rules.OPERATION: _("Werking"), rules.SUPPORT: _("Ondersteuning")},
    }


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, budget):
    budget = _budget(request, budget)
    can_manage = has_perm(request.user, budget.partnership_id, Perm.REPORTING_MANAGE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    adding = None
    if data is not None:
        if "add_personnel" in data:
            data, adding = _with_extra_row(data, "personnel"), "personnel"
        elif "add_cofinancing" in data:
            data, adding = _with_extra_row(data, "cofinancing"), "cofinancing"
    form = BudgetForm(data, instance=budget)
    personnel = PersonnelFormSet(data, files, instance=budget, prefix="personnel")
    cofinancing = CofinancingFormSet(data, files, instance=budget, prefix="cofinancing")
    if not can_manage:  # no empty rows to fill in for who may only look
        personnel.extra = cofinancing.extra = 0
    if data is not None and adding is None:
        if form.is_valid() and personnel.is_valid() and cofinancing.is_valid():
            cofinancing_rows = []
            for index, row in _rows_from(cofinancing, COFINANCING_FIELDS):
                proof = cofinancing.forms[index].cleaned_data.get("proof")
                if isinstance(proof, UploadedFile) or proof is False:
                    row["proof"] = proof
                cofinancing_rows.append(row)
            try:
                services.budget_update(
                    budget=budget, by=request.user,
                    fields={name: form.cleaned_data[name] for name in services.BUDGET_FIELDS},
                    personnel=[row for _i, row in _rows_from(personnel, PERSONNEL_FIELDS)],
                    cofinancing=cofinancing_rows,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("De begroting is bewaard."))
                return redirect("reporting:budget", budget=budget.code)
        messages.error(request, _("De begroting is niet bewaard: verbeter de gemarkeerde velden."))
    if not can_manage:  # read-only for the board, the team coach and the quality coach
        for f in [form, *personnel.forms, *cofinancing.forms]:
            for field in f.fields.values():
                field.disabled = True
    if data is not None:
        computed, indexes = _input_from_forms(budget, form, personnel, cofinancing)
        result = rules.compute(computed)
    else:
        result = selectors.budget_result(budget)
        indexes = list(range(len(result.personnel)))
    return render(request, "reporting/budget_form.html", {
        "form": form, "personnel": personnel, "cofinancing": cofinancing, "can_manage": can_manage,
        "partnership": budget.partnership, "import_form": BudgetImportForm(),
        **_summary_context(budget, result, indexes),
    })


@login_required
@require_POST
def budget_preview(request, budget):
    """The recomputed form (htmx, as the user types): totals plus each row's SUT and cost."""
    budget = _budget(request, budget)
    form = BudgetForm(request.POST, instance=budget)
    personnel = PersonnelFormSet(request.POST, instance=budget, prefix="personnel")
    cofinancing = CofinancingFormSet(request.POST, instance=budget, prefix="cofinancing")
    computed, indexes = _input_from_forms(budget, form, personnel, cofinancing)
    result = rules.compute(computed)
    context = _summary_context(budget, result, indexes)
    context["oob"] = True
    context["all_indexes"] = range(len(personnel.forms))
    return render(request, "reporting/_budget_summary.html", context)


@login_required
@require_GET
def budget_export(request, budget):
    budget = _budget(request, budget)
    payload = rules.input_to_json(budget.to_input())
    response = JsonResponse(payload, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="begroting-{budget.year}.json"'
    return response


@login_required
@require_POST
def budget_import(request, budget):
    budget = _budget(request, budget, Perm.REPORTING_MANAGE)
    form = BudgetImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies een JSON-bestand om in te laden."))
        return redirect("reporting:budget", budget=budget.code)
    try:
        raw = form.cleaned_data["file"].read()
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        messages.error(request, _("Het bestand is geen geldige JSON: %(error)s") % {"error": getattr(exc, "msg", exc)})
        return redirect("reporting:budget", budget=budget.code)
    try:
        services.budget_import(budget=budget, by=request.user, data=data)
    except rules.BudgetError as exc:
        messages.error(request, _("Niet ingeladen: fout in %(where)s: %(message)s") % {
            "where": exc.location, "message": exc.message})
    except ValidationError as exc:
        messages.error(request, _("Niet ingeladen: %(error)s") % {"error": " ".join(exc.messages)})
    else:
        messages.success(request, _("De begroting is ingeladen."))
    return redirect("reporting:budget", budget=budget.code)


@login_required
@require_GET
def budget_totals(request, partnership):
    partnership = _partnership(request, partnership)
    budgets = selectors.budgets_of(partnership)
    result = rules.combine([r for _b, r in budgets])
    call = budgets[0][0].call if budgets else services.call_default()
    return render(request, "reporting/budget_totals.html", {
        "partnership": partnership, "budgets": budgets, "result": result,
        "deviations": result.deviations(call.nominal_shares()) if budgets else [],
        "financing_labels": FINANCING_LABELS,
        "strand_labels": {rules.OPERATION: _("Werking"), rules.SUPPORT: _("Ondersteuning")},
    })


# --- Quarterly reports ----------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def report_list(request, partnership):
    partnership = _partnership(request, partnership)
    can_manage = has_perm(request.user, partnership, Perm.REPORTING_MANAGE)
    today = timezone.localdate()
    form = ReportRequestForm(request.POST or None, partnership=partnership, today=today)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                job = services.report_request(partnership=partnership, quarter=form.cleaned_data["quarter"],
                                              by=request.user)
            except ValidationError as exc:
                form.add_error("quarter", exc.messages[0])
            else:
                # on_commit has run (ATOMIC_REQUESTS is off): job.broker_down is known.
                if getattr(job, "broker_down", False):
                    messages.warning(request, services.BROKER_DOWN)
                else:
                    messages.success(request, _("Het rapport wordt gemaakt. Deze pagina toont de voortgang."))
                return redirect("reporting:report", report=job.code)
    jobs = selectors.report_jobs_of(partnership)
    status_filter, year_filter = request.GET.get("status", ""), request.GET.get("year", "")
    if status_filter in ReportJob.Status.values:
        jobs = jobs.filter(status=status_filter)
    if year_filter.isdigit():
        jobs = jobs.filter(year=int(year_filter))
    page = paginate(request, jobs)
    pending = ReportJob.objects.filter(partnership=partnership, status=ReportJob.Status.QUEUED,
                                       sent_at__isnull=True).count()
    return render(request, "reporting/report_list.html", {
        "partnership": partnership, "form": form, "page": page, "can_manage": can_manage, "pending": pending,
        "statuses": ReportJob.Status.choices, "status_filter": status_filter, "year_filter": year_filter,
        "years": range(partnership.start_date.year, partnership.end_date.year + 1),
    })


@login_required
@require_POST
def report_send_pending(request, partnership):
    partnership = _partnership(request, partnership, Perm.REPORTING_MANAGE)
    sent, pending = services.report_jobs_send_pending(partnership=partnership)
    if pending:
        messages.warning(request, services.BROKER_DOWN)
    else:
        messages.success(request, _("%(count)s wachtende aanvraag/aanvragen verstuurd.") % {"count": sent})
    return redirect("reporting:reports", partnership=partnership.code)


def _job(request, code):
    return get_for_user_or_404(
        ReportJob.objects.select_related("partnership", "requested_by"), request.user, perm=Perm.REPORTING_VIEW,
        code=code,
    )


@login_required
@require_GET
def report_detail(request, report):
    job = _job(request, report)
    template = "reporting/_report_status.html" if request.htmx else "reporting/report_detail.html"
    return render(request, template, {"job": job, "partnership": job.partnership,
                                      "can_manage": has_perm(request.user, job.partnership_id, Perm.REPORTING_MANAGE)})


@login_required
@require_GET
def report_download(request, report):
    job = _job(request, report)
    if job.status != ReportJob.Status.DONE or not job.file:
        messages.info(request, _("Dit rapport is nog niet klaar."))
        return redirect("reporting:report", report=job.code)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.filename(), content_type="application/pdf")


# --- Content reports (questionnaires) ---------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def response_list(request, partnership):
    partnership = _partnership(request, partnership)
    can_manage = has_perm(request.user, partnership, Perm.REPORTING_MANAGE)
    form = ResponseStartForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                response = services.response_start(partnership=partnership, template=form.cleaned_data["template"],
                                                   period=form.cleaned_data["period"], by=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("reporting:response", response=response.code)
    responses = selectors.responses_of(partnership)
    status_filter = request.GET.get("status", "")
    if status_filter in QuestionnaireResponse.Status.values:
        responses = responses.filter(status=status_filter)
    page = paginate(request, responses)
    return render(request, "reporting/response_list.html", {
        "partnership": partnership, "form": form, "page": page, "can_manage": can_manage,
        "statuses": QuestionnaireResponse.Status.choices, "status_filter": status_filter,
    })


def _response(request, code, perm=Perm.REPORTING_VIEW):
    return get_for_user_or_404(
        QuestionnaireResponse.objects.select_related("partnership", "template", "submitted_by"),
        request.user, perm=perm, code=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_detail(request, response):
    response_obj = _response(request, response)
    can_edit = has_perm(request.user, response_obj.partnership_id, Perm.REPORTING_MANAGE) and not response_obj.is_locked
    answers = list(selectors.response_answers(response_obj))
    errors = {}
    typed = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        typed = {a.question_id: request.POST.get(f"q{a.question_id}", a.text) for a in answers}
        uploads = {a.question_id: request.FILES.getlist(f"files{a.question_id}") for a in answers}
        try:
            services.response_save(response=response_obj, by=request.user, answers=typed,
                                   attachments={k: v for k, v in uploads.items() if v})
            if "submit" in request.POST:
                submitted = services.response_submit(response=response_obj, by=request.user)
                services.content_report_pdf_request(response=submitted)
                messages.success(request, _("De rapportering is ingediend en vergrendeld."))
            else:
                messages.success(request, _("Het ontwerp is bewaard."))
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            messages.error(request, _("Niet ingediend: vul de verplichte vragen in."))
        else:
            return redirect("reporting:response", response=response_obj.code)
    rows = [
        {"answer": a, "value": typed.get(a.question_id, a.text), "errors": errors.get(f"q{a.question_id}", [])}
        for a in answers
    ]
    return render(request, "reporting/response_detail.html", {
        "response": response_obj, "partnership": response_obj.partnership, "rows": rows, "can_edit": can_edit,
        "form_errors": errors.get("__all__", []),
    })


@login_required
@require_GET
def response_pdf(request, response):
    """The content report as PDF: served when current, else asked from the worker (never rendered here)."""
    response_obj = _response(request, response)
    if not response_obj.pdf_is_current:
        services.content_report_pdf_request(response=response_obj)
        response_obj.refresh_from_db()  # without a broker the task has already run
    if response_obj.pdf_is_current:
        return _file_or_404(response_obj.pdf, f"inhoudelijke-rapportering-{slugify(response_obj.period)}.pdf")
    messages.info(request, _("De PDF wordt gemaakt. Probeer het over enkele ogenblikken opnieuw."))
    return redirect("reporting:response", response=response_obj.code)


@login_required
@require_GET
def cofinancing_proof(request, cofinancing_id):
    line = get_for_user_or_404(CofinancingLine.objects.select_related("budget"), request.user,
                               perm=Perm.REPORTING_VIEW, pk=cofinancing_id)
    return _file_or_404(line.proof)


@login_required
@require_GET
def attachment_download(request, attachment_id):
    attachment = get_for_user_or_404(AnswerAttachment.objects.all(), request.user, perm=Perm.REPORTING_VIEW,
                                     pk=attachment_id)
    return _file_or_404(attachment.file, attachment.name)


def _file_or_404(field_file, filename=None):
    """Uploaded files are served only through a scoped view, never from a public media URL."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    import os

    return FileResponse(handle, as_attachment=True, filename=filename or os.path.basename(field_file.name))


# --- Exports --------------------------------------------------------------------------

@login_required
@require_GET
def export(request, partnership, dataset, file_format):
    partnership = _partnership(request, partnership, Perm.REPORTING_MANAGE)
    if dataset not in exports.DATASETS or file_format not in ("csv", "xlsx"):
        raise Http404
    header, rows = exports.DATASETS[dataset].build(partnership)
    filename = f"{dataset}-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == "csv":
        body, content_type = exports.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(header, rows, title=str(exports.DATASETS[dataset].title))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def quarter_from(value: str) -> Quarter:
    year, number = value.split("-")
    return Quarter(int(year), int(number))
