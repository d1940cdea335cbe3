"""Participants and their cases (DOMAIN.md §3, the quality framework annex).

A participant carries the few personal data we need; everything the
partnership learns from lives on the case: purpose versions, the 1-10 scale,
value demands and their 1-5 readings (the star diagram), failure demands,
actions and value steps, interactions, consultations, personas, referral and
handover, outcomes, employment periods, participation ladder, empowerment
measurements, quarterly follow-ups and notes.

Case-scoped models use ``partnership_path = "case__partnership"`` so that
``Model.objects.for_user(user, Perm.VIEW_CASES)`` scopes them. Writes go
through cases/services.py; the rules without a database are in cases/rules.py.
Reports read these models: field names follow DOMAIN.md's glossary, and a case
is identified in reports by its pseudonymous ``code`` / ``reference`` only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.access import PartnershipScopedQuerySet
from partnerships.audit import audited
from partnerships.models import Organisation, Partnership

from . import rules

CASE_PATH = "case__partnership"


class CaseScoped(models.Model):
    """Abstract base of everything that belongs to one case."""

    partnership_path = CASE_PATH
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        abstract = True


# --------------------------------------------------------------------------
# Partnership-level frameworks: value steps, personas
# --------------------------------------------------------------------------


@audited
class ValueStep(models.Model):
    """A step of the partnership's theory of change (ordered, not a fixed path)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="value_steps")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "position", "name"]
        verbose_name = _("waardestap")
        verbose_name_plural = _("waardestappen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="value_step_name_unique"),
        ]

    def __str__(self):
        return self.name


