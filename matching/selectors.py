"""Reads of the matching, ready to render; each runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from . import rules
from .access import MPerm, has_matching_perm
from .models import (
    NEGATIVE_KINDS,
    Appeal,
    Candidacy,
    ConflictDeclaration,
    Criterion,
    DecisionMail,
    FinalReport,
    JuryDecision,
    LocalAddendum,
    MatchingArea,
    MatchingRole,
    Round,
    Score,
)

ROUND2_STAGES = (Candidacy.Stage.INVITED_ROUND2, Candidacy.Stage.REJECTED_ROUND2, Candidacy.Stage.SELECTED)
CRITERIA = (Criterion.CRUCIAL.value, Criterion.FIT.value)


def areas_for_user(user):
    return MatchingArea.objects.for_user(user).select_related("addendum").order_by("name")


def published_addenda():
    return (
        LocalAddendum.objects.filter(status=LocalAddendum.Status.PUBLISHED)
        .select_related("work_area").prefetch_related("challenges").order_by("work_area__name")
    )


def candidacies_of_candidate(user):
    if not user.is_authenticated or not user.organisation_id:
        return Candidacy.objects.none()
    return (
        Candidacy.objects.filter(organisation_id=user.organisation_id)
        .select_related("work_area", "work_area__addendum", "organisation").order_by("work_area__name")
    )


def candidacies_in_round(area, round_number: int):
    qs = Candidacy.objects.filter(work_area=area).exclude(stage=Candidacy.Stage.DRAFT)
    if round_number == Round.TWO:
        qs = qs.filter(stage__in=ROUND2_STAGES)
    return qs.select_related("organisation").order_by("organisation__name")


def matchmakers(area):
    return list(
        MatchingRole.objects.filter(work_area=area, role=MatchingRole.Kind.MATCHMAKER)
        .select_related("user", "user__organisation").order_by("group", "user__first_name", "user__last_name")
    )


def latest_scores(area, round_number: int, candidacy=None) -> dict[tuple[int, int, str], Score]:
    """{(candidacy_id, matchmaker_id, criterion): current score}; one query."""
    qs = Score.objects.filter(candidacy__work_area=area, round=round_number)
    if candidacy is not None:
        qs = qs.filter(candidacy=candidacy)
    found: dict[tuple[int, int, str], Score] = {}
    for score in qs.order_by("created_at", "pk"):
        found[(score.candidacy_id, score.matchmaker_id, score.criterion)] = score
    return found


def declarations(area, candidacy=None) -> dict[tuple[int, int], ConflictDeclaration]:
    qs = ConflictDeclaration.objects.filter(candidacy__work_area=area)
    if candidacy is not None:
        qs = qs.filter(candidacy=candidacy)
    return {(d.candidacy_id, d.matchmaker_id): d for d in qs}


def viewer_sees(user, area, candidacy_id, criterion, scores, decls) -> bool:
    """A matchmaker sees others' scores only after submitting their own (and never when
    conflicted); the coordinator and observers see everything."""
    if has_matching_perm(user, area, MPerm.SCORE):
        declaration = decls.get((candidacy_id, user.pk))
        if declaration is None or declaration.recused:
            return False
        return (candidacy_id, user.pk, criterion) in scores
    return has_matching_perm(user, area, MPerm.SEE_ALL_SCORES)


@dataclass
class Cell:
    member: MatchingRole
    declared: bool
    recused: bool
    values: dict = field(default_factory=dict)  # criterion -> Score | None | "hidden"


@dataclass
class GridRow:
    candidacy: Candidacy
    cells: list
    disagreement: dict
    decisions: dict
    jury_valid: bool
    missing_groups: tuple


def jury_grid(area, round_number: int, user) -> dict:
    """All candidates × matchmakers for a round, as the viewer may see them: 5 queries."""
    candidacies = list(candidacies_in_round(area, round_number))
    members = matchmakers(area)
    scores = latest_scores(area, round_number)
    decls = declarations(area)
    decisions = {
        (d.candidacy_id, d.criterion): d
        for d in JuryDecision.objects.filter(candidacy__work_area=area, round=round_number)
    }
    rows = []
    for candidacy in candidacies:
        visible = {c: viewer_sees(user, area, candidacy.pk, c, scores, decls) for c in CRITERIA}
        cells, groups_present = [], []
        values_by_criterion = {c: [] for c in CRITERIA}
        for member in members:
            declaration = decls.get((candidacy.pk, member.user_id))
            recused = bool(declaration and declaration.recused)
            if not recused:
                groups_present.append(member.group)
            cell = Cell(member=member, declared=declaration is not None, recused=recused)
            for criterion in CRITERIA:
                score = scores.get((candidacy.pk, member.user_id, criterion))
                if score is not None:
                    values_by_criterion[criterion].append(score.value)
                if score is None:
                    cell.values[criterion] = None
                elif visible[criterion] or member.user_id == user.pk:
                    cell.values[criterion] = score
                else:
                    cell.values[criterion] = "hidden"
            cells.append(cell)
        check = rules.jury_check(groups_present)
        rows.append(GridRow(
            candidacy=candidacy, cells=cells,
            disagreement={c: visible[c] and rules.disagreement(values_by_criterion[c]) for c in CRITERIA},
            decisions={c: decisions.get((candidacy.pk, c)) for c in CRITERIA},
            jury_valid=check.valid, missing_groups=check.missing_groups,
        ))
    return {"rows": rows, "members": members}


def progress(area, round_number: int) -> list[dict]:
    """Per matchmaker: how many candidacies scored (both criteria), to score, recused."""
    candidacies = list(candidacies_in_round(area, round_number).values_list("pk", flat=True))
    scores = latest_scores(area, round_number)
    decls = declarations(area)
    result = []
    for member in matchmakers(area):
        scored = recused = 0
        pending = []
        for cid in candidacies:
            declaration = decls.get((cid, member.user_id))
            if declaration and declaration.recused:
                recused += 1
            elif all((cid, member.user_id, c) in scores for c in CRITERIA):
                scored += 1
            else:
                pending.append(cid)
        result.append({"member": member, "scored": scored, "recused": recused, "missing": len(pending),
                       "total": len(candidacies)})
    return result


def missing_scores(area, round_number: int):
    return [(row["member"].user, row["missing"]) for row in progress(area, round_number)]


def score_history(candidacy, round_number: int, user, area) -> list[Score]:
    """Every version of the scores the viewer may see, oldest first (the path to the decision)."""
    scores = latest_scores(area, round_number, candidacy=candidacy)
    decls = declarations(area, candidacy=candidacy)
    visible = [c for c in CRITERIA if viewer_sees(user, area, candidacy.pk, c, scores, decls)]
    qs = Score.objects.filter(candidacy=candidacy, round=round_number).select_related("matchmaker")
    if has_matching_perm(user, area, MPerm.SCORE):
        qs = qs.filter(Q(criterion__in=visible) | Q(matchmaker=user))
    elif not has_matching_perm(user, area, MPerm.SEE_ALL_SCORES):
        return []
    return list(qs.order_by("criterion", "matchmaker__first_name", "created_at", "pk"))


def area_counts(area) -> dict:
    rows = Candidacy.objects.filter(work_area=area).values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}


def outbox(area):
    return (
        DecisionMail.objects.filter(candidacy__work_area=area)
        .select_related("candidacy__organisation").order_by("status", "-created_at")
    )


def appeals_of_area(area):
    return (
        Appeal.objects.filter(candidacy__work_area=area)
        .select_related("candidacy__organisation").prefetch_related("assessments__matchmaker")
    )


@dataclass
class Condition:
    number: int
    text: str
    status: str  # "met", "not_met", "judgement"
    evidence: str


def observer_conditions(area, rendering=None) -> list[Condition]:
    """The six conditions of DOMAIN.md §1.10, checked from the data where data can prove them.

    ``rendering``: the final report being rendered; it counts as the report for condition 5
    (the report cannot wait for itself to be done)."""
    addendum = LocalAddendum.objects.filter(work_area=area).prefetch_related("challenges").first()
    candidacies = Candidacy.objects.filter(work_area=area).exclude(stage=Candidacy.Stage.DRAFT)
    count = candidacies.count()
    incumbent = candidacies.filter(organisation__kind__in=["vdab", "local_government"]).count()
    sent_negative = DecisionMail.objects.filter(candidacy__work_area=area, kind__in=NEGATIVE_KINDS, status=DecisionMail.Status.SENT)
    negative_total = sent_negative.count()
    negative_without = sent_negative.filter(carries_appeal_procedure=False).count()
    decided_stages = (Candidacy.Stage.REJECTED_ROUND1, Candidacy.Stage.INVITED_ROUND2, Candidacy.Stage.REJECTED_ROUND2, Candidacy.Stage.SELECTED)
    decided = candidacies.filter(stage__in=decided_stages).count()
    without_motivation = JuryDecision.objects.filter(candidacy__work_area=area, motivation="").count()
    report = rendering or FinalReport.objects.filter(work_area=area, status=FinalReport.Status.DONE).order_by("-version").first()

    conditions = [Condition(1, str(_("Het proces kan overal in Vlaanderen worden toegepast.")), "judgement",
                            str(_("Het platform volgt dezelfde procedure in elk werkingsgebied; een mens beoordeelt of ze hier gevolgd werd.")))]
    conditions.append(Condition(
        2, str(_("Organisaties worden apart uitgenodigd, niet als consortium.")), "met" if count else "judgement",
        str(_("{n} kandidaturen, elk van één organisatie; één kandidatuur per organisatie per werkingsgebied.")).format(n=count)
        if count else str(_("Nog geen ingediende kandidaturen.")),
    ))
    if addendum is None or not addendum.is_published:
        status3, evidence3 = "not_met", str(_("Het addendum is niet publiek gepubliceerd."))
    elif not rules.schedule_respects_six_weeks(addendum.publication_date, addendum.candidacy_deadline):
        status3, evidence3 = "not_met", str(_("Minder dan 6 weken tussen publicatie en deadline."))
    elif incumbent:
        status3, evidence3 = "not_met", str(_("{n} kandidaturen van VDAB of een lokaal bestuur.")).format(n=incumbent)
    else:
        status3 = "met"
        evidence3 = str(_("Publiek gepubliceerd op {p}, deadline {d}: minstens 6 weken voor iedereen.")).format(
            p=addendum.publication_date.strftime("%d/%m/%Y"), d=addendum.candidacy_deadline.strftime("%d/%m/%Y"))
    conditions.append(Condition(3, str(_("Alle organisaties (behalve VDAB en lokale besturen) kunnen op gelijke basis deelnemen.")), status3, evidence3))
    step2_complete = bool(addendum and addendum.local_needs.strip() and addendum.personas.strip()
                          and addendum.arena_analysis.strip() and addendum.challenges.all())
    conditions.append(Condition(
        4, str(_("Het proces bouwt voort op de resultaten van stap 2 (het addendum).")), "met" if step2_complete else "not_met",
        str(_("Lokale noden, persona's, arena-analyse en regio-uitdagingen zijn ingevuld.")) if step2_complete
        else str(_("Het addendum mist lokale noden, persona's, arena-analyse of regio-uitdagingen.")),
    ))
    last_change = max(filter(None, [
        JuryDecision.objects.filter(candidacy__work_area=area).aggregate(m=Max("decided_at"))["m"],
        Appeal.objects.filter(candidacy__work_area=area).aggregate(m=Max("decided_at"))["m"],
    ]), default=None)
    if not report:
        status5, evidence5 = "not_met", str(_("Nog geen eindverslag."))
    elif without_motivation or not decided:
        status5, evidence5 = "not_met", str(_("Niet elke kandidatuur heeft een gemotiveerde juryscore."))
    elif last_change and report.created_at < last_change:
        status5 = "not_met"
        evidence5 = str(_("Het eindverslag (versie {v}) is ouder dan de laatste beslissing; maak een nieuwe versie.")).format(v=report.version)
    else:
        status5 = "met"
        evidence5 = str(_("{n} kandidaturen beslist, elke juryscore gemotiveerd per criterium; eindverslag versie {v}.")).format(
            n=decided, v=report.version)
    conditions.append(Condition(5, str(_("Het proces is grondig gedocumenteerd en transparant over elke selectie.")), status5, evidence5))
    if not negative_total:
        status6, evidence6 = "judgement", str(_("Nog geen negatieve beslissingsmails verzonden."))
    elif negative_without:
        status6, evidence6 = "not_met", str(_("{n} negatieve mails zonder weerwoordprocedure.")).format(n=negative_without)
    else:
        status6 = "met"
        evidence6 = str(_("Alle {n} negatieve mails vermeldden de weerwoordprocedure met de termijn.")).format(n=negative_total)
    conditions.append(Condition(6, str(_("Het proces biedt een weerwoord na niet-selectie.")), status6, evidence6))
    return conditions


def final_report_context(area, report=None) -> dict:
    addendum = LocalAddendum.objects.filter(work_area=area).prefetch_related("challenges").first()
    members = matchmakers(area)
    candidacies = list(
        Candidacy.objects.filter(work_area=area).exclude(stage=Candidacy.Stage.DRAFT)
        .select_related("organisation", "pitch").prefetch_related(
            "challenges",
            Prefetch("decisions", queryset=JuryDecision.objects.order_by("round", "criterion")),
            Prefetch("conflict_declarations", queryset=ConflictDeclaration.objects.select_related("matchmaker")),
        ).order_by("organisation__name")
    )
    all_scores = list(
        Score.objects.filter(candidacy__work_area=area).select_related("matchmaker")
        .order_by("candidacy_id", "round", "criterion", "matchmaker__first_name", "created_at")
    )
    scores_by_candidacy: dict[int, list] = {}
    for score in all_scores:
        scores_by_candidacy.setdefault(score.candidacy_id, []).append(score)
    for candidacy in candidacies:
        candidacy.report_scores = scores_by_candidacy.get(candidacy.pk, [])
    mails = list(
        DecisionMail.objects.filter(candidacy__work_area=area, status=DecisionMail.Status.SENT)
        .select_related("candidacy__organisation").order_by("sent_at")
    )
    appeals = list(appeals_of_area(area))
    return {
        "title": str(_("Eindverslag van de lokale jury – {area}")).format(area=area.name),
        "area": area, "addendum": addendum, "members": members, "candidacies": candidacies, "mails": mails,
        "appeals": appeals, "report": report, "conditions": observer_conditions(area, rendering=report),
    }


def export_rows(area):
    """Scores (every version), group votes and decisions, as rows for CSV/XLSX."""
    header = [str(_("Kandidaat")), str(_("Ronde")), str(_("Criterium")), str(_("Soort")), str(_("Matchmaker / groep")),
              str(_("Score")), str(_("Motivering")), str(_("Tijdstip")), str(_("Vervangen"))]
    rows = [header]
    superseded = set(
        Score.objects.filter(candidacy__work_area=area, supersedes__isnull=False).values_list("supersedes_id", flat=True)
    )
    for score in (Score.objects.filter(candidacy__work_area=area).select_related("candidacy__organisation", "matchmaker")
                  .order_by("candidacy__organisation__name", "round", "criterion", "created_at")):
        rows.append([score.candidacy.organisation.name, score.round, score.get_criterion_display(), str(_("score")),
                     str(score.matchmaker), score.value, score.motivation, score.created_at.isoformat(),
                     str(_("ja")) if score.pk in superseded else ""])
    for decision in (JuryDecision.objects.filter(candidacy__work_area=area).select_related("candidacy__organisation")
                     .order_by("candidacy__organisation__name", "round", "criterion")):
        name = decision.candidacy.organisation.name
        if decision.method == JuryDecision.Method.VOTE:
            for label, vote in ((_("VDAB"), decision.vote_vdab), (_("Lokaal bestuur"), decision.vote_local_government),
                                (_("Onafhankelijke externen"), decision.vote_external)):
                rows.append([name, decision.round, decision.get_criterion_display(), str(_("groepsstem")), str(label), vote, "", "", ""])
        rows.append([name, decision.round, decision.get_criterion_display(),
                     str(_("juryscore ({method})")).format(method=decision.get_method_display()), "", decision.score,
                     decision.motivation, decision.decided_at.isoformat(), ""])
    return [[rules.safe_cell(v) for v in row] for row in rows]


def emergencies_to_sign(user):
    """Emergency procedures waiting for this representative's signature."""
    from django.db.models import Q

    from .models import EmergencyProcedure

    return list(EmergencyProcedure.objects.filter(
        Q(vdab_representative=user, vdab_signed_at__isnull=True)
        | Q(local_government_representative=user, local_government_signed_at__isnull=True),
        closed_at__isnull=True,
    ).select_related("partnership").order_by("started_on"))
