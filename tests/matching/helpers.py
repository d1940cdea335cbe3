"""A matching world built through the services, as users would: a work area with a
published addendum, a coordinator, a jury of five (two VDAB), two appeal
matchmakers, an observer and candidate organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from matching import services
from matching.models import Candidacy, Criterion, JuryDecision, MatchingRole, Pitch
from partnerships.models import Organisation, User, WorkArea

from ..world import make_user

ANSWERS = {name: f"Antwoord op {name}." for names in Candidacy.ANSWER_FIELDS.values() for name in names}


@dataclass
class MatchingWorld:
    area: WorkArea
    coordinator: User
    vdab1: User
    vdab2: User
    local: User
    external1: User
    external2: User
    appeal1: User
    appeal2: User
    observer: User
    challenge: object
    addendum: object
    prefix: str
    candidates: dict = field(default_factory=dict)

    @property
    def jury(self):
        return [self.vdab1, self.vdab2, self.local, self.external1, self.external2]


def _org(name, kind=Organisation.Kind.PARTNER):
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "email": "info@example.test"})
    return org


def make_matching_world(area: WorkArea, prefix: str = "m") -> MatchingWorld:
    vdab = _org("VDAB", Organisation.Kind.VDAB)
    local_gov = _org(f"Stad {area.name}", Organisation.Kind.LOCAL_GOVERNMENT)
    esf = _org("Europa WSE", Organisation.Kind.ESF_MANAGER)
    people = {
        "coordinator": make_user(f"{prefix}_coordinator", local_gov),
        "vdab1": make_user(f"{prefix}_vdab1", vdab),
        "vdab2": make_user(f"{prefix}_vdab2", vdab),
        "local": make_user(f"{prefix}_local", local_gov),
        "external1": make_user(f"{prefix}_external1", None),
        "external2": make_user(f"{prefix}_external2", None),
        "appeal1": make_user(f"{prefix}_appeal1", None),
        "appeal2": make_user(f"{prefix}_appeal2", None),
        "observer": make_user(f"{prefix}_observer", esf),
    }
    services.matching_role_grant(work_area=area, user=people["coordinator"], role=MatchingRole.Kind.COORDINATOR, by=None)
    for key, group in (("vdab1", "vdab"), ("vdab2", "vdab"), ("local", "local_government"),
                       ("external1", "external"), ("external2", "external")):
        services.matching_role_grant(work_area=area, user=people[key], role=MatchingRole.Kind.MATCHMAKER, group=group, by=None)
    for key in ("appeal1", "appeal2"):
        services.matching_role_grant(work_area=area, user=people[key], role=MatchingRole.Kind.APPEAL_MATCHMAKER, by=None)
    coordinator = people["coordinator"]
    today = timezone.localdate()
    addendum = services.addendum_save(
        work_area=area, by=coordinator, boundaries="Turnhout, Beerse", local_needs="Mensen in armoede vinden geen weg.",
        personas="Persona Sofie", arena_analysis="Arena met OCMW, CAW, VDAB", needs_motivation="Grootste noden",
        publication_date=today - timedelta(days=50), candidacy_deadline=today + timedelta(days=5),
        pitch_moments="12 en 13 mei", contacts="Els Mertens",
    )
    challenge = services.challenge_add(addendum=addendum, by=coordinator, title="Laaggeletterdheid", target_groups="Anderstaligen")
    addendum = services.addendum_publish(addendum=addendum, by=coordinator)
    return MatchingWorld(area=area, challenge=challenge, addendum=addendum, prefix=prefix, **people)


def candidate(mw: MatchingWorld, name: str) -> tuple[Organisation, User]:
    org = _org(f"{name} vzw")
    user = make_user(f"{mw.prefix}_{name.lower().replace(' ', '_')}", org)
    mw.candidates[name] = user
    return org, user


def submitted_candidacy(mw: MatchingWorld, name: str) -> Candidacy:
    _org, user = candidate(mw, name)
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    services.candidacy_update(candidacy=candidacy, by=user, challenges=[mw.challenge], legal_form="vzw",
                              is_legal_person=True, **ANSWERS)
    return services.candidacy_submit(candidacy=candidacy, by=user)


def declare_all(mw: MatchingWorld, candidacy: Candidacy, **conflicts) -> None:
    """Every juror declares; pass e.g. external1=True to make them conflicted."""
    for juror in mw.jury:
        key = juror.username.removeprefix(f"{mw.prefix}_")
        conflicted = conflicts.get(key, False)
        services.conflict_declare(candidacy=candidacy, by=juror, has_conflict=conflicted,
                                  kind="employed" if conflicted else "")


def score_all(mw: MatchingWorld, candidacy: Candidacy, round_number: int, crucial: int, fit: int) -> None:
    for juror in mw.jury:
        services.score_submit(candidacy=candidacy, by=juror, round=round_number, criterion=Criterion.CRUCIAL, value=crucial, motivation="ok")
        services.score_submit(candidacy=candidacy, by=juror, round=round_number, criterion=Criterion.FIT, value=fit, motivation="ok")


def decide(mw: MatchingWorld, candidacy: Candidacy, round_number: int, crucial: int, fit: int) -> Candidacy:
    for criterion, score in ((Criterion.CRUCIAL, crucial), (Criterion.FIT, fit)):
        services.jury_decision_record(candidacy=candidacy, by=mw.coordinator, round=round_number, criterion=criterion,
                                      method=JuryDecision.Method.CONSENSUS, consensus_score=score,
                                      motivation=f"Motivering {criterion} ronde {round_number}")
    candidacy.refresh_from_db()
    return candidacy


def hold_pitch(mw: MatchingWorld, candidacy: Candidacy) -> Pitch:
    return services.pitch_record(candidacy=candidacy, by=mw.coordinator, scheduled_at=timezone.now(),
                                 held_on=timezone.localdate(), attendees="Jan (kandidaat)\nJury")


def send_mails(mw: MatchingWorld, django_capture_on_commit_callbacks):
    mails = services.mails_prepare(work_area=mw.area, by=mw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        for mail in mails:
            services.mail_send(mail=mail, by=mw.coordinator)
    for mail in mails:
        mail.refresh_from_db()
    return mails
