"""Casework pages: thin views over cases/selectors.py and cases/services.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from partnerships.forms import apply_service_errors as _apply_errors
from partnerships.access import Perm, get_for_user_or_404, has_perm, roles_by_partnership
from partnerships.audit import record_view
from partnerships.models import Partnership
from partnerships.web import paginate
from reporting.charts import bar_chart, line_chart, star_diagram

from . import forms, rules, selectors, services
from .models import (
    Case, CaseKind, CaseWorker, Consultation, FailureCause, Persona, SubjectAccessExport, SystemCondition, ValueDemand,
    ValueStep,
)


def _partnership(request, code, *perms: str) -> Partnership:
    """A partnership of the user (404 otherwise) where they hold one of ``perms`` (403 otherwise)."""
    partnership = get_for_user_or_404(Partnership, request.user, code=code)
    if perms and not any(has_perm(request.user, partnership, p) for p in perms):
        raise PermissionDenied
    return partnership


def _case_partnerships(user, perm=Perm.VIEW_CASES) -> list[int]:
    return [pid for pid in roles_by_partnership(user) if has_perm(user, pid, perm)]



# --- Lists --------------------------------------------------------------------

@login_required
def case_list(request):
    partnership_ids = _case_partnerships(request.user)
    if not partnership_ids:
        raise PermissionDenied
    form = forms.CaseFilterForm(request.GET or None, partnership_ids=partnership_ids)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"coach": data["coach"], "status": data["status"], "persona": data["persona"],
                   "query": data["q"].strip(), "no_persona": data["no_persona"]}
    cases = selectors.case_list(request.user, **filters)
    page = paginate(request, cases)
    can_open = [p for p in Partnership.objects.filter(pk__in=_case_partnerships(request.user, Perm.EDIT_CASES))]
    return render(request, "cases/case_list.html", {"page": page, "form": form, "can_open": can_open})


@login_required
def overdue_list(request):
    if not _case_partnerships(request.user):
        raise PermissionDenied
    mine = request.GET.get("alle") != "1"
    cases = selectors.overdue_follow_ups(request.user, only_mine=mine)
    return render(request, "cases/overdue_list.html", {"page": paginate(request, cases), "mine": mine})


@login_required
def partnership_pages(request, page):
    """The nav's entry to a partnership-level page: straight there with one partnership, else a choice."""
    perm = Perm.REPORTING_VIEW if page == "learning" else Perm.VIEW_CASES
    ids = [pid for pid in roles_by_partnership(request.user) if has_perm(request.user, pid, perm)]
    if not ids:
        raise PermissionDenied
    partnerships = list(Partnership.objects.filter(pk__in=ids).order_by("name"))
    if len(partnerships) == 1:
        return redirect(f"cases:{page}", partnership=partnerships[0].code)
    titles = {"learning": _("Leren uit de casussen"), "consultations": _("Casusoverleg")}
    return render(request, "cases/choose_partnership.html",
                  {"partnerships": partnerships, "page": f"cases:{page}", "title": titles[page]})


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, case):
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    participant = case.participants.first()
    if participant is None or participant.anonymised_at is not None:
        raise Http404
    form = forms.ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(participant=participant, by=request.user, **form.changes())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("De gegevens van de deelnemer zijn bewaard."))
            return redirect("cases:detail", case=case.code)
    return render(request, "cases/entry_form.html",
                  {"case": case, "form": form, "title": _("Gegevens van de deelnemer"), "kind": "participant"})