@audited
class Persona(models.Model):
    """A pattern of value demands in context (not a segment with a fixed service)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("naam"), max_length=200)
    value_demand_pattern = models.TextField(_("patroon van waardevragen"), blank=True)
    context = models.TextField(_("context"), blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name = _("persona")
        verbose_name_plural = _("persona's")
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="persona_name_unique")]

    def __str__(self):
        return self.name


# --------------------------------------------------------------------------
# Participant and case
# --------------------------------------------------------------------------


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    FRENCH = "fr", _("Frans")
    ENGLISH = "en", _("Engels")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    OTHER = "other", _("Andere")


class Participant(models.Model):
    """A person followed by the partnership: minimal personal data."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="participants")
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("familienaam"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    address = models.TextField(_("adres of contactplaats"), blank=True)
    language = models.CharField(_("taal"), max_length=8, choices=Language.choices, default=Language.DUTCH)
    referral_source = models.CharField(_("verwezen door"), max_length=200, blank=True)
    national_number = models.CharField(
        _("rijksregisternummer"), max_length=15, blank=True,
        help_text=_("Optioneel. Wordt gemaskeerd getoond."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        indexes = [
            models.Index(fields=["partnership", "last_name", "first_name"], name="participant_name_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_number(self) -> str:
        return rules.mask_national_number(self.national_number)


class CaseKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    GROUP = "group", _("Groep")
    ORGANISATION = "organisation", _("Organisatie")
    NEIGHBOURHOOD = "neighbourhood", _("Buurt")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Actief")
    COMBINATION = "combination", _("Combinatietraject")
    PAUSED = "paused", _("Gepauzeerd")
    CLOSED = "closed", _("Afgesloten")


OPEN_STATUSES = [CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.COMBINATION, CaseStatus.PAUSED]


class ReferralChannel(models.TextChoices):
    REFERRAL = "referral", _("Doorverwijzing door een organisatie")
    OUTREACH = "outreach", _("Vindplaatsgericht / outreach")
    SELF = "self", _("Op eigen initiatief")
    NETWORK = "network", _("Via familie of netwerk")
    OTHER = "other", _("Andere")


class Case(models.Model):
    """A casus: usually one person, sometimes a group or a neighbourhood."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("soort casus"), max_length=16, choices=CaseKind.choices, default=CaseKind.PERSON)
    title = models.CharField(
        _("naam van de groep of buurt"), max_length=200, blank=True,
        help_text=_("Alleen voor een groep, organisatie of buurt."),
    )
    participants = models.ManyToManyField(Participant, related_name="cases", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    start_date = models.DateField(_("startdatum"))
    close_date = models.DateField(_("einddatum"), null=True, blank=True)
    lead_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hoofdcoach"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="led_cases",
    )
    # Referral in (toeleiding)
    referred_by = models.ForeignKey(
        Organisation, verbose_name=_("toegeleid door (organisatie)"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    referral_channel = models.CharField(
        _("kanaal van toeleiding"), max_length=16, choices=ReferralChannel.choices, blank=True
    )
    referral_note = models.TextField(_("toelichting bij de toeleiding"), blank=True)
    # Warm handover out (at closing)
    handover_service = models.CharField(_("warme overdracht naar"), max_length=200, blank=True)
    handover_date = models.DateField(_("datum overdracht"), null=True, blank=True)
    handover_note = models.TextField(_("toelichting bij de overdracht"), blank=True)
    # Combination trajectory: regular service with flanking support
    regular_service = models.CharField(
        _("regulier aanbod (combinatietraject)"), max_length=200, blank=True,
    )
    # Personas
    personas = models.ManyToManyField(Persona, verbose_name=_("persona's"), related_name="cases", blank=True)
    fits_no_persona = models.BooleanField(_("past bij geen enkele persona"), default=False)
    persona_note = models.TextField(_("waarom past deze casus niet?"), blank=True)
    # Optimistic concurrency: every update must name the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            # list filters: coach, status (persona goes through the M2M table's index)
            models.Index(fields=["partnership", "status", "-start_date"], name="case_status_idx"),
            models.Index(fields=["lead_coach", "status"], name="case_coach_idx"),
            models.Index(fields=["partnership", "fits_no_persona"], name="case_no_persona_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(close_date__isnull=True) | Q(close_date__gte=models.F("start_date")),
                name="case_closes_after_start",
            ),
        ]

    def __str__(self):
        return str(_("Casus %(reference)s")) % {"reference": self.reference}

    @property
    def reference(self) -> str:
        """A short pseudonymous reference (from the code), safe for reports."""
        return str(self.code).split("-")[0].upper()

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class WorkerRole(models.TextChoices):
    LEAD = "lead", _("Hoofdcoach")
    CO_COACH = "co_coach", _("Co-coach")
    EXPERT = "expert", _("Expert")


class CaseWorker(CaseScoped):
    """Who works on the case, in which role, from when until when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("persoon"), on_delete=models.PROTECT,
                             related_name="case_assignments")
    role = models.CharField(_("rol"), max_length=16, choices=WorkerRole.choices)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        ordering = ["case", "-start_date", "pk"]
        verbose_name = _("betrokkene bij de casus")
        verbose_name_plural = _("betrokkenen bij de casus")
        indexes = [models.Index(fields=["user", "end_date"], name="caseworker_user_idx")]

    def __str__(self):
        return f"{self.get_role_display()} – {self.user}"


class PurposeVersion(CaseScoped):
    """The purpose in the participant's words; editing adds a version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="purpose_versions")
    text = models.TextField(_("bedoeling in de woorden van de deelnemer"))
    recorded_at = models.DateTimeField(_("vastgelegd op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["case", "-recorded_at", "-pk"]
        verbose_name = _("versie van de bedoeling")
        verbose_name_plural = _("versies van de bedoeling")
        indexes = [models.Index(fields=["case", "recorded_at"], name="purpose_case_idx")]

    def __str__(self):
        return str(_("Bedoeling"))


class ScaleScore(CaseScoped):
    """The 1-10 scale (10 = the case can be let go) with its interpretation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scale_scores")
    score = models.PositiveSmallIntegerField(
        _("score (1-10)"), validators=[MinValueValidator(rules.SCALE_MIN), MaxValueValidator(rules.SCALE_MAX)]
    )
    interpretation = models.TextField(_("interpretatie: waarom vooruitgang of achteruitgang?"))
    measured_at = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "measured_at", "pk"]
        verbose_name = _("score op de schaal")
        verbose_name_plural = _("scores op de schaal")
        indexes = [models.Index(fields=["case", "measured_at"], name="scale_case_measured_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=10), name="scale_score_1_10"),
            models.CheckConstraint(condition=~Q(interpretation=""), name="scale_score_interpreted"),
        ]

    def __str__(self):
        return f"{self.score}/10"


class ValueDemand(CaseScoped):
    """A value demand, ideally in the participant's own words."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="value_demands")
    text = models.CharField(_("waardevraag (in de woorden van de deelnemer)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("nog actueel"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "position", "pk"]
        verbose_name = _("waardevraag")
        verbose_name_plural = _("waardevragen")

    def __str__(self):
        return self.text


class ScoredBy(models.TextChoices):
    COACH = "coach", _("Coach")
    PARTICIPANT = "participant", _("Deelnemer zelf")


class ValueReading(CaseScoped):
    """One reading of all value demands (a polygon on the star diagram)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="value_readings")
    measured_at = models.DateField(_("datum"))
    scored_by = models.CharField(_("gescoord door"), max_length=16, choices=ScoredBy.choices, default=ScoredBy.COACH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "measured_at", "pk"]
        verbose_name = _("lezing van de waardevragen")
        verbose_name_plural = _("lezingen van de waardevragen")
        indexes = [models.Index(fields=["case", "measured_at"], name="reading_case_measured_idx")]

    def __str__(self):
        return str(_("Lezing van %(date)s")) % {"date": self.measured_at}


class ValueScore(models.Model):
    """The 1-5 score of one value demand in one reading."""

    reading = models.ForeignKey(ValueReading, on_delete=models.CASCADE, related_name="scores")
    value_demand = models.ForeignKey(ValueDemand, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("score (1-5)"), validators=[MinValueValidator(rules.VALUE_MIN), MaxValueValidator(rules.VALUE_MAX)]
    )

    partnership_path = "reading__case__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["reading", "value_demand__position", "pk"]
        verbose_name = _("score van een waardevraag")
        verbose_name_plural = _("scores van waardevragen")
        constraints = [
            models.UniqueConstraint(fields=["reading", "value_demand"], name="one_score_per_demand"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="value_score_1_5"),
        ]

    def __str__(self):
        return f"{self.score}/5"


class FailureCause(models.TextChoices):
    MISUNDERSTOOD = "misunderstood", _("Verkeerd begrepen vraag")
    MISMATCH = "mismatch", _("Mismatch tussen vraag en dienstverlening")


class SystemCondition(models.TextChoices):
    UNKNOWN = "", _("(nog) niet gekend")
    COMPETENCE = "competence", _("Ontbrekende competentie of mandaat")
    ICT = "ict", _("ICT-systemen")
    PROCEDURE = "procedure", _("Rigide procedure")
    OTHER_ACTOR = "other_actor", _("Een andere actor")
    OTHER = "other", _("Andere")


class FailureDemand(CaseScoped):
    """A demand caused by failing to do something (right): avoidable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="failure_demands")
    occurred_on = models.DateField(_("datum"))
    description = models.TextField(_("wat gebeurde er?"))
    cause = models.CharField(_("vermoedelijke oorzaak"), max_length=16, choices=FailureCause.choices)
    system_condition = models.CharField(
        _("systeemvoorwaarde"), max_length=16, choices=SystemCondition.choices, blank=True
    )
    limiting_assumptions = models.TextField(_("beperkende aannames"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-occurred_on", "-pk"]
        verbose_name = _("faalvraag")
        verbose_name_plural = _("faalvragen")
        indexes = [models.Index(fields=["case", "occurred_on"], name="failure_case_idx")]

    def __str__(self):
        return str(_("Faalvraag van %(date)s")) % {"date": self.occurred_on}


class Helped(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Gedeeltelijk")
    NO = "no", _("Nee")
    UNKNOWN = "unknown", _("Nog niet gekend")


class Action(CaseScoped):
    """Something done for the case, judged from the participant's perspective."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    done_on = models.DateField(_("datum"))
    description = models.TextField(_("actie"))
    value_step = models.ForeignKey(
        ValueStep, verbose_name=_("waardestap"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="actions",
    )
    value_demands = models.ManyToManyField(
        ValueDemand, verbose_name=_("waardevragen"), related_name="actions", blank=True
    )
    helped = models.CharField(
        _("hielp het, volgens de deelnemer?"), max_length=16, choices=Helped.choices, default=Helped.UNKNOWN
    )
    observation = models.TextField(_("observatie"), blank=True)
    participant_words = models.TextField(_("woorden van de deelnemer"), blank=True)
    is_waste = models.BooleanField(_("verspilling"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-done_on", "-pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        indexes = [models.Index(fields=["case", "done_on"], name="action_case_idx")]

    def __str__(self):
        return str(_("Actie van %(date)s")) % {"date": self.done_on}


class Channel(models.TextChoices):
    VISIT = "visit", _("Huisbezoek")
    OFFICE = "office", _("Op kantoor")
    PHONE = "phone", _("Telefoon")
    MESSAGE = "message", _("WhatsApp, sms of sociale media")
    EMAIL = "email", _("E-mail")
    OUTREACH = "outreach", _("Vindplaats (op locatie)")


class Interaction(CaseScoped):
    """A substantive contact: when, with whom, how, how long."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interactions")
    occurred_at = models.DateTimeField(_("datum en tijd"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("wie"), on_delete=models.SET_NULL, null=True,
        related_name="interactions",
    )
    with_whom = models.CharField(_("met wie"), max_length=200, blank=True)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    note = models.CharField(_("korte notitie"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-occurred_at", "-pk"]
        verbose_name = _("interactie")
        verbose_name_plural = _("interacties")
        indexes = [models.Index(fields=["case", "occurred_at"], name="interaction_case_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=1440), name="interaction_duration"
            ),
        ]

    def __str__(self):
        return str(_("Interactie van %(date)s")) % {"date": self.occurred_at.date() if self.occurred_at else ""}


class Consultation(models.Model):
    """A multidisciplinary case consultation (casusoverleg)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField(_("datum"))
    follow_up_actions = models.TextField(_("opvolgacties"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self):
        return str(_("Casusoverleg van %(date)s")) % {"date": self.held_on}


class ConsultationAttendee(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisatie"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    partnership_path = "consultation__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "name"]
        verbose_name = _("deelnemer aan het casusoverleg")
        verbose_name_plural = _("deelnemers aan het casusoverleg")

    def __str__(self):
        return self.name


class ConsultationCase(CaseScoped):
    """A case discussed in a consultation, with its conclusions."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="discussed")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    conclusions = models.TextField(_("conclusies"))
    follow_up = models.TextField(_("opvolgacties voor deze casus"), blank=True)

    class Meta:
        ordering = ["consultation", "pk"]
        verbose_name = _("besproken casus")
        verbose_name_plural = _("besproken casussen")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "case"], name="case_once_per_consultation"),
        ]

    def __str__(self):
        return str(_("Besproken op casusoverleg"))


class OutcomeKind(models.TextChoices):
    WORK = "work", _("Werk")
    TRAINING = "training", _("Opleiding")
    REGULAR_TRAJECTORY = "regular_trajectory", _("Ander regulier traject")
    ART60 = "art60", _("Tewerkstelling art. 60")
    VOLUNTEERING = "volunteering", _("Vrijwilligerswerk")
    DAY_ACTIVITIES = "day_activities", _("Dagbesteding / vrije tijd")
    RIGHTS = "rights", _("Rechten in orde")
    HOUSING = "housing", _("Huisvesting")
    WELLBEING = "wellbeing", _("Welzijn")
    SELF_CONFIDENCE = "self_confidence", _("Zelfvertrouwen")
    OTHER = "other", _("Andere vooruitgang")


WORK_OUTCOMES = {OutcomeKind.WORK, OutcomeKind.TRAINING, OutcomeKind.REGULAR_TRAJECTORY, OutcomeKind.ART60,
                 OutcomeKind.VOLUNTEERING, OutcomeKind.DAY_ACTIVITIES}


class Outcome(CaseScoped):
    """Outflow (uitstroom) or non-work progress, with its date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("soort"), max_length=24, choices=OutcomeKind.choices)
    achieved_on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-achieved_on", "-pk"]
        verbose_name = _("uitstroom of vooruitgang")
        verbose_name_plural = _("uitstroom en vooruitgang")
        indexes = [models.Index(fields=["kind", "achieved_on"], name="outcome_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.achieved_on})"

    @property
    def is_outflow(self) -> bool:
        return self.kind in WORK_OUTCOMES


class EmploymentPeriod(CaseScoped):
    """A period of work; Dimona-verified periods count for the ESF 'work' definition."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="employment_periods")
    employer = models.CharField(_("werkgever"), max_length=200, blank=True)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True, help_text=_("Leeg: loopt nog."))
    dimona_verified = models.BooleanField(_("geverifieerd in Dimona"), default=False)
    verified_on = models.DateField(_("geverifieerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "start_date", "pk"]
        verbose_name = _("tewerkstellingsperiode")
        verbose_name_plural = _("tewerkstellingsperiodes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
        ]

    def __str__(self):
        return str(_("Tewerkstelling vanaf %(date)s")) % {"date": self.start_date}


class LadderStep(CaseScoped):
    """Participation ladder step (1-6) over time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ladder_steps")
    step = models.PositiveSmallIntegerField(
        _("trede (1-6)"), choices=rules.LADDER_STEPS, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    measured_at = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["case", "measured_at", "pk"]
        verbose_name = _("trede op de participatieladder")
        verbose_name_plural = _("treden op de participatieladder")
        indexes = [models.Index(fields=["case", "measured_at"], name="ladder_case_measured_idx")]
        constraints = [models.CheckConstraint(condition=Q(step__gte=1) & Q(step__lte=6), name="ladder_step_1_6")]

    def __str__(self):
        return str(_("Trede %(step)s")) % {"step": self.step}


class EmpowermentMeasurement(CaseScoped):
    """An empowerment measure: a baseline at the start, then repeats."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="empowerment_measurements")
    measured_at = models.DateField(_("datum"))
    is_baseline = models.BooleanField(_("nulmeting"), default=False)
    instrument = models.CharField(_("instrument"), max_length=100, default="Empowermentschaal")
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(rules.EMPOWERMENT_MIN), MaxValueValidator(rules.EMPOWERMENT_MAX)],
        help_text=_("Op 100."),
    )
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["case", "measured_at", "pk"]
        verbose_name = _("empowermentmeting")
        verbose_name_plural = _("empowermentmetingen")
        indexes = [models.Index(fields=["case", "measured_at"], name="empower_case_measured_idx")]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(is_baseline=True), name="one_baseline_per_case"),
        ]

    def __str__(self):
        return str(_("Empowermentmeting van %(date)s")) % {"date": self.measured_at}


class FollowUp(CaseScoped):
    """The quarterly follow-up of an open case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    done_on = models.DateField(_("datum"))
    note = models.TextField(_("stand van zaken"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["case", "-done_on", "-pk"]
        verbose_name = _("driemaandelijkse opvolging")
        verbose_name_plural = _("driemaandelijkse opvolgingen")
        indexes = [models.Index(fields=["case", "done_on"], name="followup_case_idx")]

    def __str__(self):
        return str(_("Opvolging van %(date)s")) % {"date": self.done_on}


class Note(CaseScoped):
    """A note; a sensitive one (special categories) only for the case's coaches."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notitie"))
    is_sensitive = models.BooleanField(
        _("gevoelig (bijzondere categorie)"), default=False,
        help_text=_("Gezondheid, verslaving, …: alleen zichtbaar voor de coaches van deze casus."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-created_at", "-pk"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        indexes = [models.Index(fields=["case", "created_at"], name="note_case_idx")]

    def __str__(self):
        return str(_("Notitie"))


# The audit trail: every change of case data, with the national number masked.
audited(Participant, mask_fields=["national_number"], mask_callable="cases.rules.mask_for_audit")
# Who was added to or removed from a case (and its personas) is part of the trail too.
audited(Case, m2m_fields={"participants", "personas"})
for _model in (CaseWorker, PurposeVersion, ScaleScore, ValueDemand, ValueReading, FailureDemand, Action,
               Interaction, Consultation, ConsultationCase, Outcome, EmploymentPeriod, LadderStep,
               EmpowermentMeasurement, FollowUp, Note):
    audited(_model)


class SubjectAccessExport(CaseScoped):
    """A requested PDF of everything held on a case (subject-access request).

    Rendered by a Celery task on the "pdf" queue (never in a request). The row
    exists before the task is sent; the task claims it with a conditional
    UPDATE, so a re-delivery is harmless. The file holds personal data: it is
    deleted when the case is anonymised."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="cases/exports/", blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("inzage-export")
        verbose_name_plural = _("inzage-exports")

    def __str__(self):
        return str(_("Inzage-export %(date)s")) % {"date": self.requested_at}


audited(SubjectAccessExport, exclude_fields=["file"])
