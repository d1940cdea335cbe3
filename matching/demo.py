"""Demo data: a complete matching for Stadsregio Turnhout — a published addendum,
8 candidacies through both rounds, a jury of 5 (two VDAB), decision mails, one
appeal (upheld) and the final jury report.

Idempotent: people and roles are looked up by natural keys; the process itself is
built once (when the work area has no candidacies yet). Everything goes through
the services, as users would.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from partnerships.demo import DEMO_PASSWORD
from partnerships.models import Organisation, User

from . import services
from .models import Candidacy, Criterion, DecisionMail, EmergencyProcedure, JuryDecision, MatchingRole

# username, first name, last name, organisation (None: independent), role, group
PEOPLE = [
    ("matchcoordinator", "Hilde", "Verstraeten", "Regio in Transitie", MatchingRole.Kind.COORDINATOR, ""),
    ("matchmaker1", "Tom", "Van den Broeck", "VDAB", MatchingRole.Kind.MATCHMAKER, "vdab"),
    ("matchmaker2", "Sofie", "Aerts", "VDAB", MatchingRole.Kind.MATCHMAKER, "vdab"),
    ("matchmaker3", "Marc", "Hermans", "OCMW Turnhout", MatchingRole.Kind.MATCHMAKER, "local_government"),
    ("matchmaker4", "Ines", "Wuyts", None, MatchingRole.Kind.MATCHMAKER, "external"),
    ("matchmaker5", "Pieter", "Smets", None, MatchingRole.Kind.MATCHMAKER, "external"),
    ("appealmatchmaker1", "Greet", "Michiels", None, MatchingRole.Kind.APPEAL_MATCHMAKER, ""),
    ("appealmatchmaker2", "Dirk", "Jacobs", None, MatchingRole.Kind.APPEAL_MATCHMAKER, ""),
    ("observer", "Lies", "De Vos", "Europa WSE", MatchingRole.Kind.OBSERVER, ""),
]

# username, organisation, new organisation?, round-1 (crucial, fit), round-2 (crucial, fit) or None
CANDIDATES = [
    ("candidate2", "Arktos", False, (4, 3), (4, 4)),
    ("candidate3", "CGG Kempen", False, (3, 3), (4, 3)),
    ("candidate4", "Emino", False, (4, 4), (3, 4)),
    ("candidate5", "WEB", False, (3, 4), (3, 3)),
    ("candidate6", "Route 11", False, (3, 3), (3, 2)),
    ("candidate7", "Ligo Kempen", False, (3, 2), None),
    ("candidate", "Buurtwerk De Schakel vzw", True, (2, 3), None),
    ("candidate8", "Jobcoach Kempen bv", True, (2, 2), None),
]

CHALLENGES = [
    ("Mensen in armoede bereiken die nergens in beeld zijn", "Alleenstaanden en gezinnen in generatiearmoede",
     "Wantrouwen in diensten, schulden, mobiliteit", "Vindplaatsgericht werken met buurtwerkers", "Eén vast aanspreekpunt per deelnemer"),
    ("Psychisch kwetsbare werkzoekenden", "Personen met (niet-gediagnosticeerde) psychische problemen",
     "Lange wachtlijsten GGZ", "Duo-aanbod coach en GGZ-expert", "Drempelverlagende begeleiding naar welzijn en werk"),
    ("Anderstaligen en laaggeletterden", "Nieuwkomers en laaggeletterde volwassenen",
     "Taal, digitale drempels", "Taalondersteuning op de werkvloer", "Brede geletterdheid als hefboom"),
]


def _person(username, first, last, organisation) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "organisation": organisation,
                  "email": f"{username}@demo.partnerschap.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _motivation(criterion, value, round_number):
    base = {
        Criterion.CRUCIAL: {4: "Unieke, concrete bijdrage aan de regio-uitdagingen met aantoonbare capaciteit en lokale verankering.",
                            3: "Duidelijke bijdrage aan de lokale noden; capaciteit en verankering grotendeels onderbouwd.",
                            2: "Bijdrage overlapt sterk met andere kandidaten en de lokale verankering is beperkt.",
                            1: "Geen concreet antwoord op de lokale noden."},
        Criterion.FIT: {4: "Ruime ervaring met multidisciplinaire samenwerking; benoemt de grenzen van het eigen aanbod.",
                        3: "Toont engagement tot samenwerking, met enkele beperkte tekortkomingen.",
                        2: "Weinig concrete ervaring met gelijkwaardig samen beslissen.",
                        1: "Geen bereidheid tot diepgaande samenwerking aangetoond."},
    }[criterion][value]
    return base if round_number == 1 else f"Na het matchingsgesprek: {base[0].lower()}{base[1:]}"


@transaction.atomic
def build(world) -> None:
    area = world.turnhout.work_area
    orgs = dict(world.organisations)
    orgs.setdefault("Europa WSE", Organisation.objects.get_or_create(name="Europa WSE", defaults={"kind": Organisation.Kind.ESF_MANAGER})[0])
    people = {}
    for username, first, last, org_name, role, group in PEOPLE:
        user = _person(username, first, last, orgs.get(org_name) if org_name else None)
        services.matching_role_grant(work_area=area, user=user, role=role, group=group, by=None)
        people[username] = world.users[username] = user
    candidates = {}
    for username, org_name, new, _r1, _r2 in CANDIDATES:
        org = orgs.get(org_name) or Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": Organisation.Kind.PARTNER, "email": f"info@{username}.example"})[0]
        first, last = {"candidate": ("Yasmina", "El Amrani")}.get(username, (org_name.split()[0], "Kandidaat"))
        candidates[username] = world.users[username] = _person(username, first, last, org)

    if not Candidacy.objects.filter(work_area=area).exists():  # else the process was built before
        _build_process(world, area, people, candidates)
    if not EmergencyProcedure.objects.filter(work_area=area).exists():
        _build_emergency(world.turnhout, area, people)


# partner, crucial, fit, observed behaviour during the partnership forming
EMERGENCY_SCORES = [
    ("Arktos", 4, 4, "Nam het voortouw in de werkgroep rollen en taken; bracht compromisvoorstellen."),
    ("CAW De Kempen", 3, 3, "Constructief, maar kwam twee keer onvoorbereid naar de werkgroep."),
    ("CGG Kempen", 4, 3, "Bewaakte de grenzen van het eigen aanbod en sloot aan bij de voorstellen."),
    ("Emino", 3, 2, "Hield vast aan een eigen trajectmodel en blokkeerde een gedeelde rolverdeling."),
    ("Ligo Kempen", 2, 3, "Meewerkend; de bijdrage aan de regio-uitdagingen bleef beperkt."),
    ("Route 11", 3, 3, "Werkte mee aan het compromis over de casusregie."),
    ("Synkroon", 3, 4, "Bemiddelde actief tussen de partners."),
    ("WEB", 4, 3, "Stelde de eigen rol in vraag ten voordele van het geheel."),
]


def _build_emergency(partnership, area, people) -> None:
    """A signed emergency procedure for Turnhout: the partners could not divide roles and tasks."""
    coordinator, vdab, local = people["matchcoordinator"], people["matchmaker1"], people["matchmaker3"]
    started = partnership.start_date - timedelta(days=20)
    procedure = services.emergency_start(
        partnership=partnership, work_area=area, by=coordinator, today=started,
        motivation="Na drie werkgroepen raken de partners het niet eens over de casusregie en de rolverdeling; "
                   "VDAB en het lokaal bestuur starten de noodprocedure.",
        vdab_representative=vdab, local_government_representative=local,
    )
    signed = timezone.make_aware(datetime.combine(started + timedelta(days=1), time(9, 0)))
    services.emergency_sign(procedure=procedure, by=vdab, now=signed)
    procedure = services.emergency_sign(procedure=procedure, by=local, now=signed + timedelta(hours=3))
    organisations = {po.organisation.name: po.organisation for po in partnership.partner_organisations.select_related("organisation")}
    for name, crucial, fit, behaviour in EMERGENCY_SCORES:
        if name not in organisations:
            continue
        services.emergency_score(procedure=procedure, by=coordinator, organisation=organisations[name], criterion=Criterion.CRUCIAL,
                                 value=crucial, motivation=_motivation(Criterion.CRUCIAL, crucial, 1))
        services.emergency_score(procedure=procedure, by=coordinator, organisation=organisations[name], criterion=Criterion.FIT,
                                 value=fit, motivation=_motivation(Criterion.FIT, fit, 1), observed_behaviour=behaviour)
    qualifying = sorted(services.emergency_qualifying(procedure))
    order = sorted((org for org in organisations.values() if org.pk in qualifying),
                   key=lambda org: next((-(c + f), n) for n, c, f, _b in EMERGENCY_SCORES if n == org.name))
    services.emergency_rank(procedure=procedure, by=coordinator, ranking=[
        (org, f"Plaats {place}: volgens de som van beide scores en de geobserveerde samenwerking.")
        for place, org in enumerate(order, start=1)
    ])


def _build_process(world, area, people, candidates) -> None:
    coordinator = people["matchcoordinator"]
    jury = [people[f"matchmaker{i}"] for i in range(1, 6)]
    today = timezone.localdate()
    publication = today - timedelta(days=120)
    deadline = publication + timedelta(days=49)
    addendum = services.addendum_save(
        work_area=area, by=coordinator,
        boundaries="Twaalf gemeenten van de Stadsregio Turnhout: " + ", ".join(area.municipality_list),
        local_needs="Kwetsbare inwoners vinden de weg naar hulp en werk niet; aanbod is versnipperd en vraagt veel zelfredzaamheid.",
        personas="Sofie (34, alleenstaande moeder, schulden), Ahmed (27, nieuwkomer, laaggeletterd), Jan (52, langdurig ziek).",
        arena_analysis="Arena-analyse met OCMW's, CAW, CGG, VDAB, basiseducatie en werkgevers; verrijkt in twee workshops.",
        needs_motivation="De drie noden keren in alle persona's terug en niemand beantwoordt ze vandaag integraal.",
        publication_date=publication, candidacy_deadline=deadline,
        pitch_moments="Matchingsgesprekken in de week na de beslissing van ronde 1, in het stadhuis van Turnhout.",
        expected_decision_date=deadline + timedelta(days=30),
        contacts="Hilde Verstraeten, Regio in Transitie — matching@regioturnhout.example",
        round1_scoring_due=deadline + timedelta(days=10), round2_scoring_due=deadline + timedelta(days=30),
    )
    challenges = [
        services.challenge_add(addendum=addendum, by=coordinator, title=title, target_groups=groups, obstacles=obstacles,
                               opportunities=opportunities, objectives=objectives)
        for title, groups, obstacles, opportunities, objectives in CHALLENGES
    ]
    services.addendum_publish(addendum=addendum, by=coordinator)

    def moment(day):
        return timezone.make_aware(datetime.combine(day, time(10, 0)))

    candidacies = {}
    for index, (username, org_name, _new, r1, r2) in enumerate(CANDIDATES):
        user = candidates[username]
        candidacy = services.candidacy_start(work_area=area, by=user, now=moment(publication + timedelta(days=7)))
        answers = {name: f"{org_name}: {Candidacy._meta.get_field(name).verbose_name}. Concreet voorbeeld uit onze werking in de regio."
                   for names in Candidacy.ANSWER_FIELDS.values() for name in names}
        services.candidacy_update(candidacy=candidacy, by=user, challenges=challenges[index % 3: index % 3 + 2],
                                  legal_form="vzw" if "bv" not in org_name else "bv", is_legal_person=True,
                                  contact_email=user.email, **answers)
        candidacy = services.candidacy_submit(candidacy=candidacy, by=user, now=moment(deadline - timedelta(days=index)))
        candidacies[username] = (candidacy, r1, r2)

    # Declarations: matchmaker4 works for WEB and recuses; the rest declare no conflict.
    for candidacy, _r1, _r2 in candidacies.values():
        for juror in jury:
            conflicted = juror.username == "matchmaker4" and candidacy.organisation.name == "WEB"
            services.conflict_declare(candidacy=candidacy, by=juror, has_conflict=conflicted,
                                      kind="employed" if conflicted else "",
                                      explanation="Was tot vorig jaar coördinator bij WEB." if conflicted else "")

    def score_round(candidacy, round_number, crucial, fit):
        for juror in jury:
            if juror.username == "matchmaker4" and candidacy.organisation.name == "WEB":
                continue
            # matchmaker2 (VDAB) is stricter on fit: a group whose members disagree.
            juror_fit = max(1, fit - 1) if juror.username == "matchmaker2" else fit
            services.score_submit(candidacy=candidacy, by=juror, round=round_number, criterion=Criterion.CRUCIAL,
                                  value=crucial, motivation=_motivation(Criterion.CRUCIAL, crucial, round_number))
            services.score_submit(candidacy=candidacy, by=juror, round=round_number, criterion=Criterion.FIT,
                                  value=juror_fit, motivation=_motivation(Criterion.FIT, juror_fit, round_number))

    def decide(candidacy, round_number, crucial, fit):
        services.jury_decision_record(candidacy=candidacy, by=coordinator, round=round_number, criterion=Criterion.CRUCIAL,
                                      method=JuryDecision.Method.CONSENSUS, consensus_score=crucial,
                                      motivation=_motivation(Criterion.CRUCIAL, crucial, round_number))
        if fit == 3 and round_number == 1:
            # No consensus: VDAB votes 2 (its two members disagreed), local government and externals 3.
            services.jury_decision_record(candidacy=candidacy, by=coordinator, round=round_number, criterion=Criterion.FIT,
                                          method=JuryDecision.Method.VOTE, votes={"vdab": 2, "local_government": 3, "external": 3},
                                          motivation=_motivation(Criterion.FIT, 3, round_number)
                                          + " Geen consensus: twee van de drie groepen steunen een 3.")
        else:
            services.jury_decision_record(candidacy=candidacy, by=coordinator, round=round_number, criterion=Criterion.FIT,
                                          method=JuryDecision.Method.CONSENSUS, consensus_score=fit,
                                          motivation=_motivation(Criterion.FIT, fit, round_number))

    def send_all():
        for mail in services.mails_prepare(work_area=area, by=coordinator):
            services.mail_send(mail=mail, by=coordinator)
            # Demo data: record the mail as sent without going through the mail server.
            DecisionMail.objects.filter(pk=mail.pk).update(status=DecisionMail.Status.SENT, sent_at=timezone.now())

    for candidacy, r1, _r2 in candidacies.values():
        score_round(candidacy, 1, *r1)
        decide(candidacy, 1, *r1)
    send_all()

    # The appeal: Buurtwerk De Schakel says its partnership agreements (annex 3) were overlooked.
    appellant, _r1, _r2 = candidacies["candidate"]
    appellant.refresh_from_db()
    appeal = services.appeal_lodge(
        candidacy=appellant, by=candidates["candidate"], criterion=Criterion.CRUCIAL,
        overlooked="Bijlage 3 (samenwerkingsovereenkomsten met drie OCMW's) werd niet vermeld in de motivering.",
        motivation="Die overeenkomsten tonen onze lokale verankering in zes gemeenten.",
    )
    services.appeal_assign(appeal=appeal, matchmakers=[people["appealmatchmaker1"], people["appealmatchmaker2"]], by=coordinator)
    for judge in ("appealmatchmaker1", "appealmatchmaker2"):
        services.appeal_assess(appeal=appeal, by=people[judge], outcome="uphold", no_conflict=True,
                               motivation="Bijlage 3 werd gelezen (zie scores van drie matchmakers); ze verandert niets aan de "
                                          "overlap met andere kandidaten. Geen materiële fout.")
    for mail in DecisionMail.objects.filter(candidacy=appellant, status=DecisionMail.Status.DRAFT):
        services.mail_send(mail=mail, by=coordinator)
        DecisionMail.objects.filter(pk=mail.pk).update(status=DecisionMail.Status.SENT, sent_at=timezone.now())

    for candidacy, _r1, r2 in candidacies.values():
        if r2 is None:
            continue
        candidacy.refresh_from_db()
        services.pitch_record(candidacy=candidacy, by=coordinator, scheduled_at=moment(deadline + timedelta(days=20)),
                              held_on=deadline + timedelta(days=20),
                              attendees=f"Directeur en coach van {candidacy.organisation.name}\nDe vijf matchmakers")
        score_round(candidacy, 2, *r2)
        decide(candidacy, 2, *r2)
    send_all()
    services.final_report_request(work_area=area, by=coordinator)
