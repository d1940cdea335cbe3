"""Web views of the matching: thin; writes go through services, reads through selectors.

Every object is fetched with ``get_for_user_or_404`` on a work-area-scoped queryset
(404 outside the user's work areas or candidacies), then the action's matching
permission is checked (403)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerships.access import get_for_user_or_404
from partnerships.audit import record_view
from partnerships.models import Organisation
from partnerships.web import paginate

from . import rules, selectors, services
from .access import MPerm, has_matching_perm, is_candidate_of, matching_perms
from .forms import (
    AddendumForm,
    AppealAssessForm,
    AppealAssignForm,
    AppealForm,
    CandidacyForm,
    ChallengeForm,
    ComplaintForm,
    ConflictForm,
    DecisionForm,
    DocumentForm,
    EmergencyRankForm,
    EmergencyScoreForm,
    EmergencyStartForm,
    MailTemplateForm,
    PitchForm,
    RoleForm,
    ScoreForm,
    apply_errors,
)
from .models import (
    TEMPLATE_KINDS,
    Appeal,
    AppealAssessment,
    Candidacy,
    CandidacyDocument,
    ConflictDeclaration,
    Criterion,
    DecisionMail,
    DecisionMailTemplate,
    EmergencyProcedure,
    FinalReport,
    LocalAddendum,
    MailKind,
    MatchingArea,
    MatchingRole,
    Pitch,
)

GUIDING_QUESTIONS = {
    Criterion.CRUCIAL: [Candidacy._meta.get_field(n).verbose_name for n in Candidacy.ANSWER_FIELDS[Criterion.CRUCIAL]],
    Criterion.FIT: [Candidacy._meta.get_field(n).verbose_name for n in Candidacy.ANSWER_FIELDS[Criterion.FIT]],
}


# --- Fetching with scope -------------------------------------------------------------

def _area(request, code, *perms):
    area = get_for_user_or_404(MatchingArea.objects.all(), request.user, code=code)
    if perms and not any(has_matching_perm(request.user, area, p) for p in perms):
        raise PermissionDenied
    return area


def _candidacy(request, code) -> Candidacy:
    return get_for_user_or_404(
        Candidacy.objects.select_related("work_area", "organisation", "work_area__addendum"), request.user, code=code
    )


def _staff(request, candidacy, *perms) -> None:
    if not any(has_matching_perm(request.user, candidacy.work_area_id, p) for p in perms):
        raise PermissionDenied


def _stage_counts(area):
    counts = selectors.area_counts(area)
    return [(label, counts.get(value, 0)) for value, label in Candidacy.Stage.choices]


def _round(value: int) -> int:
    if value not in (1, 2):
        raise Http404
    return value


# --- Index and public pages ------------------------------------------------------------

@login_required
def index(request):
    areas = list(selectors.areas_for_user(request.user))
    rows = [(area, sorted(matching_perms(request.user, area))) for area in areas]
    return render(request, "matching/index.html", {
        "rows": rows, "candidacies": selectors.candidacies_of_candidate(request.user), "MPerm": MPerm,
        "to_sign": selectors.emergencies_to_sign(request.user),
    })


def public_addenda(request):
    """The public list of published addenda (no login needed)."""
    response = render(request, "matching/public_addenda.html", {"addenda": selectors.published_addenda(), "today": timezone.localdate()})
    response.public_page = True
    return response


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_new(request):
    open_addenda = [a for a in selectors.published_addenda() if rules.candidacy_open(a.candidacy_deadline, timezone.now())]
    error = None
    if request.method == "POST":
        chosen = next((a for a in open_addenda if str(a.work_area.code) == request.POST.get("work_area")), None)
        if chosen is None:
            error = _("Kies een werkingsgebied waarvoor kandidaturen open staan.")
        else:
            try:
                candidacy = services.candidacy_start(work_area=chosen.work_area, by=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Je kandidatuur is aangemaakt als ontwerp. Je kan ze bewaren en later indienen."))
                return redirect("matching:candidacy_edit", candidacy=candidacy.code)
    return render(request, "matching/candidacy_new.html", {"addenda": open_addenda, "error": error,
                                                           "chosen": request.POST.get("work_area", "")})


# --- Work area --------------------------------------------------------------------------

@login_required
def area_detail(request, work_area):
    area = _area(request, work_area)
    perms = matching_perms(request.user, area)
    addendum = LocalAddendum.objects.filter(work_area=area).prefetch_related("challenges").first()
    context = {"area": area, "addendum": addendum, "perms": perms, "MPerm": MPerm, "stage_counts": _stage_counts(area)}
    if MPerm.SCORE in perms:
        candidacies = list(Candidacy.objects.filter(work_area=area).exclude(stage=Candidacy.Stage.DRAFT).select_related("organisation"))
        decls = selectors.declarations(area)
        context["to_score"] = [(c, decls.get((c.pk, request.user.pk))) for c in candidacies]
    if MPerm.JUDGE_APPEAL in perms:
        context["my_appeals"] = Appeal.objects.filter(assessments__matchmaker=request.user, candidacy__work_area=area).select_related("candidacy__organisation")
    return render(request, "matching/area_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def addendum_edit(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE)
    addendum = LocalAddendum.objects.filter(work_area=area).first() or LocalAddendum(work_area=area)
    form = AddendumForm(request.POST or None, instance=addendum)
    if request.method == "POST" and form.is_valid():
        try:
            services.addendum_save(work_area=area, by=request.user, **{f: form.cleaned_data[f] for f in form.fields})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Het addendum is bewaard."))
            return redirect("matching:addendum_edit", work_area=area.code)
    challenges = addendum.challenges.all() if addendum.pk else []
    return render(request, "matching/addendum_form.html", {
        "area": area, "addendum": addendum, "form": form, "challenges": challenges, "challenge_form": ChallengeForm(),
        "earliest": rules.earliest_deadline(addendum.publication_date) if addendum.publication_date else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def addendum_publish(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE)
    addendum = LocalAddendum.objects.filter(work_area=area).first()
    if addendum is None:
        messages.error(request, _("Maak eerst het addendum op."))
        return redirect("matching:addendum_edit", work_area=area.code)
    if request.method == "POST":
        try:
            services.addendum_publish(addendum=addendum, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("matching:addendum_edit", work_area=area.code)
        messages.success(request, _("Het addendum is gepubliceerd en staat op de publieke lijst."))
        return redirect("matching:area", work_area=area.code)
    return render(request, "includes/confirm_delete.html", {
        "question": _("Het addendum van %(area)s publiceren?") % {"area": area.name},
        "detail": _("Na publicatie kunnen organisaties zich kandidaat stellen. Tussen publicatie en deadline moeten minstens 6 weken liggen."),
        "cancel_url": reverse("matching:addendum_edit", kwargs={"work_area": area.code}), "confirm_label": _("Publiceren"),
    })


@login_required
@require_POST
def challenge_add(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE)
    addendum = LocalAddendum.objects.filter(work_area=area).first()
    if addendum is None:
        addendum = services.addendum_save(work_area=area, by=request.user)
    form = ChallengeForm(request.POST)
    if form.is_valid():
        services.challenge_add(addendum=addendum, by=request.user, **form.cleaned_data)
        messages.success(request, _("De regio-uitdaging is toegevoegd."))
        return redirect("matching:addendum_edit", work_area=area.code)
    return render(request, "matching/addendum_form.html", {
        "area": area, "addendum": addendum, "form": AddendumForm(instance=addendum), "challenges": addendum.challenges.all(),
        "challenge_form": form,
    }, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def jury_manage(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    can_manage = has_matching_perm(request.user, area, MPerm.MANAGE)
    form = RoleForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.matching_role_grant(work_area=area, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De rol is toegekend."))
                return redirect("matching:jury", work_area=area.code)
    roles = MatchingRole.objects.filter(work_area=area).select_related("user", "user__organisation").order_by("role", "group", "user__first_name")
    members = selectors.matchmakers(area)
    check = rules.jury_check([m.group for m in members])
    return render(request, "matching/jury.html", {
        "area": area, "roles": roles, "form": form, "check": check, "can_manage": can_manage,
        "problem": services.jury_problem(check),
    })


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request, work_area, role_id):
    area = _area(request, work_area, MPerm.MANAGE)
    role = get_for_user_or_404(MatchingRole.objects.select_related("user"), request.user, pk=role_id, work_area=area)
    if request.method == "POST":
        services.matching_role_revoke(role=role, by=request.user)
        messages.success(request, _("De rol is ingetrokken."))
        return redirect("matching:jury", work_area=area.code)
    return render(request, "includes/confirm_delete.html", {
        "question": _("De rol van %(person)s intrekken?") % {"person": role.user},
        "detail": role.get_role_display(), "cancel_url": reverse("matching:jury", kwargs={"work_area": area.code}),
        "confirm_label": _("Ja, intrekken"),
    })


@login_required
def candidacy_list(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE, MPerm.SCORE, MPerm.JUDGE_APPEAL)
    qs = Candidacy.objects.filter(work_area=area).select_related("organisation").order_by("organisation__name")
    if not has_matching_perm(request.user, area, MPerm.MANAGE):
        qs = qs.exclude(stage=Candidacy.Stage.DRAFT)
    q = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    if q:
        qs = qs.filter(Q(organisation__name__icontains=q) | Q(legal_form__icontains=q))
    if stage in Candidacy.Stage.values:
        qs = qs.filter(stage=stage)
    return render(request, "matching/candidacy_list.html", {
        "area": area, "page": paginate(request, qs), "q": q, "stage": stage, "stages": Candidacy.Stage.choices,
    })


# --- Candidacy ---------------------------------------------------------------------------

@login_required
def candidacy_detail(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    user, area = request.user, candidacy.work_area
    perms = matching_perms(user, area)
    own = is_candidate_of(user, candidacy)
    declaration = ConflictDeclaration.objects.filter(candidacy=candidacy, matchmaker=user).first()
    if not own:
        if candidacy.is_draft and MPerm.MANAGE not in perms:
            raise PermissionDenied  # a draft is the candidate's own until submitted
        if MPerm.SCORE in perms and declaration is None:
            messages.info(request, _("Verklaar eerst of je een belangenconflict hebt, voor je de kandidatuur leest."))
            return redirect("matching:conflict", candidacy=candidacy.code)
        record_view(user, candidacy)
    rounds = []
    if not own:
        for number in (1, 2):
            rounds.append({
                "number": number,
                "history": selectors.score_history(candidacy, number, user, area),
                "decisions": list(candidacy.decisions.filter(round=number).order_by("criterion")),
            })
    context = {
        "candidacy": candidacy, "own": own, "perms": perms, "MPerm": MPerm, "declaration": declaration, "rounds": rounds,
        "documents": candidacy.documents.all(), "challenges": candidacy.challenges.all(),
        "answers": [(c.label, candidacy.answers(c)) for c in Criterion],
        "mails": candidacy.mails.filter(status=DecisionMail.Status.SENT).order_by("sent_at"),
        "appeals": candidacy.appeals.all(), "pitch": Pitch.objects.filter(candidacy=candidacy).first(),
        "appeal_mail": services.appeal_mail_for(candidacy) if own else None,
        # Matchmakers see that mails were sent and appeals lodged, but may not open them (403): no dead links.
        "can_open": own or MPerm.MANAGE in perms or MPerm.OBSERVE in perms,
        "assigned_appeals": set(AppealAssessment.objects.filter(appeal__candidacy=candidacy, matchmaker=user)
                                .values_list("appeal_id", flat=True)),
    }
    if context["appeal_mail"]:
        mail = context["appeal_mail"]
        context["appeal_deadline"] = services.appeal_deadline_for(mail)
        context["appeal_lodged"] = candidacy.appeals.filter(round=mail.round).exists()
        context["appeal_open"] = not context["appeal_lodged"] and rules.appeal_open(mail.sent_at, timezone.now(), mail.stated_appeal_deadline)
    return render(request, "matching/candidacy_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_edit(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    if not is_candidate_of(request.user, candidacy):
        raise PermissionDenied
    if not candidacy.is_draft:
        messages.info(request, _("Deze kandidatuur is ingediend en kan niet meer wijzigen."))
        return redirect("matching:candidacy", candidacy=candidacy.code)
    form = CandidacyForm(request.POST or None, instance=candidacy)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        challenges = data.pop("challenges")
        submit = "submit" in request.POST
        try:
            with transaction.atomic():
                services.candidacy_update(candidacy=candidacy, by=request.user, challenges=challenges, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not submit:
                messages.success(request, _("Je ontwerp is bewaard."))
                return redirect("matching:candidacy_edit", candidacy=candidacy.code)
            try:
                services.candidacy_submit(candidacy=candidacy, by=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
                messages.error(request, _("Je kandidatuur is bewaard als ontwerp maar nog niet ingediend. Zie de opmerkingen hieronder."))
            else:
                messages.success(request, _("Je kandidatuur is ingediend. Je ontvangt de beslissing per e-mail."))
                return redirect("matching:candidacy", candidacy=candidacy.code)
    return render(request, "matching/candidacy_form.html", {
        "candidacy": candidacy, "form": form, "documents": candidacy.documents.all(), "document_form": DocumentForm(),
        "addendum": candidacy.work_area.addendum,
    })


@login_required
@require_POST
def document_upload(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    if not is_candidate_of(request.user, candidacy):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(candidacy=candidacy, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, _("De bijlage werd niet toegevoegd: %(reason)s") % {"reason": message})
        else:
            messages.success(request, _("De bijlage is toegevoegd."))
    else:
        messages.error(request, _("Kies een bestand om toe te voegen."))
    return redirect("matching:candidacy_edit", candidacy=candidacy.code)


def _document(request, code) -> CandidacyDocument:
    document = get_for_user_or_404(CandidacyDocument.objects.select_related("candidacy__work_area"), request.user, code=code)
    candidacy = document.candidacy
    if not is_candidate_of(request.user, candidacy):
        perms = matching_perms(request.user, candidacy.work_area_id)
        if MPerm.SCORE in perms and not ConflictDeclaration.objects.filter(candidacy=candidacy, matchmaker=request.user).exists():
            raise PermissionDenied
        if candidacy.is_draft and MPerm.MANAGE not in perms:
            raise PermissionDenied  # a draft is the candidate's own until submitted
    return document


@login_required
@require_GET
def document_download(request, candidacy_document):
    document = _document(request, candidacy_document)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=document.name)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, candidacy_document):
    document = _document(request, candidacy_document)
    if not is_candidate_of(request.user, document.candidacy):
        raise PermissionDenied
    back = reverse("matching:candidacy_edit", kwargs={"candidacy": document.candidacy.code})
    if request.method == "POST":
        try:
            services.document_remove(document=document, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De bijlage is verwijderd."))
        return redirect(back)
    return render(request, "includes/confirm_delete.html", {
        "question": _("Bijlage %(name)s verwijderen?") % {"name": document.name}, "cancel_url": back,
    })


# --- Jury work ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def conflict_declare(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    _staff(request, candidacy, MPerm.SCORE, MPerm.JUDGE_APPEAL)
    if candidacy.is_draft:
        raise PermissionDenied
    existing = ConflictDeclaration.objects.filter(candidacy=candidacy, matchmaker=request.user).first()
    form = ConflictForm(request.POST or None, instance=existing or ConflictDeclaration(candidacy=candidacy, matchmaker=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.conflict_declare(candidacy=candidacy, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if declaration.recused:
                messages.info(request, _("Je belangenconflict is genoteerd: je scoort deze kandidaat niet en ziet de scores van anderen niet."))
                return redirect("matching:area", work_area=candidacy.work_area.code)
            messages.success(request, _("Je verklaring is bewaard."))
            return redirect("matching:candidacy", candidacy=candidacy.code)
    return render(request, "matching/conflict_form.html", {"candidacy": candidacy, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def score(request, candidacy, round):
    round_number = _round(round)
    candidacy = _candidacy(request, candidacy)
    _staff(request, candidacy, MPerm.SCORE)
    declaration = ConflictDeclaration.objects.filter(candidacy=candidacy, matchmaker=request.user).first()
    if declaration is None:
        messages.info(request, _("Verklaar eerst of je een belangenconflict hebt."))
        return redirect("matching:conflict", candidacy=candidacy.code)
    current = {c: services.current_score(candidacy, request.user, round_number, c) for c in Criterion}
    initial = {}
    for criterion in Criterion:
        source = current[criterion] or (services.current_score(candidacy, request.user, 1, criterion) if round_number == 2 else None)
        if source:
            initial[f"{criterion.value}_motivation"] = source.motivation
            if current[criterion]:
                initial[f"{criterion.value}_value"] = source.value
    form = ScoreForm(request.POST or None, initial=initial)
    blocked = None
    try:
        services._may_score(candidacy, request.user, round_number)
    except ValidationError as exc:
        blocked = " ".join(exc.messages)
    if request.method == "POST" and form.is_valid() and not blocked:
        try:
            with transaction.atomic():
                for criterion in Criterion:
                    services.score_submit(candidacy=candidacy, by=request.user, round=round_number, criterion=criterion,
                                          value=form.cleaned_data[f"{criterion.value}_value"],
                                          motivation=form.cleaned_data[f"{criterion.value}_motivation"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Je scores zijn bewaard. Je ziet nu ook de scores van de andere matchmakers."))
            return redirect("matching:jury_view", work_area=candidacy.work_area.code, round=round_number)
    return render(request, "matching/score_form.html", {
        "candidacy": candidacy, "round": round_number, "form": form, "blocked": blocked, "current": current,
        "questions": GUIDING_QUESTIONS, "challenges": candidacy.challenges.all(),
        "answers": [(c.label, candidacy.answers(c)) for c in Criterion],
        "carried": round_number == 2 and not any(current.values()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, candidacy, round):
    round_number = _round(round)
    candidacy = _candidacy(request, candidacy)
    _staff(request, candidacy, MPerm.MANAGE)
    existing = {d.criterion: d for d in candidacy.decisions.filter(round=round_number)}
    forms_by_criterion = {}
    for criterion in Criterion:
        d = existing.get(criterion.value)
        initial = {"method": d.method, "consensus_score": d.score if d and d.method == "consensus" else None,
                   "vote_vdab": d.vote_vdab, "vote_local_government": d.vote_local_government,
                   "vote_external": d.vote_external, "motivation": d.motivation} if d else {"method": "consensus"}
        bound = request.method == "POST" and request.POST.get("criterion") == criterion.value
        forms_by_criterion[criterion.value] = DecisionForm(request.POST if bound else None, prefix=criterion.value, initial=initial)
    if request.method == "POST":
        criterion = request.POST.get("criterion")
        form = forms_by_criterion.get(criterion)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.jury_decision_record(
                    candidacy=candidacy, by=request.user, round=round_number, criterion=criterion, method=data["method"],
                    motivation=data["motivation"], consensus_score=data["consensus_score"],
                    votes={"vdab": data["vote_vdab"], "local_government": data["vote_local_government"], "external": data["vote_external"]},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De juryscore is bewaard."))
                return redirect("matching:decision", candidacy=candidacy.code, round=round_number)
    scores = selectors.latest_scores(candidacy.work_area, round_number, candidacy=candidacy)
    members = selectors.matchmakers(candidacy.work_area)
    by_group = {}
    for member in members:
        for criterion in Criterion:
            s = scores.get((candidacy.pk, member.user_id, criterion.value))
            if s:
                by_group.setdefault((str(criterion.label), member.get_group_display()), []).append((member.user, s.value))
    candidacy.refresh_from_db()
    return render(request, "matching/decision_form.html", {
        "candidacy": candidacy, "round": round_number, "forms": [(c, forms_by_criterion[c.value], existing.get(c.value)) for c in Criterion],
        "by_group": sorted(by_group.items()), "locked": services.round_mailed(candidacy, round_number),
    })


@login_required
@require_http_methods(["GET", "POST"])
def pitch(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    _staff(request, candidacy, MPerm.MANAGE)
    existing = Pitch.objects.filter(candidacy=candidacy).first()
    initial = {"scheduled_at": existing.scheduled_at and timezone.localtime(existing.scheduled_at), "held_on": existing.held_on,
               "attendees": existing.attendees} if existing else {}
    form = PitchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pitch_record(candidacy=candidacy, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De pitch is geregistreerd."))
            return redirect("matching:candidacy", candidacy=candidacy.code)
    return render(request, "matching/pitch_form.html", {"candidacy": candidacy, "form": form})


@login_required
def jury_view(request, work_area, round):
    round_number = _round(round)
    area = _area(request, work_area, MPerm.SCORE, MPerm.SEE_ALL_SCORES)
    grid = selectors.jury_grid(area, round_number, request.user)
    return render(request, "matching/jury_view.html", {
        "area": area, "round": round_number, **grid, "Criterion": Criterion,
        "can_manage": has_matching_perm(request.user, area, MPerm.MANAGE),
        "is_matchmaker": has_matching_perm(request.user, area, MPerm.SCORE),
    })


@login_required
def progress(request, work_area, round):
    round_number = _round(round)
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    addendum = LocalAddendum.objects.filter(work_area=area).first()
    return render(request, "matching/progress.html", {
        "area": area, "round": round_number, "rows": selectors.progress(area, round_number),
        "due": addendum.scoring_due(round_number) if addendum else None,
    })


@login_required
def export_csv(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(selectors.export_rows(area))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matching-{area.code}.csv"'
    return response


@login_required
def export_xlsx(request, work_area):
    from openpyxl import Workbook

    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scores en beslissingen")[:31]
    for row in selectors.export_rows(area):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="matching-{area.code}.xlsx"'
    return response


# --- Mails -------------------------------------------------------------------------------

@login_required
def mail_templates(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE)
    custom = set(DecisionMailTemplate.objects.filter(work_area=area).values_list("kind", flat=True))
    return render(request, "matching/mail_templates.html", {
        "area": area, "kinds": [(k, k.value in custom) for k in TEMPLATE_KINDS], "placeholders": services.PLACEHOLDERS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def mail_template_edit(request, work_area, mail_kind):
    area = _area(request, work_area, MPerm.MANAGE)
    if mail_kind not in [k.value for k in TEMPLATE_KINDS]:
        raise Http404
    subject, body = services.mail_template_for(area, mail_kind)
    form = MailTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.mail_template_save(work_area=area, kind=mail_kind, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Het sjabloon is bewaard."))
            return redirect("matching:mail_templates", work_area=area.code)
    return render(request, "matching/mail_template_form.html", {
        "area": area, "form": form, "kind": MailKind(mail_kind), "placeholders": services.PLACEHOLDERS,
        "required": services.REQUIRED_PLACEHOLDERS[mail_kind],
    })


@login_required
@require_http_methods(["GET", "POST"])
def outbox(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    if request.method == "POST":
        if not has_matching_perm(request.user, area, MPerm.MANAGE):
            raise PermissionDenied
        created = services.mails_prepare(work_area=area, by=request.user)
        messages.success(request, _("%(n)d mails klaargezet om na te lezen.") % {"n": len(created)})
        return redirect("matching:outbox", work_area=area.code)
    status = request.GET.get("status", "")
    qs = selectors.outbox(area)
    if status in DecisionMail.Status.values:
        qs = qs.filter(status=status)
    return render(request, "matching/outbox.html", {
        "area": area, "page": paginate(request, qs), "status": status, "statuses": DecisionMail.Status.choices,
        "can_manage": has_matching_perm(request.user, area, MPerm.MANAGE),
    })


@login_required
@require_http_methods(["GET", "POST"])
def outbox_send_all(request, work_area):
    """Send every previewed draft of the outbox at once (after a confirmation)."""
    area = _area(request, work_area, MPerm.MANAGE)
    drafts = list(DecisionMail.objects.filter(candidacy__work_area=area, status=DecisionMail.Status.DRAFT).select_related("candidacy"))
    back = reverse("matching:outbox", kwargs={"work_area": area.code})
    if request.method == "POST":
        sent, refused = 0, []
        for mail in drafts:
            try:
                services.mail_send(mail=mail, by=request.user)
                sent += 1
            except ValidationError as exc:
                refused.append(f"{mail.subject}: {' '.join(exc.messages)}")
        messages.success(request, _("%(n)d mails worden verzonden.") % {"n": sent})
        for line in refused:
            messages.error(request, line)
        return redirect(back)
    return render(request, "includes/confirm_delete.html", {
        "question": _("%(n)d mails in het postvak verzenden?") % {"n": len(drafts)},
        "detail": _("Lees de mails eerst na. Verzonden mails worden ongewijzigd bewaard en kunnen niet meer wijzigen."),
        "cancel_url": back, "confirm_label": _("Ja, alles verzenden"),
    })


def _mail(request, code) -> DecisionMail:
    mail = get_for_user_or_404(DecisionMail.objects.select_related("candidacy__organisation", "candidacy__work_area"), request.user, code=code)
    perms = matching_perms(request.user, mail.candidacy.work_area_id)
    if MPerm.MANAGE in perms or MPerm.OBSERVE in perms:
        return mail
    if is_candidate_of(request.user, mail.candidacy) and mail.status == DecisionMail.Status.SENT:
        return mail
    raise PermissionDenied


@login_required
def mail_detail(request, decision_mail):
    mail = _mail(request, decision_mail)
    return render(request, "matching/mail_detail.html", {
        "mail": mail, "can_send": has_matching_perm(request.user, mail.candidacy.work_area_id, MPerm.MANAGE)
        and mail.status in (DecisionMail.Status.DRAFT, DecisionMail.Status.FAILED),
    })


@login_required
@require_POST
def mail_send(request, decision_mail):
    mail = _mail(request, decision_mail)
    if not has_matching_perm(request.user, mail.candidacy.work_area_id, MPerm.MANAGE):
        raise PermissionDenied
    try:
        services.mail_send(mail=mail, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matching:mail", decision_mail=mail.code)
    messages.success(request, _("De mail wordt verzonden."))
    return redirect("matching:outbox", work_area=mail.candidacy.work_area.code)


@login_required
@require_http_methods(["GET", "POST"])
def mail_discard(request, decision_mail):
    mail = _mail(request, decision_mail)
    if not has_matching_perm(request.user, mail.candidacy.work_area_id, MPerm.MANAGE):
        raise PermissionDenied
    back = reverse("matching:outbox", kwargs={"work_area": mail.candidacy.work_area.code})
    if request.method == "POST":
        try:
            services.mail_discard(mail=mail, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het ontwerp is verwijderd."))
        return redirect(back)
    return render(request, "includes/confirm_delete.html", {"question": _("Dit ontwerp van de mail verwijderen?"), "detail": mail.subject, "cancel_url": back})


# --- Appeals ------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request, candidacy):
    candidacy = _candidacy(request, candidacy)
    if not is_candidate_of(request.user, candidacy):
        raise PermissionDenied
    mail = services.appeal_mail_for(candidacy)
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.appeal_lodge(candidacy=candidacy, by=request.user, criterion=data["criterion"],
                                           overlooked=data["overlooked"], motivation=data["motivation"], uploads=data["attachments"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Je weerwoord is ingediend."))
            return redirect("matching:appeal", appeal=appeal.code)
    return render(request, "matching/appeal_form.html", {
        "candidacy": candidacy, "form": form, "mail": mail,
        "deadline": services.appeal_deadline_for(mail) if mail else None,
    })


def _appeal(request, code) -> tuple[Appeal, dict]:
    appeal = get_for_user_or_404(Appeal.objects.select_related("candidacy__organisation", "candidacy__work_area", "decision_mail"),
                                 request.user, code=code)
    perms = matching_perms(request.user, appeal.candidacy.work_area_id)
    assigned = appeal.assessments.filter(matchmaker=request.user).first()
    own = is_candidate_of(request.user, appeal.candidacy)
    if not (own or assigned or MPerm.MANAGE in perms or MPerm.OBSERVE in perms):
        raise PermissionDenied
    return appeal, {"perms": perms, "assigned": assigned, "own": own}


@login_required
def appeal_detail(request, appeal):
    appeal, ctx = _appeal(request, appeal)
    show_assessments = not ctx["own"] or appeal.status == Appeal.Status.DECIDED
    return render(request, "matching/appeal_detail.html", {
        "appeal": appeal, **ctx, "MPerm": MPerm, "documents": appeal.documents.all(),
        "assessments": appeal.assessments.select_related("matchmaker") if show_assessments else [],
        "decisions": appeal.candidacy.decisions.filter(round=appeal.round) if not ctx["own"] else [],
    })


@login_required
def appeal_document(request, appeal, appeal_document):
    appeal, _ctx = _appeal(request, appeal)
    document = appeal.documents.filter(code=appeal_document).first()
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_assign(request, appeal):
    appeal, ctx = _appeal(request, appeal)
    if MPerm.MANAGE not in ctx["perms"]:
        raise PermissionDenied
    form = AppealAssignForm(request.POST or None, work_area=appeal.candidacy.work_area)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_assign(appeal=appeal, matchmakers=list(form.cleaned_data["matchmakers"]), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Het weerwoord is toegewezen."))
            return redirect("matching:appeal", appeal=appeal.code)
    return render(request, "matching/appeal_assign.html", {"appeal": appeal, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_assess(request, appeal):
    appeal, ctx = _appeal(request, appeal)
    assessment = ctx["assigned"]
    if assessment is None:
        raise PermissionDenied
    initial = {"outcome": assessment.outcome, "motivation": assessment.motivation} if assessment.outcome else {}
    form = AppealAssessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_assess(appeal=appeal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            appeal.refresh_from_db()
            if appeal.status == Appeal.Status.DECIDED:
                messages.success(request, _("Beide matchmakers zijn het eens: het weerwoord is beslist."))
            else:
                messages.info(request, _("Je beoordeling is bewaard. De beslissing valt wanneer beide matchmakers tot dezelfde uitkomst komen."))
            return redirect("matching:appeal", appeal=appeal.code)
    return render(request, "matching/appeal_assess.html", {
        "appeal": appeal, "form": form, "decisions": appeal.candidacy.decisions.filter(round=appeal.round),
        "documents": appeal.documents.all(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def appeal_complaint(request, appeal):
    appeal, ctx = _appeal(request, appeal)
    if not (ctx["own"] or MPerm.MANAGE in ctx["perms"]):
        raise PermissionDenied
    form = ComplaintForm(request.POST or None, initial={"filed_on": appeal.complaint_filed_on, "note": appeal.complaint_note})
    if request.method == "POST" and form.is_valid():
        services.appeal_complaint_record(appeal=appeal, by=request.user, **form.cleaned_data)
        messages.success(request, _("De klacht bij het meldpunt is genoteerd."))
        return redirect("matching:appeal", appeal=appeal.code)
    return render(request, "matching/appeal_complaint.html", {"appeal": appeal, "form": form})


@login_required
def appeal_list(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    return render(request, "matching/appeal_list.html", {"area": area, "page": paginate(request, selectors.appeals_of_area(area))})


# --- Final report and observer -----------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def reports(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE, MPerm.OBSERVE)
    if request.method == "POST":
        if not has_matching_perm(request.user, area, MPerm.MANAGE):
            raise PermissionDenied
        report = services.final_report_request(work_area=area, by=request.user)
        messages.success(request, _("Versie %(v)d van het eindverslag wordt gemaakt.") % {"v": report.version})
        return redirect("matching:report", final_report=report.code)
    return render(request, "matching/reports.html", {
        "area": area, "reports": FinalReport.objects.filter(work_area=area).select_related("created_by"),
        "can_manage": has_matching_perm(request.user, area, MPerm.MANAGE),
    })


def _report(request, code) -> FinalReport:
    report = get_for_user_or_404(FinalReport.objects.select_related("work_area", "created_by"), request.user, code=code)
    if not any(has_matching_perm(request.user, report.work_area_id, p) for p in (MPerm.MANAGE, MPerm.OBSERVE)):
        raise PermissionDenied
    return report


@login_required
def report_status(request, final_report):
    """The job's progress; htmx polls the fragment until it is done or failed."""
    report = _report(request, final_report)
    template = "matching/report_status_fragment.html" if request.headers.get("HX-Request") else "matching/report_status.html"
    return render(request, template, {"report": report, "area": report.work_area})


