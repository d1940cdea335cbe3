"""Demo casework for the Turnhout partnership: ~40 cases with months of history.

Idempotent: a case is built once per demo participant (looked up by name in
the partnership). The history is generated from a fixed seed, relative to
today, so every chart and list has something to show. Cases are opened through
the services (audited); the bulk of the history is inserted with bulk_create to
keep ``manage.py demo`` fast.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    Action, Case, CaseStatus, CaseWorker, EmploymentPeriod, EmpowermentMeasurement, FailureDemand, FollowUp,
    Interaction, LadderStep, Note, Outcome, Participant, Persona, ScaleScore, ScoredBy, ValueDemand, ValueReading,
    ValueScore, ValueStep, WorkerRole,
)

FIRST_NAMES = [
    "Fatima", "Kevin", "Nadia", "Dirk", "Yusuf", "Sofie", "Mohamed", "Lies", "Tom", "Aylin", "Jens", "Samira",
    "Patrick", "Ilse", "Ahmed", "Kimberly", "Rachid", "Nathalie", "Bram", "Eline", "Youssef", "Greet", "Stijn",
    "Hanne", "Omar", "Marleen", "Dries", "Zeynep", "Wim", "Sara", "Bilal", "Katrien", "Jonas", "Leila", "Frank",
    "Emma", "Hamza", "Ria", "Senne", "Amina",
]
LAST_NAMES = [
    "Bakkali", "Verhoeven", "El Idrissi", "Van Gorp", "Yilmaz", "Mertens", "Amrani", "Geerts", "Peeters",
    "Demir", "Luyten", "Haddouchi", "Van Looy", "Hendrickx", "Boukhari", "Claes", "Azzouzi", "Verstraeten",
    "Wuyts", "Jacobs", "Belkacem", "Van den Broeck", "Goossens", "Vermeulen", "Ouali", "Schepers", "Nuyts",
    "Kaya", "Smets", "De Bruyn", "Chaouki", "Van Dyck", "Aerts", "Tahiri", "Michiels", "Willems", "Ziani",
    "Verbruggen", "Lenaerts", "Benali",
]
VALUE_DEMANDS = [
    "Ik wil een eigen plek om te wonen", "Mijn schulden onder controle krijgen", "Werk dat bij mij past",
    "Rust in mijn hoofd", "Mijn kinderen goed kunnen opvangen", "Beter Nederlands spreken",
    "Mensen rond mij op wie ik kan rekenen", "Mijn papieren in orde", "Mijn rijbewijs halen",
    "Gezonder leven en beter slapen", "Iets zinvols doen overdag", "Mijn dag kunnen plannen",
]
PURPOSES = [
    "Ik wil terug rust en dan stap voor stap naar werk.", "Een dak boven mijn hoofd en mijn kinderen bij mij.",
    "Weer onder de mensen komen en iets doen waar ik goed in ben.", "Zelf mijn post en rekeningen kunnen volgen.",
    "Een job vinden waar ze mij nemen zoals ik ben.", "Uit de schulden geraken zonder dat alles op mij valt.",
]
UP = [
    "Heeft zelf een afspraak bij het OCMW gemaakt en is er ook geraakt.", "Slaapt beter sinds de nieuwe woning.",
    "Kwam elke week naar het taalcafé, vertelt er met trots over.", "Nam zelf contact op met de werkgever.",
    "Budgetplan loopt, eerste schuld afbetaald.", "Heeft een netwerk rond zich: de buurvrouw helpt met de kinderen.",
]
DOWN = [
    "Terugval na de uithuiszetting van de broer: veel stress.", "Uitkering werd geschorst door een gemiste brief.",
    "Gezondheid ging achteruit, meerdere afspraken gemist.", "Conflict op de werkvloer, wil niet meer terug.",
    "Nieuwe schuld opgedoken na een aanmaning die niet begrepen werd.",
]
FAILURES = [
    ("Derde brief van de dienst over hetzelfde attest: niemand had de vraag begrepen.", "misunderstood", "procedure"),
    ("Belde vier keer naar het callcenter zonder iemand te spreken.", "mismatch", "ict"),
    ("Doorverwezen naar een cursus die niet over haar vraag ging.", "misunderstood", "competence"),
    ("Aanvraag geweigerd omdat het online formulier geen uitzondering toelaat.", "mismatch", "ict"),
    ("Wachtlijst bij de partner terwijl de vraag dringend was.", "mismatch", "other_actor"),
    ("Moest opnieuw zijn hele verhaal doen bij een nieuwe consulent.", "mismatch", "procedure"),
    ("Afspraak gepland tijdens de schooluren van de kinderen niet mogelijk.", "misunderstood", ""),
]
ACTIONS = [
    "Samen het budget overlopen", "Mee naar het OCMW voor de aanvraag leefloon", "Sollicitatiegesprek voorbereid",
    "Contact gelegd met de huisvestingsmaatschappij", "Warme doorverwijzing naar het CGG", "Taalcafé voorgesteld",
    "Attesten samen opgevraagd", "Inschrijving bij VDAB in orde gebracht", "Kennismaking bij de werkgever",
    "Formulieren ingevuld voor de school", "Opvolging bij de schuldbemiddelaar",
]
WITH_WHOM = ["deelnemer", "deelnemer en partner", "deelnemer en moeder", "deelnemer en maatschappelijk werker"]
PERSONAS = [
    ("Jongere zonder netwerk", "Een plek, een dagritme, iemand die blijft", "18-25 jaar, vaak na jeugdhulp"),
    ("Alleenstaande ouder in armoede", "Opvang voor de kinderen, schulden, werk met aangepaste uren",
     "Weinig tijd en mentale ruimte"),
    ("Nieuwkomer met diploma", "Taal, erkenning van het diploma, een netwerk", "Hoog opgeleid, weinig netwerk"),
    ("Langdurig zieke werkzoekende", "Gezondheid, iets zinvols doen, niet terugvallen", "Lang uit het arbeidscircuit"),
]
VALUE_STEPS = [
    ("Vertrouwen opbouwen", "Er is een vaste coach die blijft en die de deelnemer vertrouwt."),
    ("Basis op orde", "Inkomen, wonen, papieren en gezondheid zijn stabiel genoeg."),
    ("Mentale ruimte", "De deelnemer heeft ruimte om vooruit te kijken."),
    ("Deelnemen", "De deelnemer doet mee: activiteit, vrijwilligerswerk, opleiding."),
    ("Werk of regulier traject", "De deelnemer zet een stap naar werk of een regulier aanbod."),
]


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def build(world) -> None:
    partnership = world.turnhout
    users = world.users
    coaches = [users[name] for name in ("coach", "coach2", "coach3") if name in users]
    expert = users.get("expert")
    if not coaches:
        return
    steps = [ValueStep.objects.get_or_create(partnership=partnership, name=name,
                                             defaults={"description": text, "position": i + 1})[0]
             for i, (name, text) in enumerate(VALUE_STEPS)]
    personas = [Persona.objects.get_or_create(partnership=partnership, name=name,
                                              defaults={"value_demand_pattern": pattern, "context": context})[0]
                for name, pattern, context in PERSONAS]
    referrers = [world.organisations[name] for name in ("OCMW Turnhout", "VDAB", "CGG Kempen", "Arktos")
                 if name in world.organisations]
    today = timezone.localdate()
    for index, (first_name, last_name) in enumerate(zip(FIRST_NAMES, LAST_NAMES)):
        if Participant.objects.filter(partnership=partnership, first_name=first_name, last_name=last_name).exists():
            continue
        _build_case(index, first_name, last_name, partnership, coaches, expert, steps, personas, referrers, today)
    _build_consultations(partnership, coaches + ([expert] if expert else []), today)


CONCLUSIONS = [
    ("Schulden eerst stabiliseren voor we naar werk kijken; CGG bekijkt de slaapproblemen.",
     "Coach plant met de schuldbemiddelaar; expert neemt contact op met de huisarts."),
    ("De faalvraag rond het attest komt bij meerdere casussen terug: melden aan de bestuursraad.",
     "Teamcoach bundelt de voorbeelden."),
    ("Deelnemer wil zelf meer regie: volgende lezing van de waardevragen samen met haar.",
     "Lezing door de deelnemer zelf bij het volgende huisbezoek."),
]


def _build_consultations(partnership, people, today):
    """A monthly case consultation over the last quarter, each discussing a few cases."""
    from .models import Consultation

    cases = list(Case.objects.filter(partnership=partnership, status__in=["active", "combination"])
                 .order_by("start_date")[:9])
    for months_ago in (3, 2, 1):
        held_on = today - timedelta(days=30 * months_ago)
        if Consultation.objects.filter(partnership=partnership, held_on=held_on).exists():
            continue
        consultation = services.consultation_create(
            partnership=partnership, by=people[0], held_on=held_on, attendees=people,
            external_attendees="Maatschappelijk werker (OCMW Turnhout)",
            follow_up_actions="Terugkoppeling naar het team bij het volgende overleg.",
        )
        for i, case in enumerate(cases[(3 - months_ago) * 3:(4 - months_ago) * 3]):
            conclusions, follow_up = CONCLUSIONS[i % len(CONCLUSIONS)]
            services.consultation_discuss_case(consultation=consultation, by=people[0], case=case,
                                               conclusions=conclusions, follow_up=follow_up)


def _build_case(index, first_name, last_name, partnership, coaches, expert, steps, personas, referrers, today):
    rng = random.Random(index * 7919)
    coach = coaches[index % len(coaches)]
    start = today - timedelta(days=rng.randint(45, 640))
    participant = services.participant_create(
        partnership=partnership, by=coach, first_name=first_name, last_name=last_name,
        date_of_birth=date(rng.randint(1965, 2005), rng.randint(1, 12), rng.randint(1, 28)),
        phone=f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        language=rng.choice(["nl", "nl", "nl", "ar", "tr", "fr"]),
    )
    kind = "group" if index == 39 else "person"
    case = services.case_open(
        partnership=partnership, by=coach, start_date=start, lead_coach=coach,
        participants=[participant] if kind == "person" else [],
        kind=kind, title="Buurtgroep Kastanjepark" if kind == "group" else "",
        status=CaseStatus.ACTIVE, purpose=rng.choice(PURPOSES),
        referred_by=rng.choice(referrers) if referrers else None, referral_channel=rng.choice(
            ["referral", "referral", "outreach", "self", "network"]),
    )
    if kind == "group":
        participant.cases.add(case)
    case.purpose_versions.update(recorded_at=_aware(start, 10))
    # A case that gets closed has no history after its closing date (no interactions, scores or
    # follow-ups on a closed file); ``until`` is the last day anything happens.
    closing = index % 6 == 5 and (today - start).days > 200
    close_date = start + timedelta(days=rng.randint(150, (today - start).days)) if closing else None
    until = close_date or today
    days = (until - start).days
    # co-coach or expert for a while
    if expert is not None and index % 3 == 0:
        CaseWorker.objects.create(case=case, user=expert, role=WorkerRole.EXPERT,
                                  start_date=start + timedelta(days=20),
                                  end_date=start + timedelta(days=min(days - 1, 120)) if index % 2 else None)
    if len(coaches) > 1 and index % 4 == 1:
        CaseWorker.objects.create(case=case, user=coaches[(index + 1) % len(coaches)], role=WorkerRole.CO_COACH,
                                  start_date=start + timedelta(days=10))
    # value demands and readings (coach's and the participant's own)
    demands = ValueDemand.objects.bulk_create(
        ValueDemand(case=case, text=text, position=i + 1)
        for i, text in enumerate(rng.sample(VALUE_DEMANDS, rng.randint(3, 6))))
    level = {d.pk: rng.randint(1, 2) for d in demands}
    reading_day = start + timedelta(days=7)
    while reading_day < until:
        for scored_by in ([ScoredBy.COACH, ScoredBy.PARTICIPANT] if rng.random() < 0.5 else [ScoredBy.COACH]):
            reading = ValueReading.objects.create(case=case, measured_at=reading_day, scored_by=scored_by,
                                                  recorded_by=coach)
            shift = 1 if scored_by == ScoredBy.PARTICIPANT and rng.random() < 0.5 else 0
            ValueScore.objects.bulk_create(
                ValueScore(reading=reading, value_demand_id=pk, score=max(1, min(5, score + shift)))
                for pk, score in level.items())
        for pk in level:
            level[pk] = max(1, min(5, level[pk] + rng.choice([-1, 0, 1, 1])))
        reading_day += timedelta(days=rng.randint(45, 90))
    # the 1-10 scale going up and down, each with its interpretation
    score, scores, day = rng.randint(2, 4), [], start + timedelta(days=3)
    while day < until:
        step = rng.choice([-1, 0, 1, 1, 2])
        score = max(1, min(10, score + step))
        scores.append(ScaleScore(case=case, score=score, measured_at=day, recorded_by=coach,
                                 interpretation=rng.choice(UP if step >= 0 else DOWN)))
        day += timedelta(days=rng.randint(21, 45))
    ScaleScore.objects.bulk_create(scores)
    # interactions
    interactions, day = [], start
    while day < until:
        interactions.append(Interaction(
            case=case, coach=coach, occurred_at=_aware(day, rng.randint(9, 17)),
            channel=rng.choice(["visit", "office", "phone", "phone", "message", "email", "outreach"]),
            duration_minutes=rng.choice([10, 15, 20, 30, 45, 60, 90]), with_whom=rng.choice(WITH_WHOM)))
        day += timedelta(days=rng.randint(3, 14))
    Interaction.objects.bulk_create(interactions)
    # failure demands, actions (some waste), quarterly follow-ups
    FailureDemand.objects.bulk_create(
        FailureDemand(case=case, occurred_on=start + timedelta(days=rng.randint(0, max(days - 1, 0))),
                      description=text, cause=cause, system_condition=condition, recorded_by=coach,
                      limiting_assumptions="Men gaat ervan uit dat iedereen zijn brieven leest." if i == 0 else "")
        for i, (text, cause, condition) in enumerate(rng.sample(FAILURES, rng.randint(0, 3))))
    actions = Action.objects.bulk_create(
        Action(case=case, done_on=start + timedelta(days=rng.randint(0, max(days - 1, 0))), description=text,
               value_step=rng.choice(steps), helped=rng.choice(["yes", "yes", "partly", "no", "unknown"]),
               is_waste=rng.random() < 0.15, recorded_by=coach,
               observation="Zichtbaar opgelucht na afloop." if rng.random() < 0.4 else "",
               participant_words="'Eindelijk iemand die meegaat.'" if rng.random() < 0.3 else "")
        for text in rng.sample(ACTIONS, rng.randint(3, 7)))
    for action in actions:
        action.value_demands.set(rng.sample(demands, 1))
    follow_ups, day = [], start + timedelta(days=85)
    while day < until - timedelta(days=rng.choice([0, 0, 60])):
        follow_ups.append(FollowUp(case=case, done_on=day, recorded_by=coach,
                                   note="Stand van zaken besproken met de deelnemer."))
        day += timedelta(days=rng.randint(80, 95))
    FollowUp.objects.bulk_create(follow_ups)
    # ladder and empowerment
    LadderStep.objects.bulk_create(
        LadderStep(case=case, step=min(6, 1 + i + rng.randint(0, 1)), measured_at=start + timedelta(days=i * 120),
                   recorded_by=coach) for i in range(max(1, days // 120)))
    EmpowermentMeasurement.objects.create(case=case, measured_at=start + timedelta(days=5), is_baseline=True,
                                          score=rng.randint(25, 50), recorded_by=coach)
    if days > 180:
        EmpowermentMeasurement.objects.create(case=case, measured_at=start + timedelta(days=180),
                                              score=rng.randint(40, 80), recorded_by=coach)
    if index % 5 == 0:
        Note.objects.create(case=case, author=coach, is_sensitive=True,
                            text="Volgt een behandeling bij het CGG; niet delen buiten de coaches.")
    # personas (a few do not fit)
    if index % 9 == 4:
        case.fits_no_persona = True
        case.persona_note = "Combinatie van mantelzorg en zelfstandige activiteit: past in geen patroon."
    else:
        case.personas.set([personas[index % len(personas)]])
    # outcomes and employment; some cases closed with a warm handover
    if index % 4 == 0 and days > 150:
        work_start = start + timedelta(days=rng.randint(60, 120))
        EmploymentPeriod.objects.create(case=case, employer="Sociale werkplaats De Kempen", start_date=work_start,
                                        end_date=work_start + timedelta(days=60), dimona_verified=True,
                                        verified_on=today)
        EmploymentPeriod.objects.create(case=case, employer="Bakkerij Van Gorp",
                                        start_date=work_start + timedelta(days=61), end_date=None,
                                        dimona_verified=index % 8 == 0, verified_on=today if index % 8 == 0 else None)
        Outcome.objects.create(case=case, kind="work", achieved_on=work_start, recorded_by=coach)
    for kind in rng.sample(["housing", "rights", "wellbeing", "self_confidence", "training", "volunteering"],
                           rng.randint(0, 2)):
        Outcome.objects.create(case=case, kind=kind, achieved_on=start + timedelta(days=rng.randint(1, days)),
                               recorded_by=coach)
    if closing:
        case.status = CaseStatus.CLOSED
        case.close_date = close_date
        case.handover_service = rng.choice(["VDAB-trajectbegeleiding", "OCMW Turnhout", "CAW De Kempen"])
        case.handover_date = case.close_date
    elif index % 7 == 3:
        case.status = CaseStatus.COMBINATION
        case.regular_service = "VDAB-trajectbegeleiding"
    elif index % 11 == 2:
        case.status = CaseStatus.PAUSED
    elif days < 60:
        case.status = CaseStatus.INTAKE
    Case.objects.filter(pk=case.pk).update(
        status=case.status, close_date=case.close_date, handover_service=case.handover_service,
        handover_date=case.handover_date, regular_service=case.regular_service,
        fits_no_persona=case.fits_no_persona, persona_note=case.persona_note,
    )