# --- Open a case ------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def case_open(request, partnership):
    partnership = _partnership(request, partnership, Perm.EDIT_CASES)
    form = forms.CaseOpenForm(request.POST or None, partnership=partnership, user=request.user)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["kind"] == CaseKind.PERSON:
            duplicates = list(selectors.possible_duplicates(
                partnership=partnership, first_name=data["first_name"], last_name=data["last_name"],
                date_of_birth=data["date_of_birth"], national_number=data["national_number"]))
        if duplicates and not data["confirm_new"]:
            form.add_error(None, _("Deze deelnemer bestaat mogelijk al in het partnerschap. Kijk de lijst na en "
                                   "bevestig dat het om een nieuwe deelnemer gaat."))
        else:
            try:
                participants = []
                if data["kind"] == CaseKind.PERSON:
                    participants.append(services.participant_create(
                        partnership=partnership, by=request.user,
                        **{k: data[k] for k in services.PARTICIPANT_FIELDS if k in data},
                    ))
                case = services.case_open(
                    partnership=partnership, by=request.user, kind=data["kind"], title=data["title"],
                    start_date=data["start_date"], lead_coach=data["lead_coach"], participants=participants,
                    purpose=data["purpose"], referred_by=data["referred_by"],
                    referral_channel=data["referral_channel"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("De casus is aangemaakt."))
                return redirect("cases:detail", case=case.code)
    return render(request, "cases/case_open.html",
                  {"form": form, "partnership": partnership, "duplicates": duplicates})


# --- The case page ------------------------------------------------------------

@login_required
def case_detail(request, case):
    case = selectors.get_case(request.user, case)
    record_view(request.user, case)
    workers = selectors.current_workers(case)
    sensitive_allowed = selectors.can_see_sensitive(request.user, case, workers)
    kinds = {k for k in request.GET.getlist("soort") if k in dict(selectors.TIMELINE_KINDS)}
    timeline = selectors.case_timeline(request.user, case, kinds=kinds or None, sensitive_allowed=sensitive_allowed)
    try:
        window = max(1, min(int(request.GET.get("venster", 30)), 730))
    except ValueError:
        window = 30
    summary = selectors.case_summary(case, window_days=window)
    readings = list(case.value_readings.select_related("recorded_by").prefetch_related("scores")
                    .order_by("measured_at", "pk"))
    axes, star_readings, _demands = selectors.star_data(case, readings)
    periods = list(case.employment_periods.all())
    context = {
        "case": case,
        "participants": list(case.participants.all()),
        "purpose": case.purpose_versions.select_related("recorded_by").first(),
        "workers": workers,
        "timeline": timeline,
        # a phone scrolls through 100 events at a time, not through years of history at once
        "timeline_page": paginate(request, timeline, per_page=100),
        "timeline_kinds": selectors.TIMELINE_KINDS,
        "selected_kinds": kinds,
        "summary": summary,
        "window": window,
        "scale_chart": _scale_chart(summary["scores"]),
        # the star shows the last readings (at most 4 overlaid stay readable); all are in the timeline
        "star_chart": star_diagram(axes, star_readings[-4:], title=_("Waardevragen: laatste lezingen")),
        "gaps": selectors.latest_gap(case, readings),
        "work": selectors.work_definition(case, periods),
        "periods": periods,
        "can_edit": has_perm(request.user, case.partnership_id, Perm.EDIT_CASES),
        "sensitive_allowed": sensitive_allowed,
        "personas": list(case.personas.all()),
        "ladder": case.ladder_steps.order_by("-measured_at", "-pk").first(),
        "empowerment": _empowerment(list(case.empowerment_measurements.all())),
    }
    return render(request, "cases/case_detail.html", context)


def _empowerment(measurements) -> dict:
    """The baseline against the latest repeat."""
    baseline = next((m for m in measurements if m.is_baseline), None)
    latest = measurements[-1] if measurements else None
    change = latest.score - baseline.score if baseline and latest and latest is not baseline else None
    return {"baseline": baseline, "latest": latest, "change": change}


def _scale_chart(scores):
    return line_chart(
        [(s.measured_at, s.score) for s in scores], rules.SCALE_MIN, rules.SCALE_MAX,
        title=_("Evolutie op de schaal van 1 tot 10"), label=_("Score"),
        caption=_("10 = de casus kan losgelaten worden. De interpretaties staan in de tijdlijn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, case):
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    form = forms.CaseEditForm(request.POST or None, instance=case)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_update(
                case=case, by=request.user, expected_version=data["version"], personas=data["personas"],
                **{name: data[name] for name in services.CASE_EDITABLE_FIELDS},
            )
        except services.ConcurrentEditError as exc:
            # Nothing the user typed is lost: their input stays in the form, the other
            # person's values are shown next to it, and saving again is a conscious choice.
            form.add_error(None, exc)
            current = Case.objects.select_related("referred_by").get(pk=case.pk)
            conflict = _differences(form, current)
            form.data = form.data.copy()
            form.data["version"] = current.version
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("De casus is bijgewerkt."))
            return redirect("cases:detail", case=case.code)
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "conflict": conflict})


