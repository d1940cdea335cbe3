"""Demo governance for the Turnhout partnership: a year of board meetings with
consent decisions (one objection resolved), agreements, two escalated issues (one
closed with feedback), two initiatives in different states (one shared with
Mechelen), a composition change, the collaboration grid, tensions, a distribution
key and the milestones of question 11 of the project application.

Built through the services, as users would; idempotent: each part is looked up
by its natural key (partnership + title/date) before it is made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from .audit import acting_as
from .governance import rules, services
from .governance.models import (
    Agreement,
    Decision,
    DistributionKey,
    HybridTension,
    Initiative,
    Issue,
    Meeting,
    MeetingAttendance,
    Milestone,
)
from .models import Organisation, PartnerOrganisation

S = rules.InitiativeStatus

BOARD_MEETINGS = [
    # held on, title, minutes, [(decision title, proposal, method, objections [(reasoning, resolution)])]
    (date(2024, 7, 4), "Bestuursraad juli 2024 – opstart",
     "Kennismaking, afspraken over de overlegstructuur en het mandaat van de coördinator.",
     [("Overlegritme", "De bestuursraad komt tweemaandelijks samen; het team houdt wekelijks casusoverleg.",
       "consent", [])]),
    (date(2024, 9, 5), "Bestuursraad september 2024",
     "Eerste cijfers van de aanmeldingen; bespreking van de centrale locatie.",
     [("Centrale locatie", "We huren een gedeelde werkplek in het centrum van Turnhout voor het team.", "consent",
       [("De huur voor een heel jaar is een risico zolang de instroom onzeker is.",
         "Huur per kwartaal, evaluatie na twee kwartalen.")])]),
    (date(2024, 11, 7), "Bestuursraad november 2024",
     "Terugkoppeling van het team over de wachttijden bij de GGZ.",
     [("Duo-aanbod CGG", "Het CGG zet 0,1 VTE extra in voor duo-gesprekken met de coach.", "consent", [])]),
    (date(2025, 1, 9), "Bestuursraad januari 2025",
     "Bespreking van het leerproces na zes maanden; voorstel om de expertise schuldhulp toe te voegen.",
     [("CAW De Kempen treedt toe", "CAW De Kempen treedt toe als partner voor schuldhulp en huisvesting.",
       "consent", []),
      ("Budgetverschuiving naar vorming", "5 % van de werkingsmiddelen gaat naar vorming van de coaches.",
       "majority", [])]),
    (date(2025, 3, 6), "Bestuursraad maart 2025",
     "Bespreking van het verbeterinitiatief 'Eén gedeelde intake' en de kwestie rond privacyregels.", []),
    (date(2025, 5, 8), "Bestuursraad mei 2025",
     "Evaluatie van het eerste projectjaar in voorbereiding; verdeelsleutel herbekeken.",
     [("Verdeelsleutel werkingsmiddelen 2025", "De werkingsmiddelen worden verdeeld volgens de ingezette VTE.",
       "consensus", [])]),
]


def _person(world, key):
    return world.users[key]


def _meeting(partnership, by, kind, held_on, title, minutes=""):
    found = Meeting.objects.filter(partnership=partnership, kind=kind, held_on=held_on).first()
    return found or services.meeting_create(partnership=partnership, by=by, kind=kind, held_on=held_on,
                                            title=title, minutes=minutes)


def _decision(meeting, by, title, proposal, method, objections=(), votes=None):
    found = Decision.objects.filter(meeting=meeting, title=title).first()
    if found:
        return found
    decision = services.decision_create(meeting=meeting, by=by, title=title, proposal=proposal, method=method)
    for reasoning, resolution in objections:
        objection = services.objection_add(decision=decision, by=by, reasoning=reasoning)
        services.objection_resolve(objection=objection, by=by, resolution=resolution)
    return services.decision_conclude(decision=decision, by=by, **(votes or {}))


@transaction.atomic
def build(world) -> None:
    turnhout = world.turnhout
    coordinator, board, board2 = _person(world, "coordinator"), _person(world, "board"), _person(world, "board2")
    coach, coach2, teamcoach = _person(world, "coach"), _person(world, "coach2"), _person(world, "teamcoach")
    with acting_as(coordinator):
        meetings = _board_year(turnhout, coordinator, board, board2, world)
        _issues(turnhout, coach, coach2, board, board2, meetings)
        _initiatives(turnhout, coach, teamcoach, coordinator, board)
        _composition(turnhout, coordinator, meetings)
        _collaboration(turnhout, coordinator, board, world)
        _milestones(turnhout, coordinator)
        _next_meeting(turnhout, coordinator)


def _next_meeting(turnhout, coordinator):
    """A board meeting two weeks ahead, so "next meetings" is never empty in the demo."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    if Meeting.objects.filter(partnership=turnhout, kind=Meeting.Kind.BOARD, held_on__gte=today).exists():
        return
    meeting = services.meeting_create(partnership=turnhout, by=coordinator, kind=Meeting.Kind.BOARD,
                                      held_on=today + timedelta(days=14), title="Volgende bestuursraad")
    services.agenda_item_add(meeting=meeting, by=coordinator, title="Goedkeuring vorig verslag")
    services.agenda_item_add(meeting=meeting, by=coordinator, title="Stand van zaken verbeterinitiatieven")


