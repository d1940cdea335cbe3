"""Governance of a partnership: board and team meetings with decisions,
agreements, escalated issues, improvement initiatives, composition changes,
the right to challenge, the collaboration model and milestones.

App label ``partnerships`` (imported at the bottom of partnerships/models.py).
Every model is scoped to a partnership through ``PartnershipScopedQuerySet``;
child rows name the path to their partnership in ``partnership_path``.
Rules without a database live in rules.py; writes go through services.py.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..access import PartnershipScopedQuerySet
from ..audit import audited
from . import rules

__all__ = [
    "PdfStatus", "Meeting", "MeetingAttendance", "AgendaItem", "Decision", "Objection", "Agreement", "Issue",
    "Initiative", "InitiativeIteration", "InitiativeNotice", "CompositionChange", "GovernanceSettings",
    "Challenge", "CollaborationAgreement", "FacetStatus", "HybridTension", "DistributionKey",
    "DistributionShare", "Milestone",
]

USER = settings.AUTH_USER_MODEL


def _code():
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


def _partnership_fk(related_name):
    return models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("partnerschap"), on_delete=models.CASCADE,
        related_name=related_name,
    )


# --- Meetings ------------------------------------------------------------------


class PdfStatus(models.TextChoices):
    NONE = "none", _("Nog niet aangemaakt")
    QUEUED = "queued", _("In de wachtrij")
    RENDERING = "rendering", _("Wordt aangemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


@audited
class Meeting(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", _("Bestuursraad")
        FIELD_TEAM = "field_team", _("Teamoverleg (samenwerkers op het terrein)")

    code = _code()
    partnership = _partnership_fk("meetings")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.BOARD)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    held_on = models.DateField(_("datum"))
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    # The minutes as PDF, rendered by a Celery task (tasks.render_minutes).
    minutes_pdf = models.FileField(_("verslag (pdf)"), upload_to="governance/minutes/", blank=True)
    minutes_pdf_status = models.CharField(max_length=16, choices=PdfStatus.choices, default=PdfStatus.NONE)
    minutes_pdf_requested_at = models.DateTimeField(null=True, blank=True)
    minutes_pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        # The meeting list filters on kind and sorts on date per partnership.
        indexes = [models.Index(fields=["partnership", "kind", "-held_on"], name="gov_meeting_list_idx")]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


@audited
class MeetingAttendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("Aanwezig")
        APOLOGISED = "apologised", _("Verontschuldigd")
        ABSENT = "absent", _("Afwezig")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(USER, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+")
    presence = models.CharField(_("aanwezigheid"), max_length=16, choices=Presence.choices)

    partnership_path = "meeting__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="gov_one_attendance_per_person")]

    def __str__(self):
        return f"{self.user} – {self.get_presence_display()}"


@audited
class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("agendapunt"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    added_by = models.ForeignKey(
        USER, verbose_name=_("toegevoegd door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issue = models.ForeignKey(
        "Issue", verbose_name=_("kwestie"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agenda_items",
    )
    initiative = models.ForeignKey(
        "Initiative", verbose_name=_("verbeterinitiatief"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agenda_items",
    )

    partnership_path = "meeting__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self):
        return self.title


# --- Decisions -----------------------------------------------------------------


@audited
class Decision(models.Model):
    Method = rules.Method

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorstel")
        ADOPTED = "adopted", _("Aangenomen")
        REJECTED = "rejected", _("Niet aangenomen")

    code = _code()
    partnership = _partnership_fk("decisions")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agendapunt"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="decisions",
    )
    title = models.CharField(_("onderwerp"), max_length=200)
    proposal = models.TextField(_("voorstel"))
    method = models.CharField(_("besluitvormingsmethode"), max_length=16, choices=rules.Method.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    votes_for = models.PositiveSmallIntegerField(_("stemmen voor"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("stemmen tegen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("onthoudingen"), null=True, blank=True)
    rationale = models.TextField(_("motivering / leerpunt"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        indexes = [models.Index(fields=["partnership", "status", "-decided_on"], name="gov_decision_log_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decided_on__isnull=False), name="gov_decided_has_date"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED


@audited
class Objection(models.Model):
    """A reasoned objection in a consent round, and how it was resolved."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objections")
    round = models.PositiveSmallIntegerField(_("ronde"), default=1, validators=[MinValueValidator(1)])
    raised_by = models.ForeignKey(
        USER, verbose_name=_("ingebracht door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasoning = models.TextField(_("beargumentering van het bezwaar"))
    resolution = models.TextField(_("hoe het bezwaar werd opgelost"), blank=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    partnership_path = "decision__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "round", "created_at", "pk"]
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution=""), name="gov_resolved_objection_says_how"
            ),
        ]

    def __str__(self):
        return self.reasoning[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


@audited
class Agreement(models.Model):
    """An afspraak: who does what by when."""

    code = _code()
    partnership = _partnership_fk("agreements")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("vergadering"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agreements",
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("besluit"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="agreements",
    )
    description = models.CharField(_("afspraak"), max_length=300)
    owner = models.ForeignKey(USER, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("uiterlijk op"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        # The open/overdue overview: open agreements of a partnership by due date.
        indexes = [models.Index(fields=["partnership", "done_on", "due_on"], name="gov_agreement_open_idx")]

    def __str__(self):
        return self.description


# --- Escalated issues ----------------------------------------------------------


@audited
class Issue(models.Model):
    """A kwestie the field team cannot solve at its own level."""

    Status = rules.IssueStatus

    code = _code()
    partnership = _partnership_fk("issues")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    why_team_cannot_solve = models.TextField(_("waarom het team dit niet zelf kan oplossen"))
    raised_by = models.ForeignKey(USER, verbose_name=_("aangekaart door"), on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(_("aangekaart op"))
    last_raised_on = models.DateField(_("laatst opnieuw aangekaart op"))
    status = models.CharField(_("status"), max_length=16, choices=rules.IssueStatus.choices, default="open")
    responsible = models.ForeignKey(
        USER, verbose_name=_("verantwoordelijk bestuurslid"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    handling = models.TextField(_("aanpak door de bestuursraad"), blank=True)
    escalated_further_to = models.CharField(
        _("verder geëscaleerd naar"), max_length=200, blank=True,
        help_text=_("Bv. het directiecomité van de eigen organisatie."),
    )
    feedback_due_on = models.DateField(_("terugkoppeling verwacht tegen"), null=True, blank=True)
    feedback = models.TextField(_("terugkoppeling aan het team"), blank=True)
    feedback_given_on = models.DateField(_("teruggekoppeld op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    # Reminder mails (reminders.py): the feedback date / last raising a mail went out for,
    # so a daily run mails once per overdue date and once per 30 days without raising.
    feedback_reminded_for = models.DateField(null=True, blank=True, editable=False)
    raise_again_reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("kwestie")
        verbose_name_plural = _("kwesties")
        indexes = [
            models.Index(fields=["partnership", "status", "-raised_on"], name="gov_issue_list_idx"),
            # "overdue feedback": open issues whose feedback date has passed.
            models.Index(fields=["partnership", "feedback_due_on"], name="gov_issue_feedback_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(feedback="") & Q(closed_on__isnull=False)),
                name="gov_closed_issue_has_feedback",
            ),
        ]

    def __str__(self):
        return self.title


# --- Improvement initiatives ---------------------------------------------------


@audited
class Initiative(models.Model):
    """A verbeterinitiatief (experiment)."""

    Status = rules.InitiativeStatus

    code = _code()
    partnership = _partnership_fk("initiatives")
    title = models.CharField(_("titel"), max_length=200)
    waste_or_failure_demand = models.TextField(_("verspilling of faalvraag"))
    cause = models.TextField(_("oorzaak"))
    failure_demand_reference = models.CharField(
        _("verwijzing naar faalvragen in casussen"), max_length=300, blank=True,
        help_text=_("Bv. de soort faalvraag zoals ze in de casussen geregistreerd wordt."),
    )
    failure_demands = models.ManyToManyField(
        "cases.FailureDemand", verbose_name=_("faalvragen"), blank=True, related_name="initiatives",
    )
    rationale = models.TextField(_("waarom en hoe het initiatief helpt"))
    requirements = models.TextField(_("vereisten om te starten"), blank=True)
    needs_new_competences = models.BooleanField(_("vraagt nieuwe competenties"), default=False)
    needs_new_partner = models.BooleanField(_("vraagt een nieuwe partner"), default=False)
    evaluation_method = models.TextField(_("hoe het geëvalueerd wordt"))
    pilot_group = models.CharField(_("kleine pilootgroep"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=rules.InitiativeStatus.choices, default="proposed"
    )
    proposed_by = models.ForeignKey(
        USER, verbose_name=_("voorgesteld door"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("voorgesteld op"))
    consent_decision = models.ForeignKey(
        Decision, verbose_name=_("consentbesluit van het team"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    board_discussion = models.TextField(_("bespreking op de bestuursraad"), blank=True)
    shared_on = models.DateField(_("gedeeld met de andere partnerschappen op"), null=True, blank=True)
    piloting_since = models.DateField(_("piloot gestart op"), null=True, blank=True)
    evaluation = models.TextField(_("evaluatie"), blank=True)
    closed_on = models.DateField(_("verbreed of gestopt op"), null=True, blank=True)
    outcome_reason = models.TextField(_("reden van verbreden of stoppen"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("verbeterinitiatief")
        verbose_name_plural = _("verbeterinitiatieven")
        indexes = [
            models.Index(fields=["partnership", "status"], name="gov_initiative_status_idx"),
            models.Index(fields=["shared_on"], name="gov_initiative_shared_idx"),
        ]

    def __str__(self):
        return self.title


@audited
class InitiativeIteration(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="iterations")
    number = models.PositiveSmallIntegerField(_("iteratie"))
    description = models.TextField(_("wat we uitprobeerden"))
    learnings = models.TextField(_("wat we leerden"), blank=True)
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("afgerond op"), null=True, blank=True)

    partnership_path = "initiative__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "number"]
        verbose_name = _("iteratie")
        verbose_name_plural = _("iteraties")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="gov_one_iteration_number"),
        ]

    def __str__(self):
        return f"{self.initiative} #{self.number}"


class InitiativeNotice(models.Model):
    """In-app notice to a coordinator of another partnership: an initiative was shared."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="initiative_notices")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding gedeeld initiatief")
        verbose_name_plural = _("meldingen gedeelde initiatieven")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "recipient"], name="gov_one_notice_per_recipient"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="gov_notice_unread_idx")]


# --- Composition and the right to challenge -------------------------------------


@audited
class CompositionChange(models.Model):
    class Kind(models.TextChoices):
        JOIN = "join", _("Partner treedt toe")
        LEAVE = "leave", _("Partner treedt vrijwillig uit")
        RELEASE = "release", _("Partner wordt losgelaten")
        SUBCONTRACT = "subcontract", _("Partner gaat over naar onderaanneming")

    code = _code()
    partnership = _partnership_fk("composition_changes")
    organisation = models.ForeignKey(
        "partnerships.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort wijziging"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("ingangsdatum"))
    decision = models.ForeignKey(
        Decision, verbose_name=_("besluit van de bestuursraad"), on_delete=models.PROTECT, related_name="+"
    )
    learning = models.TextField(_("leerpunt dat de wijziging motiveert"))
    role_description = models.CharField(_("rol in het partnerschap"), max_length=300, blank=True)
    applied_at = models.DateTimeField(_("doorgevoerd op"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("wijziging van de samenstelling")
        verbose_name_plural = _("wijzigingen van de samenstelling")
        indexes = [models.Index(fields=["applied_at", "effective_on"], name="gov_composition_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation}"


class GovernanceSettings(models.Model):
    """Per-partnership settings of governance (the right-to-challenge period)."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="governance_settings"
    )
    challenge_after_months = models.PositiveSmallIntegerField(
        _("recht om uit te dagen opent na (maanden)"), default=rules.DEFAULT_CHALLENGE_AFTER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestuursinstellingen")
        verbose_name_plural = _("bestuursinstellingen")


@audited
class Challenge(models.Model):
    """A "right to challenge": an actor claims added value and asks to enter."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("In behandeling")
        ACCEPTED = "accepted", _("Aanvaard")
        REJECTED = "rejected", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    code = _code()
    partnership = _partnership_fk("challenges")
    challenger = models.CharField(_("uitdager (organisatie)"), max_length=200)
    lodged_on = models.DateField(_("ingediend op"))
    claimed_added_value = models.TextField(_("toegevoegde waarde die de uitdager wil aantonen"))
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("toelichting bij de uitkomst"), blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("besluit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-lodged_on", "-pk"]
        verbose_name = _("uitdaging")
        verbose_name_plural = _("uitdagingen")

    def __str__(self):
        return self.challenger


# --- Collaboration model (blended business models) -------------------------------


@audited
class CollaborationAgreement(models.Model):
    """A samenwerkingsovereenkomst within the partnership (usually one)."""

    code = _code()
    partnership = _partnership_fk("collaboration_agreements")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("samenwerkingsovereenkomst")
        verbose_name_plural = _("samenwerkingsovereenkomsten")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="gov_agreement_name_unique"),
        ]

    def __str__(self):
        return self.name


@audited
class FacetStatus(models.Model):
    Facet = rules.Facet
    Status = rules.FacetState

    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(_("facet"), max_length=24, choices=rules.Facet.choices)
    status = models.CharField(_("status"), max_length=16, choices=rules.FacetState.choices, default="to_address")
    strengths = models.TextField(_("sterke punten"), blank=True)
    attention_points = models.TextField(_("aandachtspunten"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    partnership_path = "agreement__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "facet"]
        verbose_name = _("status van een facet")
        verbose_name_plural = _("status van de facetten")
        constraints = [models.UniqueConstraint(fields=["agreement", "facet"], name="gov_one_status_per_facet")]

    def __str__(self):
        return f"{self.get_facet_display()}: {self.get_status_display()}"


@audited
class HybridTension(models.Model):
    Domain = rules.TensionDomain
    CanvasBlock = rules.CanvasBlock

    code = _code()
    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="tensions")
    domain = models.CharField(_("domein"), max_length=24, choices=rules.TensionDomain.choices)
    canvas_block = models.CharField(_("bouwsteen van het canvas"), max_length=24, choices=rules.CanvasBlock.choices)
    title = models.CharField(_("spanning"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    handling = models.TextField(_("hoe we ermee omgaan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    partnership_path = "agreement__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "canvas_block", "pk"]
        verbose_name = _("hybride spanning")
        verbose_name_plural = _("hybride spanningen")

    def __str__(self):
        return self.title


@audited
class DistributionKey(models.Model):
    """A verdeelsleutel of costs and/or revenues, valid from a date; older keys stay as history."""

    class AppliesTo(models.TextChoices):
        COSTS_AND_REVENUES = "both", _("Kosten en opbrengsten")
        COSTS = "costs", _("Kosten")
        REVENUES = "revenues", _("Opbrengsten")

    code = _code()
    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="distribution_keys")
    applies_to = models.CharField(_("geldt voor"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.COSTS_AND_REVENUES)
    valid_from = models.DateField(_("geldig vanaf"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    partnership_path = "agreement__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "applies_to", "-valid_from"]
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "applies_to", "valid_from"], name="gov_one_key_per_start_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_applies_to_display()} {self.valid_from:%d/%m/%Y}"


@audited
class DistributionShare(models.Model):
    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "partnerships.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    percentage = models.DecimalField(
        _("aandeel (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100.00"))],
    )

    partnership_path = "key__agreement__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-percentage", "organisation__name"]
        verbose_name = _("aandeel in de verdeelsleutel")
        verbose_name_plural = _("aandelen in de verdeelsleutel")
        constraints = [
            models.UniqueConstraint(fields=["key", "organisation"], name="gov_one_share_per_organisation"),
            models.CheckConstraint(
                condition=Q(percentage__gt=0) & Q(percentage__lte=100), name="gov_share_between_0_and_100"
            ),
        ]


# --- Milestones ------------------------------------------------------------------


@audited
class Milestone(models.Model):
    class Period(models.TextChoices):
        TOWARDS_START = "towards_start", _("Richting de opstart")
        FIRST_TWO_QUARTERS = "first_quarters", _("Eerste twee kwartalen")
        FIRST_YEAR = "first_year", _("Eerste projectjaar")
        LATER = "later", _("Later")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        IN_PROGRESS = "in_progress", _("Bezig")
        DONE = "done", _("Gehaald")
        DROPPED = "dropped", _("Geschrapt")

    code = _code()
    partnership = _partnership_fk("milestones")
    period = models.CharField(_("periode"), max_length=16, choices=Period.choices)
    title = models.CharField(_("mijlpaal"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    planned_on = models.DateField(_("gepland tegen"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("gehaald op"), null=True, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="gov_done_milestone_has_date"
            ),
        ]

    def __str__(self):
        return self.title
