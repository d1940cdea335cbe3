"""Organisations, people, partnerships and the roles people hold in them.

A person is a Django user that belongs to an organisation. What a person may see
and do is decided by their memberships: one row per (partnership, person, role).
See access.py for the one place that turns memberships into scoped querysets.
"""

import uuid
from datetime import date

from auditlog.models import AbstractLogEntry
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .access import PartnershipScopedQuerySet

# Projects of the call run within 2024-2029, at most six years.
PROGRAMME_START = date(2024, 1, 1)
PROGRAMME_END = date(2029, 12, 31)
MAX_PROJECT_YEARS = 6


class Organisation(models.Model):
    class Kind(models.TextChoices):
        VDAB = "vdab", _("VDAB")
        LOCAL_GOVERNMENT = "local_government", _("Lokaal bestuur")
        PARTNER = "partner", _("Partnerorganisatie")
        SUPPORT = "support", _("Ondersteunende organisatie")
        ESF_MANAGER = "esf_manager", _("ESF-beheerder (Europa WSE)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices, default=Kind.PARTNER)
    enterprise_number = models.CharField(_("ondernemingsnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person: signs in, belongs to one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["first_name", "last_name"]

    def __str__(self):
        return self.get_full_name() or self.username


class WorkArea(models.Model):
    """A werkingsgebied: the municipalities one partnership serves."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    municipalities = models.TextField(
        _("gemeenten"), help_text=_("Eén gemeente per regel."), blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("werkingsgebied")
        verbose_name_plural = _("werkingsgebieden")

    def __str__(self):
        return self.name

    @property
    def municipality_list(self) -> list[str]:
        return [line.strip() for line in self.municipalities.splitlines() if line.strip()]


class Partnership(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    work_area = models.ForeignKey(
        WorkArea, verbose_name=_("werkingsgebied"), on_delete=models.PROTECT, related_name="partnerships"
    )
    pen_holder = models.ForeignKey(
        Organisation,
        verbose_name=_("penhouder"),
        on_delete=models.PROTECT,
        related_name="pen_holder_of",
    )
    project_number = models.CharField(_("projectnummer"), max_length=40, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"))
    shared_purpose = models.TextField(_("gedeelde bedoeling"), blank=True)
    principles = models.TextField(_("principes"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="PartnerOrganisation", related_name="partnerships", blank=True
    )

    # Access: a partnership is scoped by its own primary key.
    partnership_path = "pk"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="partnership_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.start_date and self.start_date < PROGRAMME_START:
            errors["start_date"] = _("Een project start ten vroegste op 01/01/2024.")
        if self.end_date and self.end_date > PROGRAMME_END:
            errors["end_date"] = _("Een project loopt ten laatste tot 31/12/2029.")
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                errors["end_date"] = _("De einddatum moet na de startdatum liggen.")
            elif "end_date" not in errors:
                try:
                    limit = self.start_date.replace(year=self.start_date.year + MAX_PROJECT_YEARS)
                except ValueError:  # 29 February
                    limit = date(self.start_date.year + MAX_PROJECT_YEARS, 3, 1)
                if self.end_date >= limit:
                    errors["end_date"] = _("Een project duurt ten hoogste 6 jaar.")
        if errors:
            raise ValidationError(errors)


class PartnerOrganisation(models.Model):
    """An organisation that is a member of a partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    role_description = models.CharField(_("rol in het partnerschap"), max_length=300, blank=True)
    joined_on = models.DateField(_("lid sinds"), null=True, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.partnership}"


class Role(models.TextChoices):
    """Roles a person holds in a partnership (DOMAIN.md, "Who uses it")."""

    COACH = "coach", _("Coach")
    EXPERT = "expert", _("Expert")
    TEAM_COACH = "team_coach", _("Meewerkende teamcoach")
    COORDINATOR = "coordinator", _("Coördinator / regisseur")
    BOARD_MEMBER = "board_member", _("Lid bestuursraad")
    QUALITY_COACH = "quality_coach", _("Kwaliteitscoach")


class Membership(models.Model):
    """A person holds a role in a partnership; several roles are several rows."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerschap"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        User, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    fte = models.DecimalField(
        _("VTE"), max_digits=4, decimal_places=2, null=True, blank=True,
        help_text=_("Voltijdse equivalenten voor deze rol, bv. 0,50."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "user__first_name", "role"]
        verbose_name = _("rol in partnerschap")
        verbose_name_plural = _("rollen in partnerschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user", "role"], name="one_row_per_role"
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | (Q(fte__gte=0) & Q(fte__lte=1)),
                name="fte_between_0_and_1",
            ),
        ]
        indexes = [models.Index(fields=["user", "partnership"], name="membership_user_idx")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.partnership}"


class AuditEntry(AbstractLogEntry):
    """Auditlog's log entry, plus the partnership it belongs to.

    ``partnership_id`` is a plain integer, not a foreign key: the trail outlives
    what it describes, and the coordinator reads it per partnership (indexed).
    It is filled from the audited model's ``get_additional_data()``.
    """

    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        indexes = [models.Index(fields=["partnership_id", "-timestamp"], name="audit_partnership_ts")]

    def save(self, *args, **kwargs):
        if self.partnership_id is None and isinstance(self.additional_data, dict):
            self.partnership_id = self.additional_data.get("partnership_id")
        super().save(*args, **kwargs)


# Governance models (board meetings, decisions, issues, initiatives, …) belong
# to this app too; they live in their own module.
from .governance.models import *  # noqa: E402,F401,F403