def _board_year(turnhout, coordinator, board, board2, world):
    meetings = {}
    members = [board, board2, coordinator]
    for held_on, title, minutes, decisions in BOARD_MEETINGS:
        meeting = _meeting(turnhout, coordinator, Meeting.Kind.BOARD, held_on, title, minutes)
        meetings[held_on] = meeting
        if not MeetingAttendance.objects.filter(meeting=meeting).exists():
            presence = {person.pk: MeetingAttendance.Presence.PRESENT for person in members}
            if held_on.month == 11:
                presence[board2.pk] = MeetingAttendance.Presence.APOLOGISED
            services.attendance_record(meeting=meeting, by=coordinator, presence=presence)
        if not meeting.agenda_items.exists():
            services.agenda_item_add(meeting=meeting, by=coordinator, title="Goedkeuring vorig verslag")
            services.agenda_item_add(meeting=meeting, by=coordinator, title="Stand van zaken team en instroom")
            for decision_title, *_rest in decisions:
                services.agenda_item_add(meeting=meeting, by=board, title=decision_title)
        for decision_title, proposal, method, objections in decisions:
            votes = {"votes_for": 5, "votes_against": 1, "votes_abstain": 1} if method == "majority" else None
            _decision(meeting, board, decision_title, proposal, method, objections, votes)
    # Agreements: done, open, and one overdue.
    agreements = [
        (date(2024, 9, 5), "Huurcontract locatie laten nakijken", coordinator, date(2024, 10, 1), date(2024, 9, 27)),
        (date(2024, 11, 7), "Afspraak met CGG over duo-gesprekken uitschrijven", board2, date(2024, 12, 15), date(2024, 12, 10)),
        (date(2025, 3, 6), "Voorstel gedeelde intake voorleggen aan de partners", board, date(2025, 4, 30), None),
        (date(2025, 5, 8), "Begrotingsupdate voorbereiden", coordinator, date(2026, 12, 31), None),
    ]
    for held_on, description, owner, due_on, done_on in agreements:
        if Agreement.objects.filter(partnership=turnhout, description=description).exists():
            continue
        agreement = services.agreement_create(partnership=turnhout, by=coordinator, description=description,
                                              owner=owner, due_on=due_on, meeting=meetings[held_on])
        if done_on:
            services.agreement_complete(agreement=agreement, by=coordinator, done_on=done_on)
    return meetings


def _issues(turnhout, coach, coach2, board, board2, meetings):
    if not Issue.objects.filter(partnership=turnhout, title="Verslagen delen met het OCMW").exists():
        issue = services.issue_raise(
            partnership=turnhout, by=coach, title="Verslagen delen met het OCMW",
            description="Coaches van partners mogen geen verslagen van het OCMW inkijken, ook niet met toestemming.",
            why_team_cannot_solve="Het gaat om het reglement van het OCMW: daar heeft het team geen mandaat over.")
        services.agenda_item_add(meeting=meetings[date(2024, 11, 7)], by=board, title=issue.title, issue=issue)
        services.issue_assign(issue=issue, by=board, responsible=board, handling="Bespreken met de algemeen directeur.",
                              escalated_further_to="Directiecomité OCMW Turnhout", feedback_due_on=date(2025, 1, 9))
        services.issue_give_feedback(issue=issue, by=board,
                                     feedback="Het reglement is aangepast: met schriftelijke toestemming mag het.")
        services.issue_close(issue=issue, by=board)
        Issue.objects.filter(pk=issue.pk).update(raised_on=date(2024, 10, 14), last_raised_on=date(2024, 10, 14),
                                                 feedback_given_on=date(2025, 1, 9), closed_on=date(2025, 1, 9))
    if not Issue.objects.filter(partnership=turnhout, title="Wachtlijst voor psychologische begeleiding").exists():
        issue = services.issue_raise(
            partnership=turnhout, by=coach2, title="Wachtlijst voor psychologische begeleiding",
            description="Deelnemers wachten drie tot vier maanden op een eerste gesprek bij een psycholoog.",
            why_team_cannot_solve="Capaciteit en prioriteiten van de GGZ-partners liggen bij hun directies.")
        services.agenda_item_add(meeting=meetings[date(2025, 3, 6)], by=board2, title=issue.title, issue=issue)
        services.issue_assign(issue=issue, by=board2, responsible=board2,
                              handling="Navragen bij de GGZ-netwerkcoördinator of er een snelle lijn kan komen.",
                              feedback_due_on=date(2025, 5, 8))
        Issue.objects.filter(pk=issue.pk).update(raised_on=date(2025, 2, 17), last_raised_on=date(2025, 2, 17))


