"""Writes of the matching. Keyword-only, atomic, validated; the error messages
are module constants the tests reuse. Every write checks the acting person's
matching permission (views and the API call these; so do the demo and tests)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.files import document_error
from partnerships.models import Organisation, Partnership, User, WorkArea

from . import rules
from .access import (
    MPerm,
    forget_matching_roles,
    has_matching_perm,
    is_candidate_of,
    require_matching_perm,
)
from .models import (
    NEGATIVE_KINDS,
    Appeal,
    AppealAssessment,
    AppealDocument,
    Candidacy,
    CandidacyDocument,
    ConflictDeclaration,
    Criterion,
    DecisionMail,
    DecisionMailTemplate,
    EmergencyProcedure,
    EmergencyRanking,
    EmergencyScore,
    FinalReport,
    Group,
    JuryDecision,
    LocalAddendum,
    MailKind,
    MatchingRole,
    Pitch,
    RegionalChallenge,
    Round,
    Score,
    ScoringReminder,
)

logger = logging.getLogger(__name__)

# --- Messages (tests reuse these) ------------------------------------------------
ERROR_SIX_WEEKS = _(
    "Tussen de publicatie ({publication}) en de deadline voor kandidaturen moeten minstens 6 weken (42 dagen) "
    "liggen; nu zijn dat er {days}. De vroegst mogelijke deadline is {earliest}."
)
ERROR_SCHEDULE_MISSING = _("Vul de publicatiedatum en de deadline voor kandidaturen in voor je publiceert.")
ERROR_NOT_PUBLISHED = _("Voor dit werkingsgebied is nog geen addendum gepubliceerd.")
ERROR_SECOND_CANDIDACY = _("Je organisatie heeft al een kandidatuur voor dit werkingsgebied. Eén kandidatuur per werkingsgebied.")
ERROR_NO_ORGANISATION = _("Je account hoort niet bij een organisatie; een kandidatuur komt altijd van één organisatie.")
ERROR_NOT_ELIGIBLE = _("VDAB en lokale besturen zijn al betrokken sinds stap 2 en stellen zich niet kandidaat.")
ERROR_DEADLINE_PASSED = _("De deadline voor kandidaturen was {deadline} (Belgische tijd). Indienen kan niet meer; je ontwerp blijft bewaard.")
ERROR_NOT_DRAFT = _("Een ingediende kandidatuur kan niet meer worden gewijzigd.")
ERROR_LEGAL_PERSON = _("Alleen een organisatie met rechtspersoonlijkheid kan zich kandidaat stellen.")
ERROR_INVOICE_ONLY = _("Organisaties die hun kosten enkel via facturatie kunnen afrekenen, kunnen geen partner zijn.")
ERROR_ANSWER_REQUIRED = _("Beantwoord deze vraag voor je indient.")
ERROR_CHALLENGE_REQUIRED = _("Kies minstens één regio-uitdaging waaraan je organisatie bijdraagt.")
ERROR_LEGAL_FORM_REQUIRED = _("Vermeld de rechtsvorm van je organisatie.")
ERROR_GROUP_REQUIRED = _("Kies de groep van de matchmaker: VDAB, lokaal bestuur of onafhankelijke externe.")
ERROR_WAIVER_MOTIVATION = _("Een ontheffing vraagt een schriftelijke motivering.")
ERROR_CONFLICT_KIND = _("Kies welk belang je hebt.")
ERROR_DECLARE_FIRST = _("Verklaar eerst of je een belangenconflict hebt met deze kandidaat.")
ERROR_CONFLICTED = _("Je hebt een belangenconflict met deze kandidaat: je scoort niet en ziet de scores van anderen niet.")
ERROR_JURY_INVALID = _("Scoren kan pas met een geldige jury: na de onthoudingen minstens 3 matchmakers met minstens één per groep. {problem}")
ERROR_JURY_MISSING_GROUP = _("Ontbrekende groep: {groups}.")
ERROR_JURY_TOO_FEW = _("Er blijven maar {size} matchmakers over.")
ERROR_MOTIVATION_REQUIRED = _("Een score vraagt een motivering.")
ERROR_SCORE_RANGE = _("Een score ligt tussen 1 en 4.")
ERROR_NOT_SUBMITTED = _("Deze kandidatuur is nog niet ingediend.")
ERROR_NOT_IN_ROUND2 = _("Deze kandidaat is niet uitgenodigd voor ronde 2.")
ERROR_PITCH_FIRST = _("Ronde 2 volgt op de pitch: registreer eerst de datum van het matchingsgesprek en wie aanwezig was.")
ERROR_VOTES_REQUIRED = _("Zonder consensus brengt elke groep (VDAB, lokaal bestuur, onafhankelijke externen) één stem uit.")
ERROR_CONSENSUS_SCORE_REQUIRED = _("Vul de consensusscore in.")
ERROR_DECISION_MAILED = _("De beslissing van deze ronde is al gemaild; ze kan niet meer wijzigen.")
ERROR_ROUND1_CLOSED = _("Ronde 2 is al beslist; de beslissing van ronde 1 kan niet meer wijzigen.")
ERROR_TEMPLATE_PLACEHOLDER = _("Het sjabloon moet {placeholder} bevatten.")
ERROR_MAIL_NOT_DRAFT = _("Deze mail is al verzonden of wordt verzonden.")
ERROR_MAIL_STALE = _("De beslissing is intussen gewijzigd: verwijder dit ontwerp en zet de mails opnieuw klaar.")
ERROR_NO_RECIPIENT = _("Er is geen e-mailadres voor deze kandidaat.")
ERROR_APPEAL_NOT_REJECTED = _("Een weerwoord kan alleen na een niet-selectie.")
ERROR_APPEAL_NO_MAIL = _("Het weerwoord kan pas nadat de beslissingsmail is verzonden.")
ERROR_APPEAL_LATE = _("De termijn voor een weerwoord liep tot en met {deadline}: 14 dagen na de beslissingsmail. Een weerwoord kan niet meer.")
ERROR_APPEAL_EXISTS = _("Er is al een weerwoord voor deze ronde.")
ERROR_APPEAL_OVERLOOKED = _("Een weerwoord gaat enkel over materiële fouten: welk document of feit werd niet meegenomen?")
ERROR_APPEAL_TWO = _("Wijs precies twee verschillende matchmakers toe.")
ERROR_APPEAL_ON_JURY = _("{name} zat in de jury van dit werkingsgebied en kan het weerwoord niet beoordelen.")
ERROR_APPEAL_CONFLICTED = _("{name} heeft een belangenconflict met deze kandidaat.")
ERROR_APPEAL_NOT_APPEAL_MATCHMAKER = _("{name} is geen matchmaker voor weerwoorden in dit werkingsgebied.")
ERROR_APPEAL_NOT_ASSIGNED = _("Dit weerwoord is niet aan jou toegewezen.")
ERROR_APPEAL_DECIDED = _("Over dit weerwoord is al beslist.")
ERROR_APPEAL_NO_CONFLICT_DECLARATION = _("Verklaar dat je geen belangenconflict hebt met deze kandidaat.")
ERROR_EMERGENCY_WINDOW = _("Een noodprocedure kan enkel binnen de 8 weken voor de start ({start}): van {first} tot en met {last}.")
ERROR_EMERGENCY_MOTIVATION = _("Motiveer waarom VDAB en het lokaal bestuur de noodprocedure opstarten.")
ERROR_EMERGENCY_VDAB = _("Kies een vertegenwoordiger van VDAB.")
ERROR_EMERGENCY_LOCAL = _("Kies een vertegenwoordiger van het lokaal bestuur.")
ERROR_EMERGENCY_NOT_PARTNER = _("Deze organisatie is geen partner van het partnerschap.")
ERROR_EMERGENCY_BEHAVIOUR = _("Bij fit for partnership scoor je ook het geobserveerde gedrag tijdens de partnerschapsvorming.")
ERROR_EMERGENCY_RANKING = _("Rangschik precies de partners met 3 of 4 op beide criteria, elk met een argumentatie.")
ERROR_EMERGENCY_WORK_AREA = _("Dit partnerschap hoort niet bij dit werkingsgebied.")
ERROR_EMERGENCY_NOT_SIGNATORY = _("Enkel de aangeduide vertegenwoordiger van VDAB of van het lokaal bestuur kan ondertekenen.")
ERROR_EMERGENCY_UNSIGNED = _("De noodprocedure loopt pas als de vertegenwoordigers van VDAB en van het lokaal bestuur elk ondertekenden.")

PLACEHOLDERS = ("organisatie", "werkingsgebied", "motivering", "pitch", "termijn_weerwoord", "weerwoordprocedure")

DEFAULT_TEMPLATES = {
    MailKind.NEGATIVE_ROUND1: (
        "Beslissing call for interest {werkingsgebied}: niet weerhouden voor ronde 2",
        "Beste {organisatie},\n\nDank voor uw kandidatuur voor het lokaal partnerschap {werkingsgebied}. "
        "De lokale jury heeft uw kandidatuur beoordeeld. U behaalde niet op beide criteria minstens een 3; "
        "u wordt daarom niet uitgenodigd voor de tweede ronde.\n\nMotivering per criterium:\n{motivering}\n\n"
        "{weerwoordprocedure}\n\nMet vriendelijke groeten,\nDe lokale jury",
    ),
    MailKind.INVITATION_ROUND2: (
        "Uitnodiging matchingsgesprek {werkingsgebied}",
        "Beste {organisatie},\n\nDe lokale jury van {werkingsgebied} nodigt u uit voor de tweede ronde: een "
        "matchingsgesprek waarin u uw kandidatuur pitcht.\n\nMoment: {pitch}\n\nMotivering per criterium na ronde 1:\n"
        "{motivering}\n\nMet vriendelijke groeten,\nDe lokale jury",
    ),
    MailKind.NEGATIVE_ROUND2: (
        "Beslissing call for interest {werkingsgebied}: niet geselecteerd",
        "Beste {organisatie},\n\nDank voor uw pitch. Na het matchingsgesprek behaalde u niet op beide criteria "
        "minstens een 3; u wordt niet geselecteerd voor de partnerschapsvorming.\n\nMotivering per criterium:\n"
        "{motivering}\n\n{weerwoordprocedure}\n\nMet vriendelijke groeten,\nDe lokale jury",
    ),
    MailKind.SELECTED: (
        "Beslissing call for interest {werkingsgebied}: geselecteerd",
        "Beste {organisatie},\n\nProficiat: u bent geselecteerd om deel te nemen aan de verdere vorming van het "
        "partnerschap {werkingsgebied} (stap 4). Dit houdt nog geen garantie in op deelname aan het partnerschap "
        "of op financiering door Europa WSE.\n\nMotivering per criterium:\n{motivering}\n\n"
        "Met vriendelijke groeten,\nDe lokale jury",
    ),
}
APPEAL_PROCEDURE_TEXT = _(
    "Weerwoord: u kunt tot en met {deadline} een weerwoord indienen via uw kandidatuur in het platform. "
    "Een weerwoord kan enkel over materiële fouten gaan: documentatie die niet of onvoldoende werd meegenomen "
    "bij de beoordeling, niet over de inhoudelijke beoordeling zelf. Twee onafhankelijke matchmakers die niet "
    "in de jury zaten, wegen uw weerwoord af en bekrachtigen of herzien de beslissing. Daarna kunt u nog een "
    "klacht indienen bij het meldpunt van het Departement Werk en Sociale Economie."
)

REQUIRED_PLACEHOLDERS = {
    MailKind.NEGATIVE_ROUND1: ("motivering", "weerwoordprocedure"),
    MailKind.NEGATIVE_ROUND2: ("motivering", "weerwoordprocedure"),
    MailKind.INVITATION_ROUND2: ("motivering", "pitch"),
    MailKind.SELECTED: ("motivering",),
}


def _fmt(message, **params) -> str:
    return str(message).format(**params)


def _d(value: date) -> str:
    return date_format(value, "j F Y")


def _manager(by, work_area) -> None:
    require_matching_perm(by, work_area, MPerm.MANAGE)


# --- Addendum --------------------------------------------------------------------

ADDENDUM_FIELDS = (
    "boundaries", "local_needs", "personas", "arena_analysis", "needs_motivation", "publication_date",
    "candidacy_deadline", "pitch_moments", "expected_decision_date", "contacts", "round1_scoring_due",
    "round2_scoring_due",
)


def _check_schedule(addendum: LocalAddendum) -> None:
    if addendum.publication_date and addendum.candidacy_deadline and not rules.schedule_respects_six_weeks(
        addendum.publication_date, addendum.candidacy_deadline
    ):
        raise ValidationError({"candidacy_deadline": _fmt(
            ERROR_SIX_WEEKS, publication=_d(addendum.publication_date),
            days=rules.publication_gap_days(addendum.publication_date, addendum.candidacy_deadline),
            earliest=_d(rules.earliest_deadline(addendum.publication_date)),
        )})


@transaction.atomic
def addendum_save(*, work_area: WorkArea, by: User, **fields) -> LocalAddendum:
    """Create or change the work area's addendum. A published addendum keeps the 6-week rule."""
    _manager(by, work_area)
    unknown = set(fields) - set(ADDENDUM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    addendum, _created = LocalAddendum.objects.select_for_update().get_or_create(work_area=work_area)
    for name, value in fields.items():
        setattr(addendum, name, value)
    addendum.full_clean()
    if addendum.is_published:
        _check_schedule(addendum)
    addendum.save()
    return addendum


@transaction.atomic
def addendum_publish(*, addendum: LocalAddendum, by: User) -> LocalAddendum:
    _manager(by, addendum.work_area_id)
    addendum = LocalAddendum.objects.select_for_update().get(pk=addendum.pk)
    if not addendum.publication_date:
        addendum.publication_date = timezone.localdate()
    if not addendum.candidacy_deadline:
        raise ValidationError({"candidacy_deadline": str(ERROR_SCHEDULE_MISSING)})
    _check_schedule(addendum)
    addendum.status = LocalAddendum.Status.PUBLISHED
    addendum.published_at = timezone.now()
    addendum.full_clean()
    addendum.save()
    return addendum


def challenge_add(*, addendum: LocalAddendum, by: User, title: str, **fields) -> RegionalChallenge:
    _manager(by, addendum.work_area_id)
    position = (addendum.challenges.aggregate(m=Max("position"))["m"] or 0) + 1
    challenge = RegionalChallenge(addendum=addendum, title=title, position=position, **fields)
    challenge.full_clean()
    challenge.save()
    return challenge


# --- Roles -----------------------------------------------------------------------

def matching_role_grant(*, work_area: WorkArea, user: User, role: str, group: str = "", by: User | None) -> MatchingRole:
    """Give a person a role in the matching of a work area (coordinator only; ``by=None`` for
    set-up scripts run by an administrator)."""
    if by is not None:
        _manager(by, work_area)
    if role == MatchingRole.Kind.MATCHMAKER and not group:
        raise ValidationError({"group": str(ERROR_GROUP_REQUIRED)})
    if role != MatchingRole.Kind.MATCHMAKER:
        group = ""
    existing = MatchingRole.objects.filter(work_area=work_area, user=user, role=role).first()
    if existing:
        if existing.group != group:
            existing.group = group
            existing.full_clean()
            existing.save(update_fields=["group"])
        return existing
    row = MatchingRole(work_area=work_area, user=user, role=role, group=group)
    row.full_clean()
    row.save()
    forget_matching_roles(user)
    return row


def matching_role_revoke(*, role: MatchingRole, by: User) -> None:
    _manager(by, role.work_area_id)
    role.delete()
    forget_matching_roles(role.user)


# --- Candidacies -------------------------------------------------------------------

CANDIDACY_FIELDS = ("legal_form", "is_legal_person", "invoice_only", "contact_email", *Candidacy.ANSWER_FIELDS[Criterion.CRUCIAL], *Candidacy.ANSWER_FIELDS[Criterion.FIT])


@transaction.atomic
def candidacy_start(*, work_area: WorkArea, by: User, now: datetime | None = None) -> Candidacy:
    """A draft candidacy of the person's organisation for a published addendum."""
    now = now or timezone.now()
    if not by.organisation_id:
        raise ValidationError(str(ERROR_NO_ORGANISATION))
    organisation = Organisation.objects.get(pk=by.organisation_id)
    if organisation.kind in (Organisation.Kind.VDAB, Organisation.Kind.LOCAL_GOVERNMENT):
        raise ValidationError(str(ERROR_NOT_ELIGIBLE))
    addendum = LocalAddendum.objects.filter(work_area=work_area, status=LocalAddendum.Status.PUBLISHED).first()
    if addendum is None:
        raise ValidationError(str(ERROR_NOT_PUBLISHED))
    if not rules.candidacy_open(addendum.candidacy_deadline, now):
        raise ValidationError(_fmt(ERROR_DEADLINE_PASSED, deadline=_d(addendum.candidacy_deadline)))
    if Candidacy.objects.filter(work_area=work_area, organisation=organisation).exists():
        raise ValidationError(str(ERROR_SECOND_CANDIDACY))
    candidacy = Candidacy(work_area=work_area, organisation=organisation, created_by=by, contact_email=by.email or organisation.email)
    candidacy.full_clean()
    candidacy.save()
    return candidacy


def _candidate(by, candidacy) -> None:
    if not is_candidate_of(by, candidacy):
        raise PermissionDenied


@transaction.atomic
def candidacy_update(*, candidacy: Candidacy, by: User, challenges=None, **fields) -> Candidacy:
    """Save the draft (nothing is required yet: drafts are kept as typed)."""
    _candidate(by, candidacy)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if not candidacy.is_draft:
        raise ValidationError(str(ERROR_NOT_DRAFT))
    unknown = set(fields) - set(CANDIDACY_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(candidacy, name, value)
    candidacy.full_clean()
    candidacy.save()
    if challenges is not None:
        allowed = RegionalChallenge.objects.filter(addendum__work_area_id=candidacy.work_area_id, pk__in=[c.pk for c in challenges])
        candidacy.challenges.set(allowed)
    return candidacy


def candidacy_problems(candidacy: Candidacy) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not candidacy.legal_form.strip():
        errors["legal_form"] = str(ERROR_LEGAL_FORM_REQUIRED)
    if not candidacy.is_legal_person:
        errors["is_legal_person"] = str(ERROR_LEGAL_PERSON)
    if candidacy.invoice_only:
        errors["invoice_only"] = str(ERROR_INVOICE_ONLY)
    for names in Candidacy.ANSWER_FIELDS.values():
        for name in names:
            if not getattr(candidacy, name).strip():
                errors[name] = str(ERROR_ANSWER_REQUIRED)
    if not candidacy.challenges.exists():
        errors["challenges"] = str(ERROR_CHALLENGE_REQUIRED)
    return errors


@transaction.atomic
def candidacy_submit(*, candidacy: Candidacy, by: User, now: datetime | None = None) -> Candidacy:
    _candidate(by, candidacy)
    now = now or timezone.now()
    candidacy = Candidacy.objects.select_for_update(of=("self",)).select_related("work_area__addendum").get(pk=candidacy.pk)
    if not candidacy.is_draft:
        raise ValidationError(str(ERROR_NOT_DRAFT))
    deadline = candidacy.work_area.addendum.candidacy_deadline
    if not rules.candidacy_open(deadline, now):
        raise ValidationError(_fmt(ERROR_DEADLINE_PASSED, deadline=_d(deadline)))
    errors = candidacy_problems(candidacy)
    if errors:
        raise ValidationError(errors)
    candidacy.stage = Candidacy.Stage.SUBMITTED
    candidacy.submitted_at = now
    candidacy.save(update_fields=["stage", "submitted_at", "updated_at"])
    return candidacy


def _check_upload(upload) -> None:
    message = document_error(upload.name, upload.size)
    if message:
        raise ValidationError({"file": message})


def document_add(*, candidacy: Candidacy, by: User, upload) -> CandidacyDocument:
    _candidate(by, candidacy)
    if not candidacy.is_draft:
        raise ValidationError(str(ERROR_NOT_DRAFT))
    _check_upload(upload)
    document = CandidacyDocument(candidacy=candidacy, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by)
    document.save()
    return document


def document_remove(*, document: CandidacyDocument, by: User) -> None:
    _candidate(by, document.candidacy)
    if not document.candidacy.is_draft:
        raise ValidationError(str(ERROR_NOT_DRAFT))
    document.file.delete(save=False)
    document.delete()


# --- Jury: conflicts, validity, scores ------------------------------------------------

@transaction.atomic
def conflict_declare(
    *, candidacy: Candidacy, by: User, has_conflict: bool, kind: str = "", explanation: str = "",
    waived: bool = False, waiver_motivation: str = "",
) -> ConflictDeclaration:
    if not (has_matching_perm(by, candidacy.work_area_id, MPerm.SCORE)
            or has_matching_perm(by, candidacy.work_area_id, MPerm.JUDGE_APPEAL)):
        raise PermissionDenied
    errors = {}
    if has_conflict and not kind:
        errors["kind"] = str(ERROR_CONFLICT_KIND)
    if has_conflict and waived and not waiver_motivation.strip():
        errors["waiver_motivation"] = str(ERROR_WAIVER_MOTIVATION)
    if errors:
        raise ValidationError(errors)
    if not has_conflict:
        kind, explanation, waived, waiver_motivation = "", "", False, ""
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        candidacy=candidacy, matchmaker=by,
        defaults={"has_conflict": has_conflict, "kind": kind, "explanation": explanation, "waived": waived,
                  "waiver_motivation": waiver_motivation},
    )
    return declaration


def jury_groups_after_recusals(candidacy: Candidacy) -> list[str]:
    recused = set(
        ConflictDeclaration.objects.filter(candidacy=candidacy, has_conflict=True, waived=False).values_list("matchmaker_id", flat=True)
    )
    return [
        group for user_id, group in MatchingRole.objects.filter(
            work_area_id=candidacy.work_area_id, role=MatchingRole.Kind.MATCHMAKER
        ).values_list("user_id", "group") if user_id not in recused
    ]


def jury_problem(check: rules.JuryCheck) -> str:
    parts = []
    if check.missing_groups:
        parts.append(_fmt(ERROR_JURY_MISSING_GROUP, groups=", ".join(str(Group(g).label) for g in check.missing_groups)))
    if check.too_few:
        parts.append(_fmt(ERROR_JURY_TOO_FEW, size=check.size))
    return " ".join(parts)


def _may_score(candidacy: Candidacy, by: User, round_number: int) -> None:
    require_matching_perm(by, candidacy.work_area_id, MPerm.SCORE)
    declaration = ConflictDeclaration.objects.filter(candidacy=candidacy, matchmaker=by).first()
    if declaration is None:
        raise ValidationError(str(ERROR_DECLARE_FIRST))
    if declaration.recused:
        raise ValidationError(str(ERROR_CONFLICTED))
    check = rules.jury_check(jury_groups_after_recusals(candidacy))
    if not check.valid:
        raise ValidationError(_fmt(ERROR_JURY_INVALID, problem=jury_problem(check)))
    if candidacy.stage == Candidacy.Stage.DRAFT:
        raise ValidationError(str(ERROR_NOT_SUBMITTED))
    if round_number == Round.TWO:
        if candidacy.stage not in (Candidacy.Stage.INVITED_ROUND2, Candidacy.Stage.REJECTED_ROUND2, Candidacy.Stage.SELECTED):
            raise ValidationError(str(ERROR_NOT_IN_ROUND2))
        pitch = Pitch.objects.filter(candidacy=candidacy).first()
        if pitch is None or pitch.held_on is None:
            raise ValidationError(str(ERROR_PITCH_FIRST))


def current_score(candidacy, matchmaker, round_number, criterion) -> Score | None:
    return (
        Score.objects.filter(candidacy=candidacy, matchmaker=matchmaker, round=round_number, criterion=criterion)
        .order_by("-created_at", "-pk").first()
    )


@transaction.atomic
def score_submit(*, candidacy: Candidacy, by: User, round: int, criterion: str, value: int, motivation: str) -> Score:
    """Append a score; an earlier score of the same matchmaker stays as history."""
    _may_score(candidacy, by, round)
    errors = {}
    if not rules.valid_score(value):
        errors["value"] = str(ERROR_SCORE_RANGE)
    if not (motivation or "").strip():
        errors["motivation"] = str(ERROR_MOTIVATION_REQUIRED)
    if errors:
        raise ValidationError(errors)
    previous = current_score(candidacy, by, round, criterion)
    if previous and previous.value == value and previous.motivation == motivation:
        return previous
    score = Score(candidacy=candidacy, matchmaker=by, round=round, criterion=criterion, value=value,
                  motivation=motivation, supersedes=previous)
    score.full_clean()
    score.save()
    return score


def pitch_record(*, candidacy: Candidacy, by: User, scheduled_at=None, held_on=None, attendees: str = "") -> Pitch:
    _manager(by, candidacy.work_area_id)
    if candidacy.stage not in (Candidacy.Stage.INVITED_ROUND2, Candidacy.Stage.REJECTED_ROUND2, Candidacy.Stage.SELECTED):
        raise ValidationError(str(ERROR_NOT_IN_ROUND2))
    pitch, _created = Pitch.objects.update_or_create(
        candidacy=candidacy, defaults={"scheduled_at": scheduled_at, "held_on": held_on, "attendees": attendees}
    )
    return pitch


# --- Decisions -------------------------------------------------------------------

def round_mailed(candidacy: Candidacy, round_number: int) -> bool:
    kinds = [MailKind.NEGATIVE_ROUND1, MailKind.INVITATION_ROUND2] if round_number == 1 else [MailKind.NEGATIVE_ROUND2, MailKind.SELECTED]
    return candidacy.mails.filter(kind__in=kinds).exclude(status__in=[DecisionMail.Status.DRAFT, DecisionMail.Status.FAILED]).exists()


@transaction.atomic
def jury_decision_record(
    *, candidacy: Candidacy, by: User, round: int, criterion: str, method: str, motivation: str,
    consensus_score: int | None = None, votes: dict | None = None,
) -> JuryDecision:
    """Record the jury's score for a criterion: by consensus, or by the three group votes
    (the jury score is their median). With both criteria decided, the round's outcome follows."""
    _manager(by, candidacy.work_area_id)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.stage == Candidacy.Stage.DRAFT:
        raise ValidationError(str(ERROR_NOT_SUBMITTED))
    if round == Round.TWO and candidacy.stage not in (
        Candidacy.Stage.INVITED_ROUND2, Candidacy.Stage.REJECTED_ROUND2, Candidacy.Stage.SELECTED
    ):
        raise ValidationError(str(ERROR_NOT_IN_ROUND2))
    if round == Round.ONE and candidacy.decisions.filter(round=Round.TWO).exists():
        raise ValidationError(str(ERROR_ROUND1_CLOSED))
    if round_mailed(candidacy, round):
        raise ValidationError(str(ERROR_DECISION_MAILED))
    errors = {}
    if not (motivation or "").strip():
        errors["motivation"] = str(ERROR_MOTIVATION_REQUIRED)
    fields = {"method": method, "motivation": motivation, "decided_by": by,
              "vote_vdab": None, "vote_local_government": None, "vote_external": None}
    if method == JuryDecision.Method.CONSENSUS:
        if not rules.valid_score(consensus_score):
            errors["consensus_score"] = str(ERROR_CONSENSUS_SCORE_REQUIRED)
        fields["score"] = consensus_score
    else:
        votes = votes or {}
        values = [votes.get(g) for g in (Group.VDAB, Group.LOCAL_GOVERNMENT, Group.EXTERNAL)]
        if not all(rules.valid_score(v) for v in values):
            errors["votes"] = str(ERROR_VOTES_REQUIRED)
        else:
            fields.update(vote_vdab=values[0], vote_local_government=values[1], vote_external=values[2],
                          score=rules.jury_score_from_votes(*values))
    if errors:
        raise ValidationError(errors)
    decision = JuryDecision.objects.filter(candidacy=candidacy, round=round, criterion=criterion).first()
    decision = decision or JuryDecision(candidacy=candidacy, round=round, criterion=criterion)
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.full_clean()
    decision.save()
    _apply_round_outcome(candidacy, round)
    return decision


def round_scores(candidacy: Candidacy, round_number: int) -> dict[str, int]:
    return dict(candidacy.decisions.filter(round=round_number).values_list("criterion", "score"))


def _apply_round_outcome(candidacy: Candidacy, round_number: int) -> None:
    scores = round_scores(candidacy, round_number)
    if len(scores) < 2:
        return
    passed = rules.passes(scores.get(Criterion.CRUCIAL), scores.get(Criterion.FIT))
    if round_number == Round.ONE:
        stage = Candidacy.Stage.INVITED_ROUND2 if passed else Candidacy.Stage.REJECTED_ROUND1
    else:
        stage = Candidacy.Stage.SELECTED if passed else Candidacy.Stage.REJECTED_ROUND2
    if candidacy.stage != stage:
        candidacy.stage = stage
        candidacy.save(update_fields=["stage", "updated_at"])


# --- Decision mails ----------------------------------------------------------------

def mail_template_for(work_area, kind: str) -> tuple[str, str]:
    row = DecisionMailTemplate.objects.filter(work_area=work_area, kind=kind).first()
    if row:
        return row.subject, row.body
    return DEFAULT_TEMPLATES[kind]


@transaction.atomic
def mail_template_save(*, work_area: WorkArea, kind: str, subject: str, body: str, by: User) -> DecisionMailTemplate:
    _manager(by, work_area)
    missing = [p for p in REQUIRED_PLACEHOLDERS[kind] if "{" + p + "}" not in body]
    if missing:
        raise ValidationError({"body": _fmt(ERROR_TEMPLATE_PLACEHOLDER, placeholder="{" + missing[0] + "}")})
    row, _created = DecisionMailTemplate.objects.update_or_create(
        work_area=work_area, kind=kind, defaults={"subject": subject, "body": body}
    )
    row.full_clean()
    return row


def _fill(text: str, values: dict) -> str:
    return re.sub(r"\{(" + "|".join(PLACEHOLDERS) + r")\}", lambda m: values.get(m.group(1), ""), text)


def motivation_text(candidacy: Candidacy, round_number: int) -> str:
    lines = []
    decisions = {d.criterion: d for d in candidacy.decisions.filter(round=round_number)}
    for criterion in Criterion:
        decision = decisions.get(criterion.value)
        if decision:
            lines.append(f"- {criterion.label} (score {decision.score}/4): {decision.motivation}")
    return "\n".join(lines)


def mail_kind_for(candidacy: Candidacy) -> tuple[str, int] | None:
    return {
        Candidacy.Stage.REJECTED_ROUND1: (MailKind.NEGATIVE_ROUND1, 1),
        Candidacy.Stage.INVITED_ROUND2: (MailKind.INVITATION_ROUND2, 1),
        Candidacy.Stage.REJECTED_ROUND2: (MailKind.NEGATIVE_ROUND2, 2),
        Candidacy.Stage.SELECTED: (MailKind.SELECTED, 2),
    }.get(candidacy.stage)


def mail_render(*, candidacy: Candidacy, kind: str, round_number: int, send_day: date) -> dict:
    """Subject and body of a decision mail as it would go out on ``send_day``."""
    subject, body = mail_template_for(candidacy.work_area_id, kind)
    deadline = send_day + timedelta(days=rules.APPEAL_DAYS)
    negative = kind in NEGATIVE_KINDS
    pitch = Pitch.objects.filter(candidacy=candidacy).first()
    addendum = LocalAddendum.objects.filter(work_area_id=candidacy.work_area_id).first()
    if pitch and pitch.scheduled_at:
        pitch_text = date_format(timezone.localtime(pitch.scheduled_at), "j F Y H:i")
    else:
        pitch_text = (addendum.pitch_moments if addendum else "") or str(_("volgt"))
    values = {
        "organisatie": candidacy.organisation.name,
        "werkingsgebied": candidacy.work_area.name,
        "motivering": motivation_text(candidacy, round_number),
        "pitch": pitch_text,
        "termijn_weerwoord": _d(deadline) if negative else "",
        "weerwoordprocedure": _fmt(APPEAL_PROCEDURE_TEXT, deadline=_d(deadline)) if negative else "",
    }
    text = _fill(body, values)
    if negative and values["weerwoordprocedure"] not in text:
        text = f"{text}\n\n{values['weerwoordprocedure']}"
    return {"subject": _fill(subject, values)[:200], "body": text, "carries_appeal_procedure": negative,
            "stated_appeal_deadline": deadline if negative else None}


def _recipients(candidacy: Candidacy) -> str:
    addresses = [candidacy.contact_email, candidacy.organisation.email, getattr(candidacy.created_by, "email", "")]
    unique = []
    for address in addresses:
        if address and address not in unique:
            unique.append(address)
    return "\n".join(unique)


@transaction.atomic
def mails_prepare(*, work_area: WorkArea, by: User) -> list[DecisionMail]:
    """Put a draft in the outbox for every decided candidacy without a mail for that decision."""
    _manager(by, work_area)
    created = []
    for candidacy in Candidacy.objects.filter(work_area=work_area).select_related("organisation", "work_area", "created_by"):
        found = mail_kind_for(candidacy)
        if not found:
            continue
        kind, round_number = found
        # A draft for an earlier decision that has since changed is stale.
        candidacy.mails.filter(status=DecisionMail.Status.DRAFT).exclude(kind__in=[kind, MailKind.APPEAL_OUTCOME]).delete()
        if candidacy.mails.filter(kind=kind).exists():  # a failed mail is sent again, not prepared twice
            continue
        if candidacy.appeals.filter(round=round_number, outcome=Appeal.Outcome.REVERSE).exists():
            continue  # the appeal's outcome mail told the candidate
        rendered = mail_render(candidacy=candidacy, kind=kind, round_number=round_number, send_day=timezone.localdate())
        mail = DecisionMail(candidacy=candidacy, kind=kind, round=round_number, recipients=_recipients(candidacy),
                            created_by=by, **rendered)
        mail.full_clean()
        mail.save()
        created.append(mail)
    return created


def mail_discard(*, mail: DecisionMail, by: User) -> None:
    _manager(by, mail.candidacy.work_area_id)
    if mail.status != DecisionMail.Status.DRAFT:
        raise ValidationError(str(ERROR_MAIL_NOT_DRAFT))
    mail.delete()


@transaction.atomic
def mail_send(*, mail: DecisionMail, by: User) -> DecisionMail:
    """Queue a previewed mail. Negative mails are re-rendered for today so the stated
    appeal deadline is exact; the task sends the stored text unchanged."""
    _manager(by, mail.candidacy.work_area_id)
    mail = DecisionMail.objects.select_for_update(of=("self",)).select_related("candidacy__organisation", "candidacy__work_area").get(pk=mail.pk)
    if mail.status not in (DecisionMail.Status.DRAFT, DecisionMail.Status.FAILED):
        raise ValidationError(str(ERROR_MAIL_NOT_DRAFT))
    if not mail.recipient_list:
        raise ValidationError(str(ERROR_NO_RECIPIENT))
    current = mail_kind_for(mail.candidacy)
    if mail.kind != MailKind.APPEAL_OUTCOME and (current is None or current[0] != mail.kind):
        raise ValidationError(str(ERROR_MAIL_STALE))
    if mail.kind != MailKind.APPEAL_OUTCOME:
        rendered = mail_render(candidacy=mail.candidacy, kind=mail.kind, round_number=mail.round, send_day=timezone.localdate())
        for name, value in rendered.items():
            setattr(mail, name, value)
    mail.status = DecisionMail.Status.QUEUED
    mail.error = ""
    mail.save()
    from .tasks import send_decision_mail

    transaction.on_commit(lambda: _enqueue(
        send_decision_mail, mail.pk,
        lambda: DecisionMail.objects.filter(pk=mail.pk, status=DecisionMail.Status.QUEUED).update(
            status=DecisionMail.Status.FAILED, error="broker unavailable"),
    ))
    return mail


def _enqueue(task, object_id: int, on_failure) -> bool:
    """Hand a job to the broker. If the broker is down, the row is marked failed (the
    coordinator sees it and can try again) instead of the request failing."""
    from kombu.exceptions import OperationalError

    try:
        task.delay(object_id)
    except OperationalError:
        logger.warning("broker unavailable for %s(%s)", task.name, object_id)
        on_failure()
        return False
    return True


def mail_deliver(*, mail_id: int) -> bool:
    """The task's work: claim the mail (a conditional UPDATE, so a redelivered task
    sends nothing twice), send the stored text, record the time."""
    from django.core.mail import EmailMessage

    claimed = DecisionMail.objects.filter(pk=mail_id, status=DecisionMail.Status.QUEUED).update(status=DecisionMail.Status.SENDING)
    if not claimed:
        return False
    mail = DecisionMail.objects.get(pk=mail_id)
    try:
        EmailMessage(subject=mail.subject, body=mail.body, to=mail.recipient_list).send()
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded for the coordinator
        DecisionMail.objects.filter(pk=mail_id).update(status=DecisionMail.Status.FAILED, error=type(exc).__name__)
        return False
    DecisionMail.objects.filter(pk=mail_id).update(status=DecisionMail.Status.SENT, sent_at=timezone.now())
    return True


# --- Appeals ---------------------------------------------------------------------------

def appeal_mail_for(candidacy: Candidacy) -> DecisionMail | None:
    kind = {Candidacy.Stage.REJECTED_ROUND1: MailKind.NEGATIVE_ROUND1,
            Candidacy.Stage.REJECTED_ROUND2: MailKind.NEGATIVE_ROUND2}.get(candidacy.stage)
    if kind is None:
        return None
    return candidacy.mails.filter(kind=kind, status=DecisionMail.Status.SENT).order_by("-sent_at").first()


def appeal_deadline_for(mail: DecisionMail) -> date:
    last = rules.appeal_deadline(mail.sent_at)
    if mail.stated_appeal_deadline and mail.stated_appeal_deadline > last:
        last = mail.stated_appeal_deadline
    return last


@transaction.atomic
def appeal_lodge(
    *, candidacy: Candidacy, by: User, criterion: str, overlooked: str, motivation: str, uploads=(), now: datetime | None = None,
) -> Appeal:
    _candidate(by, candidacy)
    now = now or timezone.now()
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.stage not in (Candidacy.Stage.REJECTED_ROUND1, Candidacy.Stage.REJECTED_ROUND2):
        raise ValidationError(str(ERROR_APPEAL_NOT_REJECTED))
    mail = appeal_mail_for(candidacy)
    if mail is None:
        raise ValidationError(str(ERROR_APPEAL_NO_MAIL))
    if not rules.appeal_open(mail.sent_at, now, mail.stated_appeal_deadline):
        raise ValidationError(_fmt(ERROR_APPEAL_LATE, deadline=_d(appeal_deadline_for(mail))))
    if Appeal.objects.filter(candidacy=candidacy, round=mail.round).exists():
        raise ValidationError(str(ERROR_APPEAL_EXISTS))
    errors = {}
    if not overlooked.strip():
        errors["overlooked"] = str(ERROR_APPEAL_OVERLOOKED)
    if not motivation.strip():
        errors["motivation"] = str(ERROR_MOTIVATION_REQUIRED)
    for upload in uploads:
        try:
            _check_upload(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    appeal = Appeal(candidacy=candidacy, decision_mail=mail, round=mail.round, criterion=criterion,
                    overlooked=overlooked, motivation=motivation, lodged_by=by)
    appeal.full_clean()
    appeal.save()
    for upload in uploads:
        AppealDocument.objects.create(appeal=appeal, file=upload, name=upload.name[:200], size=upload.size)
    return appeal


def appeal_matchmaker_problem(appeal: Appeal, user: User) -> str | None:
    candidacy = appeal.candidacy
    roles = set(MatchingRole.objects.filter(work_area_id=candidacy.work_area_id, user=user).values_list("role", flat=True))
    name = str(user)
    if MatchingRole.Kind.MATCHMAKER in roles or Score.objects.filter(candidacy__work_area_id=candidacy.work_area_id, matchmaker=user).exists():
        return _fmt(ERROR_APPEAL_ON_JURY, name=name)
    if MatchingRole.Kind.APPEAL_MATCHMAKER not in roles:
        return _fmt(ERROR_APPEAL_NOT_APPEAL_MATCHMAKER, name=name)
    if (user.organisation_id and user.organisation_id == candidacy.organisation_id) or ConflictDeclaration.objects.filter(
        candidacy=candidacy, matchmaker=user, has_conflict=True, waived=False
    ).exists():
        return _fmt(ERROR_APPEAL_CONFLICTED, name=name)
    return None


@transaction.atomic
def appeal_assign(*, appeal: Appeal, matchmakers: list[User], by: User) -> Appeal:
    """Two independent matchmakers who were not on the jury and are not conflicted."""
    _manager(by, appeal.candidacy.work_area_id)
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("candidacy").get(pk=appeal.pk)
    if appeal.status == Appeal.Status.DECIDED:
        raise ValidationError(str(ERROR_APPEAL_DECIDED))
    if len(matchmakers) != 2 or matchmakers[0].pk == matchmakers[1].pk:
        raise ValidationError({"matchmakers": str(ERROR_APPEAL_TWO)})
    problems = [p for p in (appeal_matchmaker_problem(appeal, u) for u in matchmakers) if p]
    if problems:
        raise ValidationError({"matchmakers": problems})
    appeal.assessments.exclude(matchmaker__in=matchmakers).delete()
    for user in matchmakers:
        AppealAssessment.objects.get_or_create(appeal=appeal, matchmaker=user)
    appeal.status = Appeal.Status.ASSIGNED
    appeal.save(update_fields=["status"])
    return appeal


@transaction.atomic
def appeal_assess(*, appeal: Appeal, by: User, outcome: str, motivation: str, no_conflict: bool) -> AppealAssessment:
    """One appeal matchmaker's judgement. When both agree, the appeal is decided:
    a reversal invites to round 2 (round 1) or selects (round 2); a mail follows."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("candidacy").get(pk=appeal.pk)
    assessment = appeal.assessments.filter(matchmaker=by).first()
    if assessment is None:
        raise PermissionDenied(str(ERROR_APPEAL_NOT_ASSIGNED))
    if appeal.status == Appeal.Status.DECIDED:
        raise ValidationError(str(ERROR_APPEAL_DECIDED))
    errors = {}
    if not no_conflict:
        errors["no_conflict"] = str(ERROR_APPEAL_NO_CONFLICT_DECLARATION)
    if not motivation.strip():
        errors["motivation"] = str(ERROR_MOTIVATION_REQUIRED)
    if outcome not in Appeal.Outcome.values:
        errors["outcome"] = str(_("Kies bekrachtigen of omkeren."))
    if errors:
        raise ValidationError(errors)
    assessment.outcome, assessment.motivation, assessment.assessed_at = outcome, motivation, timezone.now()
    assessment.save()
    outcomes = set(appeal.assessments.values_list("outcome", flat=True))
    if len(outcomes) == 1 and "" not in outcomes:
        _appeal_decide(appeal, outcome, by)
    return assessment


def _appeal_decide(appeal: Appeal, outcome: str, by: User) -> None:
    appeal.status, appeal.outcome, appeal.decided_at = Appeal.Status.DECIDED, outcome, timezone.now()
    appeal.save(update_fields=["status", "outcome", "decided_at"])
    candidacy = appeal.candidacy
    if outcome == Appeal.Outcome.REVERSE:
        candidacy.stage = Candidacy.Stage.INVITED_ROUND2 if appeal.round == Round.ONE else Candidacy.Stage.SELECTED
        candidacy.save(update_fields=["stage", "updated_at"])
    motivations = "\n".join(f"- {a.motivation}" for a in appeal.assessments.all())
    if outcome == Appeal.Outcome.REVERSE:
        result = _("De twee onafhankelijke matchmakers hebben de beslissing omgekeerd.") + " " + (
            _("U wordt uitgenodigd voor ronde 2 (het matchingsgesprek); u ontvangt de praktische afspraken.")
            if appeal.round == Round.ONE else _("U bent geselecteerd voor de partnerschapsvorming (stap 4).")
        )
    else:
        result = _("De twee onafhankelijke matchmakers hebben de beslissing bekrachtigd: de niet-selectie blijft.") + " " + _(
            "U kunt nog een klacht indienen bij het meldpunt van het Departement Werk en Sociale Economie."
        )
    body = _fmt(
        _("Beste {organisation},\n\nUw weerwoord over {area} werd beoordeeld.\n\n{result}\n\nMotivering:\n{motivations}\n\n"
          "Met vriendelijke groeten,\nDe lokale jury"),
        organisation=candidacy.organisation.name, area=candidacy.work_area.name, result=result, motivations=motivations,
    )
    DecisionMail.objects.create(
        candidacy=candidacy, kind=MailKind.APPEAL_OUTCOME, round=appeal.round,
        subject=_fmt(_("Uitkomst van uw weerwoord – {area}"), area=candidacy.work_area.name),
        body=body, recipients=_recipients(candidacy), created_by=by,
    )


def appeal_complaint_record(*, appeal: Appeal, by: User, filed_on: date, note: str = "") -> Appeal:
    if not (is_candidate_of(by, appeal.candidacy) or has_matching_perm(by, appeal.candidacy.work_area_id, MPerm.MANAGE)):
        raise PermissionDenied
    appeal.complaint_filed_on, appeal.complaint_note = filed_on, note
    appeal.save(update_fields=["complaint_filed_on", "complaint_note"])
    return appeal


# --- Final report ------------------------------------------------------------------

@transaction.atomic
def final_report_request(*, work_area: WorkArea, by: User) -> FinalReport:
    _manager(by, work_area)
    WorkArea.objects.select_for_update().get(pk=work_area.pk)
    version = (FinalReport.objects.filter(work_area=work_area).aggregate(v=Max("version"))["v"] or 0) + 1
    report = FinalReport.objects.create(work_area=work_area, version=version, created_by=by)
    from .tasks import render_final_report

    transaction.on_commit(lambda: _enqueue(
        render_final_report, report.pk,
        lambda: FinalReport.objects.filter(pk=report.pk, status=FinalReport.Status.QUEUED).update(
            status=FinalReport.Status.FAILED, error="broker unavailable"),
    ))
    return report


def final_report_render(*, report_id: int) -> bool:
    """Claim the job (conditional UPDATE: a redelivered task does nothing), render, store."""
    from django.core.files.base import ContentFile

    from reporting.pdf import render_pdf

    from .selectors import final_report_context

    claimed = FinalReport.objects.filter(pk=report_id, status=FinalReport.Status.QUEUED).update(status=FinalReport.Status.RUNNING)
    if not claimed:
        return False
    report = FinalReport.objects.select_related("work_area").get(pk=report_id)
    try:
        pdf = render_pdf("matching/pdf/final_report.html", final_report_context(report.work_area, report))
        report.file.save(f"eindverslag-{report.work_area.code}-v{report.version}.pdf", ContentFile(pdf), save=False)
        report.status, report.finished_at = FinalReport.Status.DONE, timezone.now()
        report.save(update_fields=["file", "status", "finished_at"])
    except Exception as exc:  # noqa: BLE001 - recorded on the job for the coordinator
        FinalReport.objects.filter(pk=report_id).update(status=FinalReport.Status.FAILED, error=type(exc).__name__, finished_at=timezone.now())
        logger.exception("final report %s failed", report_id)
        return False
    return True


# --- Reminders ------------------------------------------------------------------------

def reminders_send(*, today: date | None = None) -> int:
    """Mail every matchmaker who has not scored all their candidacies of a round whose
    due date has passed; at most one reminder a day per round."""
    from django.core.mail import send_mail

    from .selectors import missing_scores

    today = today or timezone.localdate()
    sent = 0
    for addendum in LocalAddendum.objects.select_related("work_area"):
        for round_number in (1, 2):
            due = addendum.scoring_due(round_number)
            if not due or today <= due:
                continue
            for user, missing in missing_scores(addendum.work_area, round_number):
                if not missing or not user.email:
                    continue
                _row, created = ScoringReminder.objects.get_or_create(
                    work_area=addendum.work_area, matchmaker=user, round=round_number, sent_on=today,
                    defaults={"missing": missing},
                )
                if not created:
                    continue
                send_mail(
                    _fmt(_("Herinnering: scores ronde {round} voor {area}"), round=round_number, area=addendum.work_area.name),
                    _fmt(_("Beste {name},\n\nDe scores voor ronde {round} van {area} werden verwacht tegen {due}. "
                           "Er ontbreken nog {missing} scores van jou. Je vindt de kandidaturen in het platform."),
                         name=user.first_name or user.username, round=round_number, area=addendum.work_area.name,
                         due=_d(due), missing=missing),
                    None, [user.email],
                )
                sent += 1
    return sent


# --- Emergency procedure ----------------------------------------------------------------

@transaction.atomic
def emergency_start(
    *, partnership: Partnership, work_area: WorkArea, by: User, motivation: str, vdab_representative: User | None,
    local_government_representative: User | None, today: date | None = None,
) -> EmergencyProcedure:
    _manager(by, work_area)
    today = today or timezone.localdate()
    errors = {}
    if partnership.work_area_id != work_area.pk:
        errors["partnership"] = str(ERROR_EMERGENCY_WORK_AREA)
    if not rules.emergency_may_start(partnership.start_date, today):
        first, last = rules.emergency_window(partnership.start_date)
        errors["__all__"] = _fmt(ERROR_EMERGENCY_WINDOW, start=_d(partnership.start_date), first=_d(first), last=_d(last))
    if not (motivation or "").strip():
        errors["motivation"] = str(ERROR_EMERGENCY_MOTIVATION)
    if vdab_representative is None or getattr(vdab_representative.organisation, "kind", None) != Organisation.Kind.VDAB:
        errors["vdab_representative"] = str(ERROR_EMERGENCY_VDAB)
    if local_government_representative is None or getattr(
        local_government_representative.organisation, "kind", None
    ) != Organisation.Kind.LOCAL_GOVERNMENT:
        errors["local_government_representative"] = str(ERROR_EMERGENCY_LOCAL)
    if errors:
        raise ValidationError(errors)
    procedure = EmergencyProcedure(
        partnership=partnership, work_area=work_area, motivation=motivation, vdab_representative=vdab_representative,
        local_government_representative=local_government_representative, started_on=today, started_by=by,
    )
    procedure.full_clean()
    procedure.save()
    return procedure


@transaction.atomic
def emergency_sign(*, procedure: EmergencyProcedure, by: User, now=None) -> EmergencyProcedure:
    """The VDAB or local-government representative signs for their organisation (again: no change)."""
    now = now or timezone.now()
    procedure = EmergencyProcedure.objects.select_for_update().get(pk=procedure.pk)
    fields = []
    if by.pk == procedure.vdab_representative_id and procedure.vdab_signed_at is None:
        procedure.vdab_signed_at = now
        fields.append("vdab_signed_at")
    if by.pk == procedure.local_government_representative_id and procedure.local_government_signed_at is None:
        procedure.local_government_signed_at = now
        fields.append("local_government_signed_at")
    if by.pk not in (procedure.vdab_representative_id, procedure.local_government_representative_id):
        raise ValidationError(str(ERROR_EMERGENCY_NOT_SIGNATORY))
    if fields:
        procedure.save(update_fields=fields)
    return procedure


def _require_signed(procedure: EmergencyProcedure) -> None:
    if not procedure.is_signed:
        raise ValidationError(str(ERROR_EMERGENCY_UNSIGNED))


@transaction.atomic
def emergency_score(
    *, procedure: EmergencyProcedure, by: User, organisation: Organisation, criterion: str, value: int,
    motivation: str, observed_behaviour: str = "",
) -> EmergencyScore:
    _manager(by, procedure.work_area_id)
    _require_signed(procedure)
    errors = {}
    if not procedure.partnership.partner_organisations.filter(organisation=organisation).exists():
        errors["organisation"] = str(ERROR_EMERGENCY_NOT_PARTNER)
    if not rules.valid_score(value):
        errors["value"] = str(ERROR_SCORE_RANGE)
    if not (motivation or "").strip():
        errors["motivation"] = str(ERROR_MOTIVATION_REQUIRED)
    if criterion == Criterion.FIT and not (observed_behaviour or "").strip():
        errors["observed_behaviour"] = str(ERROR_EMERGENCY_BEHAVIOUR)
    if errors:
        raise ValidationError(errors)
    row, _created = EmergencyScore.objects.update_or_create(
        procedure=procedure, organisation=organisation, criterion=criterion,
        defaults={"value": value, "motivation": motivation, "observed_behaviour": observed_behaviour, "scored_by": by},
    )
    return row


def emergency_qualifying(procedure: EmergencyProcedure) -> list[int]:
    scores: dict[int, dict[str, int]] = {}
    for org_id, criterion, value in procedure.scores.values_list("organisation_id", "criterion", "value"):
        scores.setdefault(org_id, {})[criterion] = value
    return sorted(org for org, s in scores.items() if rules.passes(s.get(Criterion.CRUCIAL), s.get(Criterion.FIT)))


@transaction.atomic
def emergency_rank(*, procedure: EmergencyProcedure, by: User, ranking: list[tuple[Organisation, str]]) -> list[EmergencyRanking]:
    """Rank the partners with 3 or 4 on both criteria, with an argument per place."""
    _manager(by, procedure.work_area_id)
    _require_signed(procedure)
    qualifying = emergency_qualifying(procedure)
    ranked = [org.pk for org, _arg in ranking]
    if sorted(ranked) != qualifying or len(set(ranked)) != len(ranked) or any(not (arg or "").strip() for _o, arg in ranking):
        raise ValidationError({"ranking": str(ERROR_EMERGENCY_RANKING)})
    procedure.rankings.all().delete()
    return [
        EmergencyRanking.objects.create(procedure=procedure, organisation=org, rank=place, argument=arg)
        for place, (org, arg) in enumerate(ranking, start=1)
    ]
