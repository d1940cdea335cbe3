"""Web views of governance: find the object in the user's scope, hand the form's
data to a service, render. Permissions are decided by access.py (scope, 404) and
the services (actions, 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import Perm, get_for_user_or_404, perms_in
from ..models import Partnership
from ..web import paginate
from . import forms, minutes, rules, selectors, services
from .models import (
    Agreement,
    Challenge,
    Decision,
    FacetStatus,
    HybridTension,
    Initiative,
    Issue,
    Meeting,
    Milestone,
    Objection,
    PdfStatus,
)

S = rules.InitiativeStatus


def _partnership(request, code) -> Partnership:
    return get_for_user_or_404(Partnership.objects.select_related("work_area", "pen_holder"), request.user, code=code)


def _context(request, partnership, **extra) -> dict:
    perms = perms_in(request.user, partnership)
    return {
        "partnership": partnership, "perms": perms, "Perm": Perm,
        "can_prepare": Perm.GOVERNANCE_PREPARE in perms,
        "can_decide": Perm.GOVERNANCE_DECIDE in perms,
        "can_raise": Perm.GOVERNANCE_RAISE in perms,
        **extra,
    }


def _form_page(request, *, form, partnership, title, cancel_url, save, success, submit_label=None, intro="",
               template="governance/form.html", **extra):
    """GET shows the form; a valid POST calls ``save(cleaned_data)`` -> url to go to.
    A refusal by the service lands on the form, nothing the user typed is lost."""
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(url)
    return render(request, template, _context(
        request, partnership, form=form, title=title, cancel_url=cancel_url,
        submit_label=submit_label or _("Opslaan"), intro=intro, **extra,
    ), status=400 if request.method == "POST" else 200)


def _refuse(request, exc: ValidationError, url: str):
    for message in exc.messages:
        messages.error(request, message)
    return redirect(url)


# --- Overview ------------------------------------------------------------------------------


@login_required
def overview(request, partnership):
    partnership = _partnership(request, partnership)
    return render(request, "governance/overview.html", _context(
        request, partnership, **selectors.overview(partnership), Status=S,
    ))


# --- Meetings ----------------------------------------------------------------------------------


def _meeting(request, code) -> Meeting:
    return get_for_user_or_404(Meeting.objects.select_related("partnership"), request.user, code=code)


def _allowed_kinds(user, partnership) -> list[str]:
    return [kind for kind, perms in services.MEETING_PREPARE.items() if services.may(user, partnership, *perms)]


@login_required
def meeting_list(request, partnership):
    partnership = _partnership(request, partnership)
    filters = forms.FilterForm(request.GET or None, choices=Meeting.Kind.choices, choice_label=_("Soort"))
    page = paginate(request, selectors.meetings(partnership, kind=filters.value("status"), query=filters.value("q")))
    return render(request, "governance/meeting_list.html", _context(
        request, partnership, page=page, filters=filters, can_create=bool(_allowed_kinds(request.user, partnership)),
    ))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, partnership):
    partnership = _partnership(request, partnership)
    kinds = _allowed_kinds(request.user, partnership)
    if not kinds:
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None, kinds=kinds)

    def save(data):
        meeting = services.meeting_create(partnership=partnership, by=request.user, **data)
        return reverse("governance:meeting", kwargs={"meeting": meeting.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Nieuwe vergadering"),
                      cancel_url=reverse("governance:meetings", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De vergadering is aangemaakt."))


@login_required
def meeting_detail(request, meeting):
    meeting = _meeting(request, meeting)
    partnership = meeting.partnership
    user = request.user
    context = _context(
        request, partnership, meeting=meeting, **selectors.meeting_detail(meeting),
        can_edit=services.may(user, partnership, *services.MEETING_PREPARE[meeting.kind]),
        can_add_item=services.may(user, partnership, *services.AGENDA_ADD[meeting.kind]),
        can_decide_here=services.may(user, partnership, *services.MEETING_DECIDE[meeting.kind]),
        can_add_agreement=services.may(user, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE),
        PdfStatus=PdfStatus,
    )
    context["can_request_pdf"] = context["can_edit"] or context["can_decide"]
    return render(request, "governance/meeting_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting):
    meeting = _meeting(request, meeting)
    services.require_any(request.user, meeting.partnership, *services.MEETING_PREPARE[meeting.kind])
    form = forms.MeetingForm(request.POST or None, instance=meeting,
                             kinds=_allowed_kinds(request.user, meeting.partnership))

    def save(data):
        changes = {name: data[name] for name in form.changed_data}
        services.meeting_update(meeting=Meeting.objects.get(pk=meeting.pk), by=request.user, **changes)
        return reverse("governance:meeting", kwargs={"meeting": meeting.code})

    return _form_page(request, form=form, partnership=meeting.partnership, title=_("Vergadering en verslag bewerken"),
                      cancel_url=reverse("governance:meeting", kwargs={"meeting": meeting.code}),
                      save=save, success=_("De vergadering is bijgewerkt."))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, meeting):
    meeting = _meeting(request, meeting)
    services.require_any(request.user, meeting.partnership, *services.MEETING_PREPARE[meeting.kind])
    form = forms.AttendanceForm(request.POST or None, meeting=meeting)

    def save(data):
        services.attendance_record(meeting=meeting, by=request.user, presence=form.presence())
        return reverse("governance:meeting", kwargs={"meeting": meeting.code})

    return _form_page(request, form=form, partnership=meeting.partnership, title=_("Aanwezigen en verontschuldigden"),
                      cancel_url=reverse("governance:meeting", kwargs={"meeting": meeting.code}),
                      save=save, success=_("De aanwezigheden zijn bewaard."))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request, meeting):
    meeting = _meeting(request, meeting)
    services.require_any(request.user, meeting.partnership, *services.AGENDA_ADD[meeting.kind])
    initial = {}
    if issue_code := request.GET.get("kwestie"):
        issue = Issue.objects.filter(partnership=meeting.partnership, code=_uuid_or_none(issue_code)).first()
        if issue:
            initial = {"issue": issue, "title": issue.title}
    form = forms.AgendaItemForm(request.POST or None, meeting=meeting, initial=initial)

    def save(data):
        services.agenda_item_add(meeting=meeting, by=request.user, **data)
        return reverse("governance:meeting", kwargs={"meeting": meeting.code})

    return _form_page(request, form=form, partnership=meeting.partnership, title=_("Agendapunt toevoegen"),
                      cancel_url=reverse("governance:meeting", kwargs={"meeting": meeting.code}),
                      save=save, success=_("Het agendapunt is toegevoegd."))


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, meeting):
    meeting = _meeting(request, meeting)
    services.require_any(request.user, meeting.partnership, *services.MEETING_DECIDE[meeting.kind])
    form = forms.DecisionForm(request.POST or None, meeting=meeting)

    def save(data):
        decision = services.decision_create(meeting=meeting, by=request.user, **data)
        return reverse("governance:decision", kwargs={"decision": decision.code})

    return _form_page(request, form=form, partnership=meeting.partnership, title=_("Besluit voorbereiden"),
                      intro=_("Noteer het voorstel; bij consent noteer je daarna de bezwaren en hoe ze opgelost werden."),
                      cancel_url=reverse("governance:meeting", kwargs={"meeting": meeting.code}),
                      save=save, success=_("Het voorstel is genoteerd."))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, meeting):
    meeting = _meeting(request, meeting)
    services.require_any(request.user, meeting.partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    form = forms.AgreementForm(request.POST or None, meeting=meeting)

    def save(data):
        services.agreement_create(partnership=meeting.partnership, by=request.user, meeting=meeting, **data)
        return reverse("governance:meeting", kwargs={"meeting": meeting.code})

    return _form_page(request, form=form, partnership=meeting.partnership, title=_("Afspraak toevoegen"),
                      cancel_url=reverse("governance:meeting", kwargs={"meeting": meeting.code}),
                      save=save, success=_("De afspraak is genoteerd."))


@login_required
@require_http_methods(["GET", "POST"])
def minutes_pdf(request, meeting):
    """GET: the PDF when ready; POST: (re)make it in the background."""
    meeting = _meeting(request, meeting)
    url = reverse("governance:meeting", kwargs={"meeting": meeting.code})
    if request.method == "POST":
        minutes.minutes_request(meeting=meeting, by=request.user)
        messages.success(request, _("Het verslag wordt als pdf aangemaakt; vernieuw de pagina zo meteen."))
        return redirect(url)
    if meeting.minutes_pdf_status != PdfStatus.READY or not meeting.minutes_pdf:
        messages.info(request, _("Er is nog geen pdf van dit verslag."))
        return redirect(url)
    return FileResponse(meeting.minutes_pdf.open("rb"), as_attachment=True,
                        filename=f"verslag-{meeting.held_on:%Y-%m-%d}.pdf", content_type="application/pdf")


# --- Decisions ------------------------------------------------------------------------------------


def _decision(request, code) -> Decision:
    return get_for_user_or_404(Decision.objects.select_related("partnership", "meeting", "agenda_item"),
                               request.user, code=code)


def _decision_page(request, decision, *, objection_form=None, conclude_form=None, status=200):
    partnership = decision.partnership
    can_decide_here = services.may(request.user, partnership, *services.MEETING_DECIDE[decision.meeting.kind])
    detail = selectors.decision_detail(decision)
    return render(request, "governance/decision_detail.html", _context(
        request, partnership, decision=decision, **detail, can_decide_here=can_decide_here,
        open_objections=[o for o in detail["objections"] if not o.is_resolved],
        objection_form=objection_form or forms.ObjectionForm(decision=decision, initial={"raised_by": request.user}),
        conclude_form=conclude_form or forms.ConcludeForm(decision=decision),
        resolve_form=forms.ResolveForm(), Method=rules.Method, majority_rule=rules.MAJORITY_RULE,
    ), status=status)


@login_required
def decision_detail(request, decision):
    return _decision_page(request, _decision(request, decision))


@login_required
@require_POST
def objection_add(request, decision):
    decision = _decision(request, decision)
    services.require_any(request.user, decision.partnership, *services.MEETING_DECIDE[decision.meeting.kind])
    form = forms.ObjectionForm(request.POST, decision=decision)
    if form.is_valid():
        try:
            services.objection_add(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("Het bezwaar is genoteerd."))
            return redirect("governance:decision", decision=decision.code)
    return _decision_page(request, decision, objection_form=form, status=400)


@login_required
@require_POST
def objection_resolve(request, decision, objection_id):
    decision = _decision(request, decision)
    objection = get_for_user_or_404(Objection.objects.filter(decision=decision), request.user, pk=objection_id)
    form = forms.ResolveForm(request.POST)
    url = reverse("governance:decision", kwargs={"decision": decision.code})
    if not form.is_valid():
        messages.error(request, _("Beschrijf hoe het bezwaar werd opgelost."))
        return redirect(url)
    try:
        services.objection_resolve(objection=objection, by=request.user, resolution=form.cleaned_data["resolution"])
    except ValidationError as exc:
        return _refuse(request, exc, url)
    messages.success(request, _("Het bezwaar is opgelost."))
    return redirect(url)


@login_required
@require_POST
def decision_conclude(request, decision):
    decision = _decision(request, decision)
    services.require_any(request.user, decision.partnership, *services.MEETING_DECIDE[decision.meeting.kind])
    form = forms.ConcludeForm(request.POST, decision=decision)
    if form.is_valid():
        try:
            decision = services.decision_conclude(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            if decision.status == Decision.Status.ADOPTED:
                messages.success(request, _("Het besluit is aangenomen."))
            else:
                messages.info(request, _("Het voorstel is niet aangenomen."))
            return redirect("governance:decision", decision=decision.code)
    return _decision_page(request, decision, conclude_form=form, status=400)


@login_required
def decision_log(request, partnership):
    partnership = _partnership(request, partnership)
    filters = forms.FilterForm(request.GET or None, choices=Decision.Status.choices)
    filters.add_choice("method", _("Methode"), rules.Method.choices)
    method = filters.value("method")
    page = paginate(request, selectors.decision_log(partnership, method=method, status=filters.value("status"),
                                                    query=filters.value("q")))
    return render(request, "governance/decision_log.html", _context(request, partnership, page=page, filters=filters))


# --- Agreements ---------------------------------------------------------------------------------------


@login_required
def agreement_list(request, partnership):
    partnership = _partnership(request, partnership)
    show = request.GET.get("toon", "open")
    if show not in ("open", "overdue", "done", "all"):
        show = "open"
    page = paginate(request, selectors.agreements_overview(partnership, show=show))
    return render(request, "governance/agreement_list.html", _context(
        request, partnership, page=page, show=show, counts=selectors.agreement_counts(partnership),
        today=selectors.today(),
    ))


@login_required
@require_POST
def agreement_complete(request, agreement):
    agreement = get_for_user_or_404(Agreement.objects.select_related("partnership"), request.user, code=agreement)
    url = request.POST.get("next") or reverse("governance:agreements", kwargs={"partnership": agreement.partnership.code})
    if not url.startswith("/"):
        url = "/"
    try:
        services.agreement_complete(agreement=agreement, by=request.user)
    except ValidationError as exc:
        return _refuse(request, exc, url)
    messages.success(request, _("De afspraak is afgerond."))
    return redirect(url)


# --- Issues ------------------------------------------------------------------------------------------------


def _issue(request, code) -> Issue:
    return get_for_user_or_404(Issue.objects.select_related("partnership", "raised_by", "responsible"),
                               request.user, code=code)


@login_required
def issue_list(request, partnership):
    partnership = _partnership(request, partnership)
    choices = [("unsolved", _("Nog niet opgelost"))] + list(rules.IssueStatus.choices)
    filters = forms.FilterForm(request.GET or None, choices=choices)
    overdue = request.GET.get("achterstand") == "1"
    page = paginate(request, selectors.issues(partnership, status=filters.value("status"), overdue=overdue,
                                              query=filters.value("q")))
    on = selectors.today()
    for issue in page.object_list:
        issue.feedback_overdue = rules.feedback_overdue(status=issue.status, feedback_due_on=issue.feedback_due_on,
                                                        feedback_given_on=issue.feedback_given_on, today=on)
    return render(request, "governance/issue_list.html", _context(
        request, partnership, page=page, filters=filters, overdue=overdue,
    ))


@login_required
@require_http_methods(["GET", "POST"])
def issue_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_RAISE)
    form = forms.IssueForm(request.POST or None)

    def save(data):
        issue = services.issue_raise(partnership=partnership, by=request.user, **data)
        return reverse("governance:issue", kwargs={"issue": issue.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Kwestie aankaarten bij de bestuursraad"),
                      cancel_url=reverse("governance:issues", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De kwestie is aangekaart."), submit_label=_("Aankaarten"))


@login_required
def issue_detail(request, issue):
    issue = _issue(request, issue)
    partnership = issue.partnership
    board_meetings = Meeting.objects.filter(partnership=partnership, kind=Meeting.Kind.BOARD,
                                            held_on__gte=selectors.today()).order_by("held_on")[:5]
    return render(request, "governance/issue_detail.html", _context(
        request, partnership, issue=issue, **selectors.issue_detail(issue),
        board_meetings=list(board_meetings), is_raiser=issue.raised_by_id == request.user.pk,
        closed=issue.status == rules.IssueStatus.CLOSED,
    ))


@login_required
@require_http_methods(["GET", "POST"])
def issue_assign(request, issue):
    issue = _issue(request, issue)
    services.require_any(request.user, issue.partnership, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    form = forms.IssueAssignForm(request.POST or None, issue=issue, initial={
        "responsible": issue.responsible, "handling": issue.handling,
        "escalated_further_to": issue.escalated_further_to, "feedback_due_on": issue.feedback_due_on})

    def save(data):
        services.issue_assign(issue=issue, by=request.user, **data)
        return reverse("governance:issue", kwargs={"issue": issue.code})

    return _form_page(request, form=form, partnership=issue.partnership, title=_("Kwestie toewijzen"),
                      cancel_url=reverse("governance:issue", kwargs={"issue": issue.code}),
                      save=save, success=_("De kwestie is toegewezen."))


@login_required
@require_http_methods(["GET", "POST"])
def issue_feedback(request, issue):
    issue = _issue(request, issue)
    services.require_any(request.user, issue.partnership, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    form = forms.FeedbackForm(request.POST or None, initial={"feedback": issue.feedback})

    def save(data):
        services.issue_give_feedback(issue=issue, by=request.user, **data)
        return reverse("governance:issue", kwargs={"issue": issue.code})

    return _form_page(request, form=form, partnership=issue.partnership, title=_("Terugkoppeling aan het team"),
                      cancel_url=reverse("governance:issue", kwargs={"issue": issue.code}),
                      save=save, success=_("De terugkoppeling is bewaard."))


@login_required
@require_POST
def issue_close(request, issue):
    issue = _issue(request, issue)
    url = reverse("governance:issue", kwargs={"issue": issue.code})
    try:
        services.issue_close(issue=issue, by=request.user)
    except ValidationError as exc:
        return _refuse(request, exc, url)
    messages.success(request, _("De kwestie is afgesloten."))
    return redirect(url)


@login_required
@require_POST
def issue_raise_again(request, issue):
    issue = _issue(request, issue)
    url = reverse("governance:issue", kwargs={"issue": issue.code})
    try:
        services.issue_raise_again(issue=issue, by=request.user)
    except ValidationError as exc:
        return _refuse(request, exc, url)
    messages.success(request, _("Genoteerd: je hebt de kwestie opnieuw aangekaart."))
    return redirect(url)


# --- Initiatives -------------------------------------------------------------------------------------------


def _initiative(request, code) -> Initiative:
    return get_for_user_or_404(Initiative.objects.select_related("partnership", "proposed_by", "consent_decision"),
                               request.user, code=code)


@login_required
def initiative_list(request, partnership):
    partnership = _partnership(request, partnership)
    filters = forms.FilterForm(request.GET or None, choices=rules.InitiativeStatus.choices)
    page = paginate(request, selectors.initiatives(partnership, status=filters.value("status"), query=filters.value("q")))
    return render(request, "governance/initiative_list.html", _context(request, partnership, page=page, filters=filters))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_RAISE)
    form = forms.InitiativeForm(request.POST or None, partnership=partnership, user=request.user)

    def save(data):
        initiative = services.initiative_propose(partnership=partnership, by=request.user, **data)
        return reverse("governance:initiative", kwargs={"initiative": initiative.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Verbeterinitiatief voorstellen"),
                      intro=_("Beschrijf de verspilling of faalvraag en haar oorzaak, waarom het initiatief helpt en hoe je het evalueert."),
                      cancel_url=reverse("governance:initiatives", kwargs={"partnership": partnership.code}),
                      save=save, success=_("Het initiatief is voorgesteld."), submit_label=_("Voorstellen"))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, initiative):
    initiative = _initiative(request, initiative)
    services.require_any(request.user, initiative.partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_RAISE)
    form = forms.InitiativeEditForm(request.POST or None, instance=initiative,
                                     partnership=initiative.partnership, user=request.user)

    def save(data):
        services.initiative_update(initiative=Initiative.objects.get(pk=initiative.pk), by=request.user,
                                   **{name: data[name] for name in form.changed_data})
        return reverse("governance:initiative", kwargs={"initiative": initiative.code})

    return _form_page(request, form=form, partnership=initiative.partnership, title=_("Verbeterinitiatief bewerken"),
                      cancel_url=reverse("governance:initiative", kwargs={"initiative": initiative.code}),
                      save=save, success=_("Het initiatief is bijgewerkt."))


def _initiative_page(request, initiative, *, transition_form=None, iteration_form=None, status=200):
    partnership = initiative.partnership
    detail = selectors.initiative_detail(
        initiative, with_failure_demands=services.may(request.user, partnership, Perm.VIEW_CASES))
    allowed = [
        (state, S(state).label) for state in detail["next_states"]
        if services.may(request.user, partnership, *services.INITIATIVE_TRANSITION_PERMS[state])
    ]
    return render(request, "governance/initiative_detail.html", _context(
        request, partnership, initiative=initiative, **detail, allowed_states=allowed,
        transition_form=transition_form or forms.TransitionForm(initiative=initiative),
        iteration_form=iteration_form or forms.IterationForm(), Status=S,
        can_iterate=initiative.status in (S.PILOTING, S.EVALUATED)
        and services.may(request.user, partnership, Perm.GOVERNANCE_RAISE, Perm.GOVERNANCE_PREPARE),
        can_edit=initiative.status not in (S.WIDENED, S.STOPPED)
        and services.may(request.user, partnership, Perm.GOVERNANCE_RAISE, Perm.GOVERNANCE_PREPARE),
    ), status=status)


@login_required
def initiative_detail(request, initiative):
    return _initiative_page(request, _initiative(request, initiative))


@login_required
@require_POST
def initiative_transition(request, initiative):
    initiative = _initiative(request, initiative)
    form = forms.TransitionForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            services.initiative_transition(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("De status van het initiatief is gewijzigd."))
            return redirect("governance:initiative", initiative=initiative.code)
    return _initiative_page(request, initiative, transition_form=form, status=400)


@login_required
@require_POST
def iteration_add(request, initiative):
    initiative = _initiative(request, initiative)
    form = forms.IterationForm(request.POST)
    if form.is_valid():
        try:
            services.iteration_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("De iteratie is toegevoegd."))
            return redirect("governance:initiative", initiative=initiative.code)
    return _initiative_page(request, initiative, iteration_form=form, status=400)


@login_required
def shared_initiative_list(request):
    page = paginate(request, selectors.shared_initiatives_for(request.user))
    return render(request, "governance/shared_list.html", {"page": page})


@login_required
def shared_initiative(request, initiative):
    """Read-only: an initiative another partnership shared with this coordinator."""
    own = Initiative.objects.for_user(request.user).filter(code=initiative).first()
    if own is not None:  # one of the user's own partnerships: the full page
        return redirect("governance:initiative", initiative=own.code)
    initiative = selectors.shared_initiatives_for(request.user).filter(code=initiative).first()
    if initiative is None:
        raise Http404
    services.initiative_notice_read(initiative=initiative, user=request.user)
    return render(request, "governance/shared_detail.html", {
        "initiative": initiative, "iterations": list(initiative.iterations.order_by("number")),
        "failure_demand_count": initiative.failure_demands.count(),
    })


# --- Composition and the right to challenge --------------------------------------------------------------


@login_required
def composition(request, partnership):
    partnership = _partnership(request, partnership)
    settings = services.governance_settings_for(partnership)
    return render(request, "governance/composition.html", _context(
        request, partnership, **selectors.composition(partnership), settings=settings,
        challenge_opens_on=rules.challenge_opens_on(partnership.start_date, settings.challenge_after_months),
        settings_form=forms.SettingsForm(initial={"challenge_after_months": settings.challenge_after_months}),
    ))


@login_required
@require_http_methods(["GET", "POST"])
def composition_change_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    form = forms.CompositionChangeForm(request.POST or None, partnership=partnership, user=request.user)
    earliest = rules.earliest_composition_change(partnership.start_date)

    def save(data):
        services.composition_change_record(partnership=partnership, by=request.user, **data)
        return reverse("governance:composition", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Wijziging van de samenstelling"),
                      intro=_("Beslist door de bestuursraad vanuit het leerproces; ten vroegste op %(date)s.")
                      % {"date": earliest.strftime("%d/%m/%Y")},
                      cancel_url=reverse("governance:composition", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De wijziging van de samenstelling is genoteerd."))


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    form = forms.ChallengeForm(request.POST or None)

    def save(data):
        services.challenge_record(partnership=partnership, by=request.user, **data)
        return reverse("governance:composition", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Uitdaging registreren (right to challenge)"),
                      cancel_url=reverse("governance:composition", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De uitdaging is geregistreerd."))


@login_required
@require_http_methods(["GET", "POST"])
def challenge_decide(request, challenge):
    challenge = get_for_user_or_404(Challenge.objects.select_related("partnership"), request.user, code=challenge)
    services.require_any(request.user, challenge.partnership, Perm.GOVERNANCE_DECIDE, Perm.GOVERNANCE_PREPARE)
    form = forms.ChallengeDecideForm(request.POST or None, challenge=challenge)

    def save(data):
        services.challenge_decide(challenge=challenge, by=request.user, **data)
        return reverse("governance:composition", kwargs={"partnership": challenge.partnership.code})

    return _form_page(request, form=form, partnership=challenge.partnership,
                      title=_("Uitkomst van de uitdaging door %(name)s") % {"name": challenge.challenger},
                      cancel_url=reverse("governance:composition", kwargs={"partnership": challenge.partnership.code}),
                      save=save, success=_("De uitkomst is genoteerd."))


@login_required
@require_POST
def settings_update(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    form = forms.SettingsForm(request.POST)
    url = reverse("governance:composition", kwargs={"partnership": partnership.code})
    if not form.is_valid():
        messages.error(request, _("Geef een aantal maanden tussen 1 en 72."))
        return redirect(url)
    try:
        services.governance_settings_update(partnership=partnership, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refuse(request, exc, url)
    messages.success(request, _("De periode is bewaard."))
    return redirect(url)


# --- Collaboration model ------------------------------------------------------------------------------------


@login_required
def collaboration(request, partnership):
    partnership = _partnership(request, partnership)
    return render(request, "governance/collaboration.html", _context(
        request, partnership, agreements=selectors.collaboration(partnership), FacetState=rules.FacetState,
    ))


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_agreement_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    first = not partnership.collaboration_agreements.exists()
    form = forms.CollaborationAgreementForm(
        request.POST or None, initial={"name": services.DEFAULT_AGREEMENT_NAME} if first else None)

    def save(data):
        services.collaboration_agreement_create(partnership=partnership, by=request.user, **data)
        return reverse("governance:collaboration", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Samenwerkingsovereenkomst toevoegen"),
                      cancel_url=reverse("governance:collaboration", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De samenwerkingsovereenkomst is toegevoegd."))


@login_required
@require_http_methods(["GET", "POST"])
def facet_edit(request, facet_id):
    facet = get_for_user_or_404(FacetStatus.objects.select_related("agreement__partnership"), request.user, pk=facet_id)
    partnership = facet.agreement.partnership
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    form = forms.FacetForm(request.POST or None, instance=facet)

    def save(data):
        services.facet_update(facet=FacetStatus.objects.select_related("agreement").get(pk=facet.pk),
                              by=request.user, **data)
        return reverse("governance:collaboration", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership,
                      title=_("%(facet)s – %(agreement)s") % {"facet": facet.get_facet_display(), "agreement": facet.agreement},
                      cancel_url=reverse("governance:collaboration", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De status van het facet is bewaard."))


def _no_agreement_yet(request, partnership):
    """Tensions and keys belong to a collaboration agreement: start one first."""
    if partnership.collaboration_agreements.exists():
        return None
    messages.info(request, _("Start eerst het samenwerkingsmodel met een samenwerkingsovereenkomst."))
    return redirect("governance:collaboration_agreement_create", partnership=partnership.code)


@login_required
@require_http_methods(["GET", "POST"])
def tension_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    if response := _no_agreement_yet(request, partnership):
        return response
    form = forms.TensionForm(request.POST or None, partnership=partnership)

    def save(data):
        services.tension_add(by=request.user, **data)
        return reverse("governance:collaboration", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Hybride spanning registreren"),
                      cancel_url=reverse("governance:collaboration", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De spanning is geregistreerd."))


@login_required
@require_http_methods(["GET", "POST"])
def tension_edit(request, tension):
    tension = get_for_user_or_404(HybridTension.objects.select_related("agreement__partnership"), request.user, code=tension)
    partnership = tension.agreement.partnership
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE, Perm.GOVERNANCE_DECIDE)
    form = forms.TensionForm(request.POST or None, instance=tension, partnership=partnership)
    del form.fields["agreement"]

    def save(data):
        services.tension_update(tension=HybridTension.objects.select_related("agreement").get(pk=tension.pk),
                                by=request.user, **data)
        return reverse("governance:collaboration", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Hybride spanning bewerken"),
                      cancel_url=reverse("governance:collaboration", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De spanning is bijgewerkt."))


@login_required
@require_http_methods(["GET", "POST"])
def distribution_key_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    if response := _no_agreement_yet(request, partnership):
        return response
    form = forms.DistributionKeyForm(request.POST or None, partnership=partnership)

    def save(data):
        services.distribution_key_create(
            agreement=data["agreement"], by=request.user, valid_from=data["valid_from"],
            applies_to=data["applies_to"], note=data["note"], shares=form.shares(),
        )
        return reverse("governance:collaboration", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Nieuwe verdeelsleutel"),
                      intro=_("De percentages samen moeten precies 100,00 zijn. De vorige sleutel blijft bewaard als geschiedenis."),
                      cancel_url=reverse("governance:collaboration", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De verdeelsleutel is bewaard."))


# --- Milestones --------------------------------------------------------------------------------------------


@login_required
def milestone_list(request, partnership):
    partnership = _partnership(request, partnership)
    return render(request, "governance/milestone_list.html", _context(
        request, partnership, periods=selectors.milestones_by_period(partnership), today=selectors.today(),
    ))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, partnership):
    partnership = _partnership(request, partnership)
    services.require_any(request.user, partnership, Perm.GOVERNANCE_PREPARE)
    form = forms.MilestoneForm(request.POST or None)

    def save(data):
        services.milestone_create(partnership=partnership, by=request.user, **data)
        return reverse("governance:milestones", kwargs={"partnership": partnership.code})

    return _form_page(request, form=form, partnership=partnership, title=_("Mijlpaal toevoegen"),
                      cancel_url=reverse("governance:milestones", kwargs={"partnership": partnership.code}),
                      save=save, success=_("De mijlpaal is toegevoegd."))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, milestone):
    milestone = get_for_user_or_404(Milestone.objects.select_related("partnership"), request.user, code=milestone)
    services.require_any(request.user, milestone.partnership, Perm.GOVERNANCE_PREPARE)
    form = forms.MilestoneForm(request.POST or None, instance=milestone)

    def save(data):
        services.milestone_update(milestone=Milestone.objects.get(pk=milestone.pk), by=request.user,
                                  **{name: data[name] for name in form.changed_data})
        return reverse("governance:milestones", kwargs={"partnership": milestone.partnership.code})

    return _form_page(request, form=form, partnership=milestone.partnership, title=_("Mijlpaal bewerken"),
                      cancel_url=reverse("governance:milestones", kwargs={"partnership": milestone.partnership.code}),
                      save=save, success=_("De mijlpaal is bijgewerkt."))
