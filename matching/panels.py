"""Home panels: a matchmaker's candidacies still to score; a candidate's candidacies."""

from django.utils.translation import gettext_lazy as _

from partnerships.dashboard import Panel, home_panel

from .access import matching_roles
from .models import Candidacy, ConflictDeclaration, MatchingArea, Score
from .selectors import ROUND2_STAGES, candidacies_of_candidate


@home_panel(order=300)
def to_score(request):
    user = request.user
    area_ids = [area for area, rows in matching_roles(user).items() if any(role == "matchmaker" for role, _g in rows)]
    if not area_ids:
        return None
    candidacies = list(
        Candidacy.objects.filter(work_area_id__in=area_ids).exclude(stage=Candidacy.Stage.DRAFT).values_list("pk", "work_area_id", "stage")
    )
    declarations = {cid: recused for cid, recused in (
        (d.candidacy_id, d.recused) for d in ConflictDeclaration.objects.filter(matchmaker=user, candidacy__work_area_id__in=area_ids)
    )}
    scored = set(Score.objects.filter(matchmaker=user, candidacy__work_area_id__in=area_ids).values_list("candidacy_id", "round", "criterion"))
    rows = []
    for area in MatchingArea.objects.filter(pk__in=area_ids).order_by("name"):
        missing = undeclared = 0
        for cid, area_id, stage in candidacies:
            if area_id != area.pk:
                continue
            if cid not in declarations:
                undeclared += 1
                missing += 1
                continue
            if declarations[cid]:
                continue
            rounds = (1, 2) if stage in ROUND2_STAGES else (1,)
            if any((cid, r, c) not in scored for r in rounds for c in ("crucial", "fit")):
                missing += 1
        if missing:
            rows.append({"area": area, "missing": missing, "undeclared": undeclared})
    return Panel(title=_("Kandidaturen om te scoren"), template="matching/panels/to_score.html", context={"rows": rows})


@home_panel(order=310)
def my_candidacies(request):
    candidacies = list(candidacies_of_candidate(request.user))
    if not candidacies:
        return None
    return Panel(title=_("Kandidaturen van je organisatie"), template="matching/panels/my_candidacies.html",
                 context={"candidacies": candidacies})


@home_panel(order=305)
def matching_to_do(request):
    """Coordinator: mails to send, appeals to assign; appeal matchmaker: appeals to judge."""
    from django.db.models import Count, Q

    from .models import Appeal, AppealAssessment, DecisionMail

    user = request.user
    roles = matching_roles(user)
    managed = [area for area, rows in roles.items() if any(role == "coordinator" for role, _g in rows)]
    rows = []
    if managed:
        drafts = dict(DecisionMail.objects.filter(candidacy__work_area_id__in=managed, status=DecisionMail.Status.DRAFT)
                      .values_list("candidacy__work_area_id").annotate(n=Count("pk")))
        lodged = dict(Appeal.objects.filter(candidacy__work_area_id__in=managed, status=Appeal.Status.LODGED)
                      .values_list("candidacy__work_area_id").annotate(n=Count("pk")))
        undecided = dict(
            Candidacy.objects.filter(work_area_id__in=managed)
            .filter(Q(stage=Candidacy.Stage.SUBMITTED) | Q(stage=Candidacy.Stage.INVITED_ROUND2, pitch__held_on__isnull=False))
            .values_list("work_area_id").annotate(n=Count("pk"))
        )
        for area in MatchingArea.objects.filter(pk__in=managed).order_by("name"):
            if drafts.get(area.pk) or lodged.get(area.pk) or undecided.get(area.pk):
                rows.append({"area": area, "drafts": drafts.get(area.pk, 0), "lodged": lodged.get(area.pk, 0),
                             "undecided": undecided.get(area.pk, 0)})
    to_judge = list(
        AppealAssessment.objects.filter(matchmaker=user, assessed_at__isnull=True).exclude(appeal__status=Appeal.Status.DECIDED)
        .select_related("appeal__candidacy__organisation")
    ) if any(role == "appeal_matchmaker" for rows_ in roles.values() for role, _g in rows_) else []
    if not rows and not to_judge:
        return None
    return Panel(title=_("Matching: te doen"), template="matching/panels/to_do.html", context={"rows": rows, "to_judge": to_judge})
