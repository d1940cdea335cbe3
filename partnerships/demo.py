"""Demo data: the Turnhout-region partnership (from the project application in
shared/sources) and a second partnership so that scoping is visible.

Idempotent: every object is looked up by a natural key before it is created.
Other apps add their demo data in ``<app>/demo.py`` with a ``build(world)``
function; ``manage.py demo`` calls them in order (see DEMO_BUILDERS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .models import Membership, Organisation, PartnerOrganisation, Partnership, Role, User, WorkArea

DEMO_PASSWORD = "demo-partnerschap-2026"

TURNHOUT_MUNICIPALITIES = [
    "Arendonk", "Baarle-Hertog", "Beerse", "Kasterlee", "Lille", "Merksplas",
    "Oud-Turnhout", "Ravels", "Retie", "Rijkevorsel", "Turnhout", "Vosselaar",
]

# name, kind, role in the partnership (from the project application, questions 4-5)
TURNHOUT_ORGANISATIONS = [
    ("Regio in Transitie", Organisation.Kind.LOCAL_GOVERNMENT, "Penhouder; regie en coördinatie, meewerkend teamcoach (VINAC+)"),
    ("Arktos", Organisation.Kind.PARTNER, "Coaches met expertise jongeren; vindplaatsgericht werken"),
    ("CGG Kempen", Organisation.Kind.PARTNER, "GGZ-expertise op casusniveau, duo-aanbod met de coach"),
    ("Emino", Organisation.Kind.PARTNER, "Coaches: arbeidstrajectbegeleiding, cliëntparticipatie, armoede"),
    ("Ligo Kempen", Organisation.Kind.PARTNER, "Expertise brede geletterdheid (basiseducatie)"),
    ("Route 11", Organisation.Kind.PARTNER, "Coaches met GGZ-expertise (psychosociale revalidatie)"),
    ("Synkroon", Organisation.Kind.PARTNER, "Expertise arbeidsbeperkingen, contact met werkgevers"),
    ("WEB", Organisation.Kind.PARTNER, "Coaches: anderstaligen en laaggeletterden; inclusieve werkvloeren"),
    ("OCMW Turnhout", Organisation.Kind.LOCAL_GOVERNMENT, "Coaches; kennis leefloonwetgeving"),
    ("VDAB", Organisation.Kind.VDAB, "IDV-bemiddelaar en IDV-teamleider; link met het VDAB-aanbod"),
    ("VVSG", Organisation.Kind.SUPPORT, "Ondersteunend team: kwaliteitscoaching van het lerend partnerschap"),
]

TURNHOUT_PURPOSE = (
    "Personen in een (zeer) kwetsbare positie vinden, behouden of versterken hun plaats in de "
    "maatschappij, en dit via een drempelverlagende, integrale, sector-overschrijdende samenwerking. "
    "Het partnerschap werkt op maat, creëert mentale ruimte bij de deelnemer en versterkt deze in zijn "
    "context op alle levensdomeinen – inclusief werk – aanvullend op het reguliere aanbod."
)
TURNHOUT_PRINCIPLES = (
    "Vraaggericht en op maat van de deelnemer\n"
    "Eén vast aanspreekpunt (hoofdcoach), expertise van partners waar nodig\n"
    "Leren via kwaliteitswerking: waardevragen, faalvragen en verspilling zichtbaar maken\n"
    "Beslissen bij consent, als gelijken, vanuit een gedeelde bedoeling"
)

# username, first name, last name, organisation, roles in Turnhout (role, fte)
TURNHOUT_PEOPLE = [
    ("coach", "Sara", "Peeters", "Emino", [(Role.COACH, "0.80")]),
    ("coach2", "Jonas", "Wouters", "WEB", [(Role.COACH, "1.00")]),
    ("coach3", "Leen", "Van Dyck", "OCMW Turnhout", [(Role.COACH, "1.00")]),
    ("expert", "Mieke", "Janssens", "CGG Kempen", [(Role.EXPERT, "0.30")]),
    ("teamcoach", "Bart", "Claes", "Regio in Transitie", [(Role.TEAM_COACH, "0.50")]),
    ("coordinator", "Els", "Mertens", "Regio in Transitie", [(Role.COORDINATOR, "0.50")]),
    ("board", "Koen", "Maes", "OCMW Turnhout", [(Role.BOARD_MEMBER, None)]),
    ("board2", "An", "Goossens", "VDAB", [(Role.BOARD_MEMBER, None)]),
    ("quality", "Nele", "Jacobs", "VVSG", [(Role.QUALITY_COACH, "0.10")]),
]

SECOND_ORGANISATIONS = [
    ("Stad Mechelen", Organisation.Kind.LOCAL_GOVERNMENT, "Penhouder en coördinatie"),
    ("De Sleutel Mechelen", Organisation.Kind.PARTNER, "Coaches"),
]
SECOND_PEOPLE = [
    ("coach.mechelen", "Pieter", "De Smet", "De Sleutel Mechelen", [(Role.COACH, "1.00")]),
    ("coordinator.mechelen", "Ilse", "Willems", "Stad Mechelen", [(Role.COORDINATOR, "0.50")]),
]


@dataclass
class DemoWorld:
    """What the foundation built; later builders read and extend it."""

    turnhout: Partnership
    second: Partnership
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _organisation(name, kind) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return organisation


def _person(username, first_name, last_name, organisation) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "organisation": organisation,
            "email": f"{username}@demo.partnerschap.example",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _partnership(name, work_area, pen_holder, **fields) -> Partnership:
    partnership = Partnership.objects.filter(name=name).first()
    if partnership is None:
        partnership = Partnership(name=name, work_area=work_area, pen_holder=pen_holder, **fields)
        partnership.full_clean()
        partnership.save()
    return partnership


def _populate(world, partnership, organisations, people):
    for name, kind, role_description in organisations:
        organisation = _organisation(name, kind)
        world.organisations[name] = organisation
        PartnerOrganisation.objects.get_or_create(
            partnership=partnership, organisation=organisation,
            defaults={"role_description": role_description, "joined_on": partnership.start_date},
        )
    for username, first, last, org_name, roles in people:
        user = _person(username, first, last, world.organisations[org_name])
        world.users[username] = user
        for role, fte in roles:
            Membership.objects.get_or_create(
                partnership=partnership, user=user, role=role, defaults={"fte": fte}
            )


@transaction.atomic
def build_foundation() -> DemoWorld:
    turnhout_area, _ = WorkArea.objects.get_or_create(
        name="Stadsregio Turnhout", defaults={"municipalities": "\n".join(TURNHOUT_MUNICIPALITIES)}
    )
    mechelen_area, _ = WorkArea.objects.get_or_create(
        name="Regio Mechelen", defaults={"municipalities": "Mechelen\nBonheiden\nSint-Katelijne-Waver"}
    )
    pen_holder = _organisation("Regio in Transitie", Organisation.Kind.LOCAL_GOVERNMENT)
    turnhout = _partnership(
        "Lokaal partnerschap Stadsregio Turnhout", turnhout_area, pen_holder,
        project_number="DEMO-ESF-2024-0001", start_date=date(2024, 7, 1), end_date=date(2029, 12, 31),
        shared_purpose=TURNHOUT_PURPOSE, principles=TURNHOUT_PRINCIPLES,
    )
    second = _partnership(
        "Lokaal partnerschap Regio Mechelen", mechelen_area,
        _organisation("Stad Mechelen", Organisation.Kind.LOCAL_GOVERNMENT),
        project_number="DEMO-ESF-2024-0002", start_date=date(2024, 9, 1), end_date=date(2029, 12, 31),
        shared_purpose="Samen sterker naar werk en welzijn in regio Mechelen.",
    )
    world = DemoWorld(turnhout=turnhout, second=second)
    _populate(world, turnhout, TURNHOUT_ORGANISATIONS, TURNHOUT_PEOPLE)
    _populate(world, second, SECOND_ORGANISATIONS, SECOND_PEOPLE)
    world.organisations["Europa WSE"] = _organisation("Europa WSE", Organisation.Kind.ESF_MANAGER)

    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"first_name": "Beheerder", "is_staff": True, "is_superuser": True,
                  "email": "admin@demo.partnerschap.example"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    world.users["admin"] = admin
    return world