def _differences(form, current) -> list[tuple[str, str]]:
    """(label, value saved by the other person) where it differs from this form's input."""
    rows = []
    for name in services.CASE_EDITABLE_FIELDS:
        theirs = getattr(current, name)
        if form.cleaned_data.get(name) != theirs:
            display = getattr(current, f"get_{name}_display", None)
            value = display() if display else theirs
            rows.append((form.fields[name].label, "—" if value in (None, "") else str(value)))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def case_workers(request, case):
    case = selectors.get_case(request.user, case, Perm.VIEW_CASES)
    can_edit = has_perm(request.user, case.partnership_id, Perm.EDIT_CASES)
    form = forms.WorkerForm(request.POST or None, partnership=case.partnership)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.case_assign_worker(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("De betrokkene is toegevoegd."))
                return redirect("cases:workers", case=case.code)
    if request.method == "GET":
        record_view(request.user, case)
    workers = case.workers.select_related("user", "user__organisation").order_by("end_date", "-start_date")
    return render(request, "cases/case_workers.html",
                  {"case": case, "form": form, "workers": workers, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def case_worker_end(request, case, worker_id):
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    worker = get_object_or_404(CaseWorker.objects.select_related("user"), case=case, pk=worker_id,
                               end_date__isnull=True)
    if request.method == "GET":  # a confirmation first: one stray tap on a phone must not end it
        return render(request, "includes/confirm_delete.html", {
            "question": _("De betrokkenheid van %(name)s bij deze casus beëindigen?") % {"name": worker.user},
            "cancel_url": reverse("cases:workers", kwargs={"case": case.code}),
            "confirm_label": _("Beëindigen"),
        })
    services.case_worker_end(worker=worker, by=request.user)
    messages.success(request, _("De betrokkenheid is beëindigd."))
    return redirect("cases:workers", case=case.code)


# --- Quick entries on a case (phone-first) -----------------------------------

@dataclass
class Entry:
    title: str
    form: Callable
    save: Callable
    done: str
    template: str = "cases/entry_form.html"


def _interaction_save(case, user, data):
    return services.interaction_log(case=case, by=user, **data)


def _reading_form(case, data):
    demands = list(case.value_demands.filter(is_active=True))
    return forms.ValueReadingForm(data, demands=demands)


ENTRIES: dict[str, Entry] = {
    "interaction": Entry(gettext_lazy("Interactie registreren"), lambda case, data: forms.InteractionForm(data),
                         _interaction_save, gettext_lazy("De interactie is geregistreerd.")),
    "scale": Entry(gettext_lazy("Score op de schaal van 1 tot 10"), lambda case, data: forms.ScaleScoreForm(data),
                   lambda case, user, data: services.scale_score_record(case=case, by=user, **data),
                   gettext_lazy("De score is bewaard.")),
    "reading": Entry(gettext_lazy("Lezing van de waardevragen (1-5)"), _reading_form,
                     lambda case, user, data: services.value_reading_record(case=case, by=user, **data),
                     gettext_lazy("De lezing is bewaard."), "cases/reading_form.html"),
    "value_demand": Entry(gettext_lazy("Waardevraag toevoegen"), lambda case, data: forms.ValueDemandForm(data),
                          lambda case, user, data: services.value_demand_add(case=case, by=user, **data),
                          gettext_lazy("De waardevraag is toegevoegd.")),
    "purpose": Entry(gettext_lazy("Bedoeling aanpassen"), lambda case, data: forms.PurposeForm(data),
                     lambda case, user, data: services.purpose_update(case=case, by=user, **data),
                     gettext_lazy("De nieuwe versie van de bedoeling is bewaard.")),
    "failure": Entry(gettext_lazy("Faalvraag noteren"), lambda case, data: forms.FailureDemandForm(data),
                     lambda case, user, data: services.failure_demand_record(case=case, by=user, **data),
                     gettext_lazy("De faalvraag is genoteerd.")),
    "action": Entry(gettext_lazy("Actie noteren"), lambda case, data: forms.ActionForm(data, case=case),
                    lambda case, user, data: services.action_record(case=case, by=user, **data),
                    gettext_lazy("De actie is genoteerd.")),
    "outcome": Entry(gettext_lazy("Uitstroom of vooruitgang"), lambda case, data: forms.OutcomeForm(data),
                     lambda case, user, data: services.outcome_record(case=case, by=user, **data),
                     gettext_lazy("Bewaard.")),
    "employment": Entry(gettext_lazy("Tewerkstellingsperiode"), lambda case, data: forms.EmploymentForm(data),
                        lambda case, user, data: services.employment_period_record(case=case, by=user, **data),
                        gettext_lazy("De periode is bewaard.")),
    "ladder": Entry(gettext_lazy("Trede op de participatieladder"), lambda case, data: forms.LadderForm(data),
                    lambda case, user, data: services.ladder_step_record(case=case, by=user, **data),
                    gettext_lazy("De trede is bewaard.")),
    "empowerment": Entry(gettext_lazy("Empowermentmeting"), lambda case, data: forms.EmpowermentForm(data),
                         lambda case, user, data: services.empowerment_record(case=case, by=user, **data),
                         gettext_lazy("De meting is bewaard.")),
    "follow_up": Entry(gettext_lazy("Driemaandelijkse opvolging"), lambda case, data: forms.FollowUpForm(data),
                       lambda case, user, data: services.follow_up_record(case=case, by=user, **data),
                       gettext_lazy("De opvolging is bewaard.")),
    "note": Entry(gettext_lazy("Notitie"), lambda case, data: forms.NoteForm(data),
                  lambda case, user, data: services.note_add(case=case, by=user, **data),
                  gettext_lazy("De notitie is bewaard.")),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_entry(request, case, kind):
    entry = ENTRIES[kind]
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    form = entry.form(case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if kind == "reading":
            data = {"scores": form.scores(), "scored_by": data["scored_by"], "measured_at": data["measured_at"],
                    "note": data["note"]}
        try:
            entry.save(case, request.user, data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, entry.done)
            if kind == "value_demand" and request.POST.get("next") == "reading":
                return redirect("cases:reading_add", case=case.code)
            return redirect(reverse("cases:detail", kwargs={"case": case.code}) + "#tijdlijn")
    if request.method == "GET":
        record_view(request.user, case)
    context = {"case": case, "form": form, "title": entry.title, "kind": kind}
    if kind == "scale":
        context["chart"] = _scale_chart(list(case.scale_scores.all()))
        context["last_score"] = case.scale_scores.order_by("-measured_at", "-pk").first()
    if kind == "reading":
        axes, readings, demands = selectors.star_data(case)
        context["chart"] = star_diagram(axes, readings[-4:])
        context["demand_form"] = forms.ValueDemandForm()
        context["demands"] = list(case.value_demands.order_by("-is_active", "position", "pk"))
    return render(request, entry.template, context)


@login_required
@require_http_methods(["POST"])
def value_demand_toggle(request, case, value_demand_id):
    """Stop following a value demand in new readings (or follow it again); its past scores stay."""
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    demand = get_object_or_404(ValueDemand, case=case, pk=value_demand_id)
    services.value_demand_update(value_demand=demand, by=request.user, is_active=not demand.is_active)
    messages.success(request, _("De waardevraag is bewaard."))
    return redirect("cases:reading_add", case=case.code)


# --- Privacy ------------------------------------------------------------------

@login_required
def case_access_log(request, case):
    """'Who looked at this file': for the case's team and the coordinator (audit)."""
    case = get_for_user_or_404(Case.objects.select_related("partnership"), request.user, code=case)
    if not (has_perm(request.user, case.partnership_id, Perm.VIEW_CASES)
            or has_perm(request.user, case.partnership_id, Perm.VIEW_AUDIT)):
        raise PermissionDenied
    page = paginate(request, selectors.access_log(case), per_page=50)
    return render(request, "cases/access_log.html", {"case": case, "page": page})


@login_required
def case_export_json(request, case):
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    record_view(request.user, case)
    data = selectors.subject_access_data(case)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="inzage-{case.reference}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_exports(request, case):
    """Subject-access PDF: requested here, rendered by a worker, downloaded when ready."""
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    if request.method == "POST":
        services.subject_access_export_request(case=case, by=request.user)
        messages.success(request, _("De PDF wordt gemaakt. Vernieuw deze pagina binnen enkele ogenblikken."))
        return redirect("cases:exports", case=case.code)
    # A job the broker never received (it was down) is sent again when the page is reloaded.
    services.subject_access_exports_send_pending(case=case)
    exports = case.exports.select_related("requested_by")
    return render(request, "cases/exports.html", {"case": case, "exports": exports})


@login_required
def export_download(request, export):
    job = get_for_user_or_404(SubjectAccessExport.objects.select_related("case"), request.user,
                              perm=Perm.EDIT_CASES, code=export)
    if job.status != SubjectAccessExport.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_view(request.user, job.case)
    return FileResponse(handle, as_attachment=True, filename=f"inzage-{job.case.reference}.pdf",
                        content_type="application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
def case_anonymise(request, case):
    case = selectors.get_case(request.user, case, Perm.EDIT_CASES)
    if request.method == "POST":
        try:
            services.case_anonymise(case=case, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De casus is geanonimiseerd. De cijfers blijven voor de rapportering."))
        return redirect("cases:detail", case=case.code)
    return render(request, "includes/confirm_delete.html", {
        "question": _("Casus %(ref)s anonimiseren?") % {"ref": case.reference},
        "detail": _("Namen, contactgegevens, rijksregisternummer en alle vrije tekst worden definitief gewist. "
                    "Data, scores en aantallen blijven voor de rapportering. Dit kan niet ongedaan worden."),
        "cancel_url": reverse("cases:detail", kwargs={"case": case.code}),
        "confirm_label": _("Ja, anonimiseren"),
    })


# --- Partnership level: personas, value steps, consultations, learning -------

def _framework_page(request, partnership, *, form_class, save, success, url_name, template, items_name, items):
    """The partnership's personas or value steps: the list, and a form to add one
    for people who may edit the framework (coaches, experts, the coordinator)."""
    partnership = _partnership(request, partnership, Perm.VIEW_CASES, Perm.REPORTING_VIEW, Perm.EDIT_PARTNERSHIP)
    can_edit = has_perm(request.user, partnership, Perm.EDIT_CASES) or has_perm(
        request.user, partnership, Perm.EDIT_PARTNERSHIP)
    form = form_class(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                save(partnership=partnership, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, success)
                return redirect(url_name, partnership=partnership.code)
    return render(request, template, {
        "partnership": partnership, "form": form, "can_edit": can_edit, items_name: items(partnership),
    })


@login_required
@require_http_methods(["GET", "POST"])
def personas(request, partnership):
    return _framework_page(
        request, partnership, form_class=forms.PersonaForm, save=services.persona_save,
        success=_("De persona is toegevoegd."), url_name="cases:personas", template="cases/personas.html",
        items_name="personas", items=selectors.personas,
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_steps(request, partnership):
    return _framework_page(
        request, partnership, form_class=forms.ValueStepForm, save=services.value_step_save,
        success=_("De waardestap is toegevoegd."), url_name="cases:value_steps", template="cases/value_steps.html",
        items_name="steps", items=selectors.value_steps,
    )


def _framework_item(request, queryset, pk):
    item = get_for_user_or_404(queryset.select_related("partnership"), request.user, pk=pk)
    if not (has_perm(request.user, item.partnership_id, Perm.EDIT_CASES)
            or has_perm(request.user, item.partnership_id, Perm.EDIT_PARTNERSHIP)):
        raise PermissionDenied
    return item


@login_required
@require_http_methods(["GET", "POST"])
def value_step_edit(request, value_step_id):
    step = _framework_item(request, ValueStep.objects.all(), value_step_id)
    initial = {"name": step.name, "description": step.description, "position": step.position,
               "is_active": step.is_active}
    form = forms.ValueStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_step_save(partnership=step.partnership, by=request.user, value_step=step,
                                     **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("De waardestap is bewaard."))
            return redirect("cases:value_steps", partnership=step.partnership.code)
    return render(request, "cases/framework_form.html", {
        "form": form, "title": _("Waardestap bewerken"),
        "cancel_url": reverse("cases:value_steps", kwargs={"partnership": step.partnership.code}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def persona_edit(request, persona_id):
    persona = _framework_item(request, Persona.objects.all(), persona_id)
    initial = {"name": persona.name, "value_demand_pattern": persona.value_demand_pattern,
               "context": persona.context, "is_active": persona.is_active}
    form = forms.PersonaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.persona_save(partnership=persona.partnership, by=request.user, persona=persona,
                                  **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("De persona is bewaard."))
            return redirect("cases:personas", partnership=persona.partnership.code)
    return render(request, "cases/framework_form.html", {
        "form": form, "title": _("Persona bewerken"),
        "cancel_url": reverse("cases:personas", kwargs={"partnership": persona.partnership.code}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def consultations(request, partnership):
    partnership = _partnership(request, partnership, Perm.VIEW_CASES)
    can_edit = has_perm(request.user, partnership, Perm.EDIT_CASES)
    form = forms.ConsultationForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            consultation = services.consultation_create(partnership=partnership, by=request.user,
                                                        **form.cleaned_data)
            messages.success(request, _("Het casusoverleg is aangemaakt. Voeg de besproken casussen toe."))
            return redirect("cases:consultation", consultation=consultation.code)
    items = Consultation.objects.filter(partnership=partnership).prefetch_related("attendees").order_by("-held_on")
    return render(request, "cases/consultations.html", {
        "partnership": partnership, "form": form, "can_edit": can_edit, "page": paginate(request, items),
    })


@login_required
@require_http_methods(["GET", "POST"])
def consultation_detail(request, consultation):
    consultation = get_for_user_or_404(Consultation.objects.select_related("partnership"), request.user,
                                       perm=Perm.VIEW_CASES, code=consultation)
    can_edit = has_perm(request.user, consultation.partnership_id, Perm.EDIT_CASES)
    cases = Case.objects.filter(partnership=consultation.partnership, anonymised_at__isnull=True).prefetch_related(
        "participants").order_by("-start_date")
    form = forms.ConsultationCaseForm(request.POST or None, cases=cases)
    form.fields["case"].label_from_instance = _case_label
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.consultation_discuss_case(consultation=consultation, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("De conclusies zijn bewaard."))
                return redirect("cases:consultation", consultation=consultation.code)
    discussed = consultation.discussed.select_related("case").prefetch_related("case__participants")
    return render(request, "cases/consultation_detail.html", {
        "consultation": consultation, "form": form, "can_edit": can_edit, "discussed": discussed,
        "attendees": consultation.attendees.select_related("organisation"),
    })


def _case_label(case):
    names = ", ".join(str(p) for p in case.participants.all())
    return f"{case.reference} – {names or case.title}"


@login_required
def learning(request, partnership):
    partnership = _partnership(request, partnership, Perm.REPORTING_VIEW)
    data = selectors.learning(partnership)
    causes = dict(FailureCause.choices)
    conditions = dict(SystemCondition.choices)
    charts = {
        "failures": bar_chart(
            {quarter: {str(causes[c]): n for c, n in counter.items()}
             for quarter, counter in data["failures_by_quarter"].items()},
            title=_("Faalvragen per kwartaal en oorzaak"),
            caption=_("Faalvragen per kwartaal en oorzaak"),
        ),
        "conditions": bar_chart(
            [(str(conditions.get(c, c)), n) for c, n in data["failures_by_condition"].most_common()],
            title=_("Faalvragen per systeemvoorwaarde"),
            caption=_("Faalvragen per systeemvoorwaarde"),
        ),
        "actions": bar_chart(
            {quarter: {str(_("Verspilling")): c["waste"], str(_("Andere acties")): c["other"]}
             for quarter, c in data["actions_by_quarter"].items()},
            title=_("Verspilling en andere acties per kwartaal"),
            caption=_("Verspilling en andere acties per kwartaal"),
        ),
    }
    charts["lead_times"] = bar_chart(
        _lead_time_buckets(data["lead_times_closed"]), title=_("Doorlooptijd van afgesloten casussen"),
        caption=_("Doorlooptijd van afgesloten casussen"),
    )
    lead_rows = [(_("Afgesloten casussen"), data["lead_time_closed"]), (_("Lopende casussen (tot nu)"),
                                                                          data["lead_time_open"])]
    return render(request, "cases/learning.html", {
        "partnership": partnership, "data": data, "charts": charts, "lead_rows": lead_rows,
    })


def _lead_time_buckets(days: list[int]) -> list[tuple[str, int]]:
    edges = [(0, 90, _("tot 3 maanden")), (91, 182, _("3 tot 6 maanden")), (183, 365, _("6 tot 12 maanden")),
             (366, 730, _("1 tot 2 jaar")), (731, 10 ** 6, _("meer dan 2 jaar"))]
    return [(label, sum(1 for d in days if low <= d <= high)) for low, high, label in edges]