@login_required
def report_download(request, final_report):
    report = _report(request, final_report)
    if report.status != FinalReport.Status.DONE or not report.file:
        messages.info(request, _("Dit eindverslag is nog niet klaar."))
        return redirect("matching:report", final_report=report.code)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=f"eindverslag-v{report.version}.pdf", content_type="application/pdf")


@login_required
def observer(request, work_area):
    area = _area(request, work_area, MPerm.OBSERVE)
    addendum = LocalAddendum.objects.filter(work_area=area).first()
    return render(request, "matching/observer.html", {
        "area": area, "addendum": addendum, "conditions": selectors.observer_conditions(area),
        "stage_counts": _stage_counts(area),
        "mails": DecisionMail.objects.filter(candidacy__work_area=area, status=DecisionMail.Status.SENT).count(),
        "appeals": Appeal.objects.filter(candidacy__work_area=area).count(),
        "report": FinalReport.objects.filter(work_area=area, status=FinalReport.Status.DONE).first(),
    })


# --- Emergency procedure ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def emergency_new(request, work_area):
    area = _area(request, work_area, MPerm.MANAGE)
    form = EmergencyStartForm(request.POST or None, work_area=area)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.emergency_start(work_area=area, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De noodprocedure is gestart."))
            return redirect("matching:emergency", emergency=procedure.code)
    procedures = EmergencyProcedure.objects.filter(work_area=area).select_related("partnership")
    windows = [(p, *rules.emergency_window(p.start_date)) for p in area.partnerships.all()]
    return render(request, "matching/emergency_new.html", {"area": area, "form": form, "procedures": procedures, "windows": windows})


def _emergency(request, code) -> EmergencyProcedure:
    return get_for_user_or_404(
        EmergencyProcedure.objects.select_related("partnership", "work_area", "vdab_representative", "local_government_representative"),
        request.user, code=code,
    )


def _emergency_table(procedure):
    """Every partner of the partnership (all are re-scored), with its scores and place."""
    scores = {org: {} for org in Organisation.objects.filter(
        pk__in=procedure.partnership.partner_organisations.values("organisation"))}
    for row in procedure.scores.select_related("organisation"):
        scores.setdefault(row.organisation, {})[row.criterion] = row
    ranks = {r.organisation_id: r for r in procedure.rankings.all()}
    table = []
    for org, by_criterion in sorted(scores.items(), key=lambda item: item[0].name):
        crucial, fit = by_criterion.get("crucial"), by_criterion.get("fit")
        table.append({"organisation": org, "crucial": crucial, "fit": fit,
                      "selected": rules.passes(crucial and crucial.value, fit and fit.value), "rank": ranks.get(org.pk)})
    return table


@login_required
@require_http_methods(["GET", "POST"])
def emergency_detail(request, emergency):
    procedure = _emergency(request, emergency)
    can_manage = has_matching_perm(request.user, procedure.work_area_id, MPerm.MANAGE)
    form = EmergencyScoreForm(request.POST or None, partnership=procedure.partnership)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.emergency_score(procedure=procedure, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("De score is bewaard."))
                return redirect("matching:emergency", emergency=procedure.code)
    table = _emergency_table(procedure)
    qualifying = [row for row in table if row["selected"]]
    return render(request, "matching/emergency_detail.html", {
        "procedure": procedure, "form": form, "table": table, "can_manage": can_manage,
        "may_sign": (request.user.pk == procedure.vdab_representative_id and procedure.vdab_signed_at is None)
        or (request.user.pk == procedure.local_government_representative_id and procedure.local_government_signed_at is None),
        "rank_needed": rules.rank_needed(len(qualifying)),
    })


@login_required
@require_POST
def emergency_sign(request, emergency):
    procedure = _emergency(request, emergency)
    try:
        services.emergency_sign(procedure=procedure, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Je ondertekende de noodprocedure."))
    return redirect("matching:emergency", emergency=procedure.code)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_rank(request, emergency):
    procedure = _emergency(request, emergency)
    if not has_matching_perm(request.user, procedure.work_area_id, MPerm.MANAGE):
        raise PermissionDenied
    organisations = list(Organisation.objects.filter(pk__in=services.emergency_qualifying(procedure)).order_by("name"))
    initial = {}
    for r in procedure.rankings.all():
        initial[f"rank_{r.organisation_id}"], initial[f"argument_{r.organisation_id}"] = r.rank, r.argument
    form = EmergencyRankForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_rank(procedure=procedure, by=request.user, ranking=form.ranking())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De rangschikking is bewaard."))
            return redirect("matching:emergency", emergency=procedure.code)
    return render(request, "matching/emergency_rank.html", {"procedure": procedure, "form": form})