def _initiatives(turnhout, coach, teamcoach, coordinator, board):
    if not Initiative.objects.filter(partnership=turnhout, title="Eén gedeelde intake").exists():
        team = _meeting(turnhout, teamcoach, Meeting.Kind.FIELD_TEAM, date(2025, 2, 10), "Teamoverleg februari 2025",
                        "Waste-analyse van tien casussen; voorstel gedeelde intake.")
        initiative = services.initiative_propose(
            partnership=turnhout, by=coach, title="Eén gedeelde intake",
            waste_or_failure_demand="Deelnemers vertellen hun verhaal drie tot vier keer aan verschillende partners.",
            cause="Elke partner doet een eigen intake met een eigen formulier.",
            failure_demand_reference="Faalvraag: 'opnieuw mijn verhaal doen'",
            rationale="Eén gedeelde intake door de hoofdcoach, met toestemming gedeeld, spaart tijd en bouwt vertrouwen.",
            requirements="Toestemmingsformulier; afspraak over gegevensdeling tussen partners.",
            evaluation_method="Aantal intakes per deelnemer en de ervaring van deelnemers, voor en na, bij 10 deelnemers.",
            pilot_group="Tien nieuwe deelnemers van februari tot april 2025.",
        )
        consent = _decision(team, teamcoach, "Consent: gedeelde intake uitproberen",
                            "We proberen de gedeelde intake uit met tien nieuwe deelnemers.", "consent",
                            [("Wat als een deelnemer geen toestemming geeft?",
                              "Dan doet elke partner zijn eigen intake, zoals vandaag.")])
        services.initiative_transition(initiative=initiative, by=coach, target=S.CONSENTED, decision=consent)
        services.initiative_update(initiative=initiative, by=coordinator,
                                   board_discussion="Besproken op de bestuursraad van maart 2025: steun van alle partners.")
        services.initiative_transition(initiative=initiative, by=coordinator, target=S.SHARED, on=date(2025, 2, 20))
        services.initiative_transition(initiative=initiative, by=coach, target=S.PILOTING, on=date(2025, 3, 1))
        services.iteration_add(initiative=initiative, by=coach, description="Ruw prototype: één formulier op papier.",
                               learnings="Te lang; deelnemers haken af na twintig minuten.",
                               started_on=date(2025, 3, 1), ended_on=date(2025, 3, 31))
        services.iteration_add(initiative=initiative, by=coach, description="Korter formulier in twee gesprekken.",
                               started_on=date(2025, 4, 1))
        Initiative.objects.filter(pk=initiative.pk).update(proposed_on=date(2025, 2, 3))
    if not Initiative.objects.filter(partnership=turnhout, title="Vaste contactdag bij VDAB").exists():
        services.initiative_propose(
            partnership=turnhout, by=teamcoach, title="Vaste contactdag bij VDAB",
            waste_or_failure_demand="Afspraken met de VDAB-bemiddelaar worden vaak verzet; deelnemers komen voor niets.",
            cause="Geen vaste momenten; agenda's van coach en bemiddelaar lopen niet gelijk.",
            rationale="Een vaste contactdag per week maakt afspraken voorspelbaar.",
            evaluation_method="Aantal verzette afspraken per maand, drie maanden voor en na.",
            needs_new_competences=False, pilot_group="De deelnemers van twee coaches.",
        )
        Initiative.objects.filter(partnership=turnhout, title="Vaste contactdag bij VDAB").update(
            proposed_on=date(2025, 5, 19))


def _composition(turnhout, coordinator, meetings):
    caw, _created = Organisation.objects.get_or_create(name="CAW De Kempen", defaults={"kind": Organisation.Kind.PARTNER})
    if PartnerOrganisation.objects.filter(partnership=turnhout, organisation=caw).exists():
        return
    decision = Decision.objects.get(meeting=meetings[date(2025, 1, 9)], title="CAW De Kempen treedt toe")
    services.composition_change_record(
        partnership=turnhout, by=coordinator, organisation=caw, kind="join", effective_on=date(2025, 2, 1),
        decision=decision, role_description="Schuldhulp en huisvesting",
        learning="In de helft van de casussen blokkeren schulden of woonproblemen elke stap naar werk.")


