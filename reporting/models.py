"""ESF reporting: the call's parameters, budgets per project year, quarterly
report jobs, and content-report questionnaires (templates as data).

Money is ``DecimalField`` (cents), never float; the computation itself lives
in budget.py and works on plain data."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.files import validate_document
from partnerships.access import PartnershipScopedQuerySet
from partnerships.audit import audited
from partnerships.models import Partnership

from . import budget as rules
from .periods import Quarter

STRAND_CHOICES = [(rules.OPERATION, _("Werking")), (rules.SUPPORT, _("Ondersteuning"))]
SOURCE_CHOICES = [
    (rules.LOCAL_GOVERNMENT, _("Lokaal bestuur")),
    (rules.VDAB_STAFF, _("VDAB personeel")),
    (rules.VDAB_BUDGET, _("VDAB budget")),
    (rules.OTHER, _("Andere")),
]
STATUS_CHOICES = [(rules.EMPLOYED, _("Reeds in dienst")), (rules.TO_HIRE, _("Nog aan te werven"))]
FINANCING_LABELS = {
    "esf": _("ESF"),
    "vcf": _("VCF"),
    "local_government": _("Lokaal bestuur"),
    "vdab": _("VDAB"),
    "other": _("Andere"),
}

STALE_AFTER_SECONDS = 10 * 60  # a quarterly report renders in seconds (benchmarks/quarterly_report.py)

PERCENT = dict(max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)])
MONEY = dict(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])


@audited
class EsfCall(models.Model):
    """A call (oproep) and its parameters; editable by an administrator."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    is_default = models.BooleanField(_("standaardoproep"), default=False)
    sut_factor = models.DecimalField(_("SUT-factor"), max_digits=7, decimal_places=5, default=rules.DEFAULT_SUT_FACTOR,
                                     validators=[MinValueValidator(Decimal("0.00001"))])
    flat_rate_percent = models.DecimalField(_("forfait (%)"), default=rules.DEFAULT_FLAT_RATE_PERCENT, **PERCENT)
    operation_esf = models.DecimalField(_("werking: ESF (%)"), default=40, **PERCENT)
    operation_vcf = models.DecimalField(_("werking: VCF (%)"), default=30, **PERCENT)
    operation_local_government = models.DecimalField(_("werking: lokaal bestuur (%)"), default=15, **PERCENT)
    operation_vdab = models.DecimalField(_("werking: VDAB (%)"), default=15, **PERCENT)
    operation_other = models.DecimalField(_("werking: andere (%)"), default=0, **PERCENT)
    support_esf = models.DecimalField(_("ondersteuning: ESF (%)"), default=60, **PERCENT)
    support_vcf = models.DecimalField(_("ondersteuning: VCF (%)"), default=30, **PERCENT)
    support_local_government = models.DecimalField(_("ondersteuning: lokaal bestuur (%)"), default=0, **PERCENT)
    support_vdab = models.DecimalField(_("ondersteuning: VDAB (%)"), default=10, **PERCENT)
    support_other = models.DecimalField(_("ondersteuning: andere (%)"), default=0, **PERCENT)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ESF-oproep")
        verbose_name_plural = _("ESF-oproepen")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_call"),
        ]

    def __str__(self):
        return self.name

    def nominal_shares(self) -> dict[str, dict[str, Decimal]]:
        return {
            strand: {key: getattr(self, f"{strand}_{key}") for key in rules.FINANCING_KEYS}
            for strand in rules.STRANDS
        }

    def parameters(self) -> dict:
        return {"sut_factor": self.sut_factor, "flat_rate_percent": self.flat_rate_percent,
                "nominal": self.nominal_shares()}