def _collaboration(turnhout, coordinator, board, world):
    agreement = services.collaboration_agreement_ensure(partnership=turnhout)
    grid = {
        rules.Facet.VALUE_PROPOSITION: ("clarified", "Eén vast aanspreekpunt en integrale begeleiding op alle levensdomeinen.",
                                        "De meerwaarde naast het reguliere aanbod blijven tonen."),
        rules.Facet.COLLABORATION: ("clarified", "Semi-autonoom team met meewerkende teamcoach; consent als werkwijze.",
                                    "Verschillen in personeelsbeleid (avondwerk, weekend)."),
        rules.Facet.REVENUE_MODEL: ("open_points", "Gepoolde middelen, verdeelsleutel volgens ingezette VTE.",
                                    "Cofinanciering in natura nog niet voor elke partner berekend."),
        rules.Facet.AGREEMENT: ("open_points", "Partnerschapsovereenkomst getekend door alle partners.",
                                "Afspraken over in- en uittreden verder uitwerken."),
        rules.Facet.SCALABILITY: ("to_address", "Interesse van andere gemeenten in de regio.",
                                  "Hoe nieuwe partners instappen zonder de continuïteit te breken."),
    }
    for facet in agreement.facets.all():
        state, strengths, attention = grid[rules.Facet(facet.facet)]
        if facet.strengths != strengths:
            services.facet_update(facet=facet, by=coordinator, status=state, strengths=strengths,
                                  attention_points=attention)
    tensions = [
        (rules.TensionDomain.VALUE_PROPOSITION, rules.CanvasBlock.VALUE_PROPOSITION, "Integraal versus eigen aanbod",
         "Partners vrezen dat het partnerschap hun eigen aanbod vervangt.", "Jaarlijkse afstemming met de reguliere werking."),
        (rules.TensionDomain.VALUE_CREATION, rules.CanvasBlock.KEY_RESOURCES, "Cultuurverschillen tussen partners",
         "Andere regels rond werkuren en bereikbaarheid.", "Gedeelde teamafspraken; teamcoach bewaakt ze."),
        (rules.TensionDomain.VALUE_CAPTURE, rules.CanvasBlock.COST_STRUCTURE, "Verdeelsleutel onder druk",
         "Partners met meer VTE dragen meer loonkost dan ze aan werkingsmiddelen krijgen.", "Verdeelsleutel herzien in mei 2025."),
    ]
    for domain, block, title, description, handling in tensions:
        if not HybridTension.objects.filter(agreement=agreement, title=title).exists():
            services.tension_add(agreement=agreement, by=board, domain=domain, canvas_block=block, title=title,
                                 description=description, handling=handling)
    orgs = world.organisations
    keys = [
        (date(2024, 7, 1), [("Regio in Transitie", "40.00"), ("Emino", "20.00"), ("WEB", "20.00"), ("OCMW Turnhout", "20.00")]),
        (date(2025, 6, 1), [("Regio in Transitie", "30.00"), ("Emino", "25.00"), ("WEB", "25.00"), ("OCMW Turnhout", "15.00"),
                            ("CGG Kempen", "5.00")]),
    ]
    for valid_from, shares in keys:
        if not DistributionKey.objects.filter(agreement=agreement, valid_from=valid_from).exists():
            services.distribution_key_create(
                agreement=agreement, by=coordinator, valid_from=valid_from,
                shares=[(orgs[name], Decimal(pct)) for name, pct in shares],
                note="Werkingsmiddelen (40 % forfait) volgens de ingezette VTE.")


MILESTONES = [
    ("towards_start", "Dossier ingediend door de penhouder", date(2023, 11, 30), "done", date(2023, 11, 28)),
    ("towards_start", "Afspraken over GDPR besproken", date(2023, 12, 20), "done", date(2023, 12, 14)),
    ("first_quarters", "Coördinator aan boord, overlegstructuren bepaald", date(2024, 7, 31), "done", date(2024, 7, 15)),
    ("first_quarters", "Tweedaagse met het team", date(2024, 9, 30), "done", date(2024, 9, 19)),
    ("first_quarters", "Eerste casusoverleg en eerste rapportage", date(2024, 10, 31), "done", date(2024, 10, 24)),
    ("first_quarters", "Brainstorm doelgroepparticipatie", date(2024, 11, 30), "in_progress", None),
    ("first_year", "Teamdag en communicatiemoment", date(2025, 4, 30), "done", date(2025, 4, 24)),
    ("first_year", "Begrotingsupdate", date(2025, 6, 30), "planned", None),
]


def _milestones(turnhout, coordinator):
    for period, title, planned_on, status, done_on in MILESTONES:
        if not Milestone.objects.filter(partnership=turnhout, title=title).exists():
            services.milestone_create(partnership=turnhout, by=coordinator, period=period, title=title,
                                      planned_on=planned_on, status=status, done_on=done_on)