@audited
class Budget(models.Model):
    """The budget and financing form of one partnership for one project year."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnerschap"), on_delete=models.CASCADE,
                                    related_name="budgets")
    call = models.ForeignKey(EsfCall, verbose_name=_("oproep"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("projectjaar"), validators=[MinValueValidator(2024), MaxValueValidator(2029)])
    vcf_operation = models.DecimalField(_("VCF werking"), default=0, **MONEY)
    vcf_support = models.DecimalField(_("VCF ondersteuning"), default=0, **MONEY)
    limburg_transition = models.BooleanField(_("Limburg transitieregio van toepassing"), default=False)
    separate_accounting = models.BooleanField(_("Aparte boekhouding of analytische code"), default=False)
    contracting_authority = models.BooleanField(_("Aanbestedende overheid"), default=False)
    purchases_over_30k = models.BooleanField(_("Aankopen boven 30.000 euro excl. btw verwacht"), default=False)
    purchases_over_140k = models.BooleanField(_("Aankopen boven 140.000 euro excl. btw verwacht"), default=False)
    purchases_over_215k = models.BooleanField(_("Aankopen boven 215.000 euro excl. btw verwacht"), default=False)
    procurement_purpose = models.TextField(_("Voorwerp van de aankopen"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "year"]
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_budget_per_year"),
            models.CheckConstraint(condition=Q(vcf_operation__gte=0) & Q(vcf_support__gte=0), name="budget_vcf_not_negative"),
        ]

    def __str__(self):
        return f"{self.partnership} – {self.year}"

    def to_input(self) -> rules.BudgetInput:
        """Plain data for budget.compute (uses prefetched lines when present)."""
        return rules.BudgetInput(
            personnel=[
                rules.PersonnelRow(strand=l.strand, status=l.status, function=l.function,
                                   monthly_gross=l.monthly_gross, hours=l.hours, activity=l.activity)
                for l in self.personnel_lines.all()
            ],
            cofinancing=[
                rules.CofinancingRow(strand=l.strand, source=l.source, person_bound=l.person_bound,
                                     amount=l.amount, description=l.description)
                for l in self.cofinancing_lines.all()
            ],
            vcf={rules.OPERATION: self.vcf_operation, rules.SUPPORT: self.vcf_support},
            sut_factor=self.call.sut_factor,
            flat_rate_percent=self.call.flat_rate_percent,
        )


@audited
class PersonnelLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="personnel_lines")
    position = models.PositiveSmallIntegerField(default=0)
    strand = models.CharField(_("luik"), max_length=16, choices=STRAND_CHOICES)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=rules.TO_HIRE)
    function = models.CharField(_("functie"), max_length=200)
    monthly_gross = models.DecimalField(_("bruto maandloon"), max_digits=10, decimal_places=2,
                                        validators=[MinValueValidator(0)])
    hours = models.DecimalField(_("projecturen"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    activity = models.CharField(_("activiteit"), max_length=300, blank=True)

    partnership_path = "budget__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "position", "pk"]
        verbose_name = _("projectpersoneel")
        verbose_name_plural = _("projectpersoneel")
        constraints = [
            models.CheckConstraint(condition=Q(monthly_gross__gte=0) & Q(hours__gte=0), name="personnel_not_negative"),
        ]

    def __str__(self):
        return self.function


@audited
class CofinancingLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="cofinancing_lines")
    position = models.PositiveSmallIntegerField(default=0)
    strand = models.CharField(_("luik"), max_length=16, choices=STRAND_CHOICES)
    source = models.CharField(_("bron"), max_length=20, choices=SOURCE_CHOICES)
    person_bound = models.BooleanField(_("persoonsgebonden"), default=False)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    proof = models.FileField(_("bewijsstuk"), upload_to="reporting/proofs/%Y/", blank=True,
                             validators=[validate_document])

    partnership_path = "budget__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["budget", "position", "pk"]
        verbose_name = _("cofinanciering")
        verbose_name_plural = _("cofinanciering")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="cofinancing_not_negative")]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


@audited
class ReportJob(models.Model):
    """One requested quarterly ESF report (a version); rendered by a Celery task.

    The row exists before the task is sent: if the broker is down, ``sent_at``
    stays empty and the job is sent again later (``report_jobs_send_pending``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnerschap"), on_delete=models.CASCADE,
                                    related_name="report_jobs")
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    version = models.PositiveIntegerField(_("versie"), default=1)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("aangevraagd door"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("doorgegeven aan de wachtrij"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(_("reden"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(_("bestand"), upload_to="reporting/quarterly/", blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("kwartaalrapport")
        verbose_name_plural = _("kwartaalrapporten")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "quarter", "version"], name="one_report_per_version"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="report_quarter_1_to_4"),
        ]
        indexes = [
            models.Index(fields=["partnership", "-requested_at"], name="report_partnership_idx"),
            models.Index(fields=["status", "sent_at"], name="report_pending_idx"),
        ]

    def __str__(self):
        return f"{self.partnership} {self.period} v{self.version}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running far longer than a render takes (the worker may have died: the broker re-delivers)."""
        from django.utils import timezone

        return (self.status == self.Status.RUNNING and self.started_at is not None
                and (timezone.now() - self.started_at).total_seconds() > STALE_AFTER_SECONDS)

    def filename(self) -> str:
        return f"esf-kwartaalrapport-{self.year}-Q{self.quarter}-v{self.version}.pdf"


@audited
class QuestionnaireTemplate(models.Model):
    """A content-report questionnaire of a call: numbered questions, as data."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    call = models.ForeignKey(EsfCall, verbose_name=_("oproep"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="questionnaires")
    introduction = models.TextField(_("inleiding"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")

    def __str__(self):
        return self.name


@audited
class Question(models.Model):
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(_("nummer"), max_length=10)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("vraag"))
    help_text = models.TextField(_("toelichting"), blank=True)
    required = models.BooleanField(_("verplicht"), default=True)
    attachments_allowed = models.BooleanField(_("bijlagen toegestaan"), default=False)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="one_question_per_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


@audited
class QuestionnaireResponse(models.Model):
    """A partnership's answers to a questionnaire for a period: draft, then locked on submit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Ontwerp")
        SUBMITTED = "submitted", _("Ingediend")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnerschap"), on_delete=models.CASCADE,
                                    related_name="questionnaire_responses")
    template = models.ForeignKey(QuestionnaireTemplate, verbose_name=_("vragenlijst"), on_delete=models.PROTECT,
                                 related_name="responses")
    period = models.CharField(_("periode"), max_length=60, help_text=_("Bijvoorbeeld 2026 of fase 2."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # The PDF is rendered by a Celery task (never in a request) from the answers as of pdf_rendered_at.
    pdf = models.FileField(_("PDF"), upload_to="reporting/content/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inhoudelijke rapportering")
        verbose_name_plural = _("inhoudelijke rapporteringen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "template", "period"], name="one_response_per_period"),
        ]

    def __str__(self):
        return f"{self.template} – {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def pdf_is_current(self) -> bool:
        return bool(self.pdf) and self.pdf_rendered_at is not None and self.pdf_rendered_at >= self.updated_at


@audited
class Answer(models.Model):
    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("antwoord"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    partnership_path = "response__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question.number}"


@audited
class AnswerAttachment(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bijlage"), upload_to="reporting/attachments/%Y/", validators=[validate_document])
    name = models.CharField(_("naam"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    partnership_path = "answer__response__partnership"
    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.name
