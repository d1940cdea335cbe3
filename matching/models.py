"""The call for interest (DOMAIN.md §1): addenda, candidacies, the jury, scores,
decisions, decision mails, appeals, the final report and the emergency procedure.

The scope of everything here is the WORK AREA, not a partnership: people get
a ``MatchingRole`` in a work area (coordinator, matchmaker with a group, appeal
matchmaker, observer); a candidate organisation's people see only their own
candidacies. Querysets implement ``for_user(user, perm)`` (see access.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.audit import audited
from partnerships.models import Organisation, Partnership, WorkArea

from .access import (
    AppealQuerySet,
    CandidacyQuerySet,
    CandidacyChildQuerySet,
    EmergencyQuerySet,
    JuryChildQuerySet,
    MatchingAreaQuerySet,
    WorkAreaChildQuerySet,
)


class Round(models.IntegerChoices):
    ONE = 1, _("Ronde 1 (schriftelijke kandidatuur)")
    TWO = 2, _("Ronde 2 (matchingsgesprek)")


class Criterion(models.TextChoices):
    CRUCIAL = "crucial", _("Cruciale bijdrage")
    FIT = "fit", _("Fit for partnership")


class Group(models.TextChoices):
    """The three groups of the jury; each has one vote (DOMAIN.md §1.7)."""

    VDAB = "vdab", _("VDAB")
    LOCAL_GOVERNMENT = "local_government", _("Lokaal bestuur")
    EXTERNAL = "external", _("Onafhankelijke externe")


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class MatchingArea(WorkArea):
    """The work area seen from matching: same table, scoped by matching roles."""

    objects = MatchingAreaQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("werkingsgebied (matching)")
        verbose_name_plural = _("werkingsgebieden (matching)")


class MatchingRole(models.Model):
    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coördinator van de matching")
        MATCHMAKER = "matchmaker", _("Matchmaker (jurylid)")
        APPEAL_MATCHMAKER = "appeal_matchmaker", _("Matchmaker voor weerwoord")
        OBSERVER = "observer", _("Waarnemer (Europa WSE)")

    work_area = models.ForeignKey(WorkArea, verbose_name=_("werkingsgebied"), on_delete=models.CASCADE, related_name="matching_roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="matching_roles")
    role = models.CharField(_("rol"), max_length=32, choices=Kind.choices)
    group = models.CharField(
        _("groep"), max_length=32, choices=Group.choices, blank=True,
        help_text=_("Alleen voor matchmakers: VDAB, lokaal bestuur of onafhankelijke externe."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkAreaChildQuerySet.as_manager()

    class Meta:
        ordering = ["work_area__name", "role", "user__first_name"]
        verbose_name = _("rol in de matching")
        verbose_name_plural = _("rollen in de matching")
        constraints = [
            models.UniqueConstraint(fields=["work_area", "user", "role"], name="matching_one_row_per_role"),
            models.CheckConstraint(
                condition=(Q(role="matchmaker") & ~Q(group="")) | (~Q(role="matchmaker") & Q(group="")),
                name="matching_group_only_for_matchmakers",
            ),
        ]
        indexes = [models.Index(fields=["user", "work_area"], name="matching_role_user_idx")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.work_area}"


class LocalAddendum(models.Model):
    """The lokaal addendum of a work area: what candidates answer to."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Ontwerp")
        PUBLISHED = "published", _("Gepubliceerd")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_area = models.OneToOneField(WorkArea, verbose_name=_("werkingsgebied"), on_delete=models.CASCADE, related_name="addendum")
    boundaries = models.TextField(_("afbakening van het werkingsgebied"), blank=True)
    local_needs = models.TextField(_("lokale noden van de doelgroep"), blank=True)
    personas = models.TextField(_("persona's"), blank=True)
    arena_analysis = models.TextField(_("arena-analyse en verrijking"), blank=True)
    needs_motivation = models.TextField(_("motivering van de gekozen noden"), blank=True)
    publication_date = models.DateField(_("publicatiedatum"), null=True, blank=True)
    candidacy_deadline = models.DateField(
        _("deadline kandidatuur"), null=True, blank=True,
        help_text=_("Kandidaturen kunnen worden ingediend tot en met deze dag (Belgische tijd)."),
    )
    pitch_moments = models.TextField(_("pitchmomenten"), blank=True)
    expected_decision_date = models.DateField(_("verwachte beslissingsdatum"), null=True, blank=True)
    contacts = models.TextField(_("lokale contactpersonen"), blank=True)
    round1_scoring_due = models.DateField(_("scores ronde 1 ingediend tegen"), null=True, blank=True)
    round2_scoring_due = models.DateField(_("scores ronde 2 ingediend tegen"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkAreaChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("lokaal addendum")
        verbose_name_plural = _("lokale addenda")
        indexes = [models.Index(fields=["status"], name="matching_addendum_status_idx")]

    def __str__(self):
        return str(self.work_area)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def scoring_due(self, round_number: int):
        return self.round1_scoring_due if round_number == 1 else self.round2_scoring_due


class RegionalChallenge(models.Model):
    """A regio-uitdaging: target groups, obstacles, opportunities, objectives."""

    addendum = models.ForeignKey(LocalAddendum, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("titel"), max_length=200)
    target_groups = models.TextField(_("doelgroepen"), blank=True)
    obstacles = models.TextField(_("obstakels"), blank=True)
    opportunities = models.TextField(_("mogelijkheden"), blank=True)
    objectives = models.TextField(_("doelstellingen"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("regio-uitdaging")
        verbose_name_plural = _("regio-uitdagingen")

    def __str__(self):
        return self.title


class Candidacy(models.Model):
    class Stage(models.TextChoices):
        DRAFT = "draft", _("Ontwerp")
        SUBMITTED = "submitted", _("Ingediend")
        REJECTED_ROUND1 = "rejected_round1", _("Niet weerhouden na ronde 1")
        INVITED_ROUND2 = "invited_round2", _("Uitgenodigd voor ronde 2")
        REJECTED_ROUND2 = "rejected_round2", _("Niet weerhouden na ronde 2")
        SELECTED = "selected", _("Geselecteerd voor partnerschapsvorming")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_area = models.ForeignKey(WorkArea, verbose_name=_("werkingsgebied"), on_delete=models.PROTECT, related_name="candidacies")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="candidacies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    legal_form = models.CharField(_("rechtsvorm"), max_length=100, blank=True, help_text=_("Bv. vzw, cvba, OCMW-vereniging."))
    is_legal_person = models.BooleanField(_("de organisatie heeft rechtspersoonlijkheid"), default=False)
    invoice_only = models.BooleanField(
        _("de organisatie kan haar kosten enkel via facturatie afrekenen"), default=False,
        help_text=_("Zulke organisaties kunnen geen partner zijn."),
    )
    contact_email = models.EmailField(_("e-mailadres voor de beslissing"), blank=True)
    challenges = models.ManyToManyField(RegionalChallenge, verbose_name=_("regio-uitdagingen"), blank=True, related_name="candidacies")
    crucial_q1 = models.TextField(_("Concreet, efficiënt en effectief antwoord op de lokale noden en regio-uitdagingen"), blank=True)
    crucial_q2 = models.TextField(_("Bijdrage die andere kandidaten niet (even goed) kunnen leveren maar die essentieel is"), blank=True)
    crucial_q3 = models.TextField(_("Capaciteit en expertise (doelgroep en activiteiten)"), blank=True)
    crucial_q4 = models.TextField(_("Lokale verankering"), blank=True)
    fit_q1 = models.TextField(_("Concrete ervaring met multidisciplinaire samenwerking"), blank=True)
    fit_q2 = models.TextField(_("Limieten van het eigen aanbod en complementaire activiteiten van anderen"), blank=True)
    fit_q3 = models.TextField(_("Engagement tot samenwerking vanuit eigen positieve en negatieve ervaringen"), blank=True)
    fit_q4 = models.TextField(_("Gezamenlijk beslissen vanuit een gedeelde doelstelling, open en als gelijken"), blank=True)
    stage = models.CharField(_("stand van zaken"), max_length=32, choices=Stage.choices, default=Stage.DRAFT)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidacyQuerySet.as_manager()

    ANSWER_FIELDS = {
        Criterion.CRUCIAL: ("crucial_q1", "crucial_q2", "crucial_q3", "crucial_q4"),
        Criterion.FIT: ("fit_q1", "fit_q2", "fit_q3", "fit_q4"),
    }

    class Meta:
        ordering = ["work_area__name", "organisation__name"]
        verbose_name = _("kandidatuur")
        verbose_name_plural = _("kandidaturen")
        constraints = [
            models.UniqueConstraint(fields=["work_area", "organisation"], name="matching_one_candidacy_per_area"),
        ]
        indexes = [models.Index(fields=["work_area", "stage"], name="matching_cand_area_stage_idx")]

    def __str__(self):
        return f"{self.organisation} – {self.work_area}"

    @property
    def is_draft(self) -> bool:
        return self.stage == self.Stage.DRAFT

    def answers(self, criterion):
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ANSWER_FIELDS[criterion]]


class CandidacyDocument(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("bestand"), upload_to="matching/candidacies/%Y/%m/")
    name = models.CharField(_("naam"), max_length=200)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CandidacyChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage bij een kandidatuur")
        verbose_name_plural = _("bijlagen bij kandidaturen")

    def __str__(self):
        return self.name


class ConflictDeclaration(models.Model):
    """A matchmaker's declaration about one candidate, before seeing it."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("werkt (of werkte) voor de kandidaat")
        BOARD = "board", _("bestuurder of lid van de raad van bestuur")
        FUNDED = "funded", _("financiert of wordt gefinancierd door de kandidaat")
        RECENT_WORK = "recent_work", _("werkte recent samen met de kandidaat")
        FAMILY = "family", _("familie of persoonlijke band")
        OTHER = "other", _("ander belang")

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="conflict_declarations")
    matchmaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations")
    has_conflict = models.BooleanField(_("ik heb een belangenconflict"), default=False)
    kind = models.CharField(_("soort belang"), max_length=32, choices=Kind.choices, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    waived = models.BooleanField(_("ontheffing: ik mag toch scoren"), default=False)
    waiver_motivation = models.TextField(_("schriftelijke motivering van de ontheffing"), blank=True)
    declared_at = models.DateTimeField(auto_now=True)

    objects = JuryChildQuerySet.as_manager()

    class Meta:
        ordering = ["candidacy", "matchmaker"]
        verbose_name = _("verklaring belangenconflict")
        verbose_name_plural = _("verklaringen belangenconflict")
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "matchmaker"], name="matching_one_declaration_per_candidate"),
        ]

    @property
    def recused(self) -> bool:
        return self.has_conflict and not self.waived


class Score(models.Model):
    """One matchmaker's score: append-only, the newest row for
    (candidacy, matchmaker, round, criterion) is the current one."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="scores")
    matchmaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="matching_scores")
    round = models.PositiveSmallIntegerField(_("ronde"), choices=Round.choices)
    criterion = models.CharField(_("criterium"), max_length=16, choices=Criterion.choices)
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    motivation = models.TextField(_("motivering"))
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JuryChildQuerySet.as_manager()

    class Meta:
        ordering = ["candidacy", "round", "criterion", "matchmaker", "created_at", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=1) & Q(value__lte=4), name="matching_score_1_to_4"),
        ]
        indexes = [models.Index(fields=["candidacy", "round", "criterion", "matchmaker", "-created_at"], name="matching_score_lookup_idx")]


class Pitch(models.Model):
    """Round 2's matchingsgesprek for one candidate."""

    candidacy = models.OneToOneField(Candidacy, on_delete=models.CASCADE, related_name="pitch")
    scheduled_at = models.DateTimeField(_("gepland op"), null=True, blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    attendees = models.TextField(_("aanwezigen"), blank=True, help_text=_("Eén naam per regel, met organisatie."))

    objects = JuryChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")


class JuryDecision(models.Model):
    """The jury's score per candidate, round and criterion: by consensus, or by
    the vote of the three groups (the median of their three votes)."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        VOTE = "vote", _("Stemming per groep (2/3)")

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField(_("ronde"), choices=Round.choices)
    criterion = models.CharField(_("criterium"), max_length=16, choices=Criterion.choices)
    method = models.CharField(_("wijze van beslissen"), max_length=16, choices=Method.choices)
    vote_vdab = models.PositiveSmallIntegerField(_("stem VDAB"), null=True, blank=True, validators=SCORE_VALIDATORS)
    vote_local_government = models.PositiveSmallIntegerField(_("stem lokaal bestuur"), null=True, blank=True, validators=SCORE_VALIDATORS)
    vote_external = models.PositiveSmallIntegerField(_("stem onafhankelijke externen"), null=True, blank=True, validators=SCORE_VALIDATORS)
    score = models.PositiveSmallIntegerField(_("juryscore"), validators=SCORE_VALIDATORS)
    motivation = models.TextField(_("motivering van de jury"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    objects = JuryChildQuerySet.as_manager()

    class Meta:
        ordering = ["candidacy", "round", "criterion"]
        verbose_name = _("juryscore")
        verbose_name_plural = _("juryscores")
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "round", "criterion"], name="matching_one_decision_per_criterion"),
            models.CheckConstraint(
                condition=Q(method="consensus")
                | (Q(vote_vdab__isnull=False) & Q(vote_local_government__isnull=False) & Q(vote_external__isnull=False)),
                name="matching_vote_has_three_group_votes",
            ),
        ]

    def group_votes(self):
        return {Group.VDAB: self.vote_vdab, Group.LOCAL_GOVERNMENT: self.vote_local_government, Group.EXTERNAL: self.vote_external}


class MailKind(models.TextChoices):
    NEGATIVE_ROUND1 = "negative_round1", _("Negatief na ronde 1")
    INVITATION_ROUND2 = "invitation_round2", _("Uitnodiging voor ronde 2")
    NEGATIVE_ROUND2 = "negative_round2", _("Negatief na ronde 2")
    SELECTED = "selected", _("Geselecteerd")
    APPEAL_OUTCOME = "appeal_outcome", _("Uitkomst van het weerwoord")


NEGATIVE_KINDS = (MailKind.NEGATIVE_ROUND1, MailKind.NEGATIVE_ROUND2)
TEMPLATE_KINDS = (MailKind.NEGATIVE_ROUND1, MailKind.INVITATION_ROUND2, MailKind.NEGATIVE_ROUND2, MailKind.SELECTED)


class DecisionMailTemplate(models.Model):
    """A work area's own wording of one of the four decision mails."""

    work_area = models.ForeignKey(WorkArea, on_delete=models.CASCADE, related_name="decision_mail_templates")
    kind = models.CharField(_("soort"), max_length=32, choices=[(k.value, k.label) for k in TEMPLATE_KINDS])
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkAreaChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("sjabloon beslissingsmail")
        verbose_name_plural = _("sjablonen beslissingsmails")
        constraints = [models.UniqueConstraint(fields=["work_area", "kind"], name="matching_one_template_per_kind")]


class DecisionMail(models.Model):
    """A mail in the outbox; once sent its text is never changed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Klaar om na te lezen")
        QUEUED = "queued", _("Wordt verzonden")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")
        FAILED = "failed", _("Mislukt")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="mails")
    kind = models.CharField(_("soort"), max_length=32, choices=MailKind.choices)
    round = models.PositiveSmallIntegerField(_("ronde"), choices=Round.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    recipients = models.TextField(_("ontvangers"), help_text=_("Eén adres per regel."))
    carries_appeal_procedure = models.BooleanField(default=False)
    stated_appeal_deadline = models.DateField(_("termijn weerwoord vermeld in de mail"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    error = models.TextField(blank=True)

    objects = CandidacyChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("beslissingsmail")
        verbose_name_plural = _("beslissingsmails")
        indexes = [models.Index(fields=["candidacy", "kind", "status"], name="matching_mail_cand_kind_idx")]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def is_negative(self) -> bool:
        return self.kind in NEGATIVE_KINDS


class Appeal(models.Model):
    """A weerwoord against a non-selection, on material errors only."""

    class Status(models.TextChoices):
        LODGED = "lodged", _("Ingediend")
        ASSIGNED = "assigned", _("Toegewezen aan twee matchmakers")
        DECIDED = "decided", _("Beslist")

    class Outcome(models.TextChoices):
        UPHOLD = "uphold", _("Bekrachtigen (niet-selectie blijft)")
        REVERSE = "reverse", _("Omkeren")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="appeals")
    decision_mail = models.ForeignKey(DecisionMail, on_delete=models.PROTECT, related_name="appeals")
    round = models.PositiveSmallIntegerField(_("ronde"), choices=Round.choices)
    criterion = models.CharField(_("criterium"), max_length=16, choices=Criterion.choices)
    overlooked = models.TextField(_("welk document of feit werd niet (voldoende) meegenomen"))
    motivation = models.TextField(_("motivering van het weerwoord"))
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.LODGED)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    complaint_filed_on = models.DateField(_("klacht bij het meldpunt ingediend op"), null=True, blank=True)
    complaint_note = models.TextField(_("notitie bij de klacht"), blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-lodged_at"]
        verbose_name = _("weerwoord")
        verbose_name_plural = _("weerwoorden")
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "round"], name="matching_one_appeal_per_round"),
        ]


class AppealDocument(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("bestand"), upload_to="matching/appeals/%Y/%m/")
    name = models.CharField(_("naam"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class AppealAssessment(models.Model):
    """One of the two appeal matchmakers' judgement."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="assessments")
    matchmaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeal_assessments")
    outcome = models.CharField(_("voorstel"), max_length=16, choices=Appeal.Outcome.choices, blank=True)
    motivation = models.TextField(_("grondige motivering"), blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "matchmaker"], name="matching_one_assessment_per_matchmaker")]


class FinalReport(models.Model):
    """A version of a work area's final jury report (PDF, rendered by a task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_area = models.ForeignKey(WorkArea, on_delete=models.CASCADE, related_name="final_reports")
    version = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("bestand"), upload_to="matching/reports/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = WorkAreaChildQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("eindverslag van de jury")
        verbose_name_plural = _("eindverslagen van de jury")
        constraints = [models.UniqueConstraint(fields=["work_area", "version"], name="matching_report_version_unique")]


class ScoringReminder(models.Model):
    """A reminder mail sent to a matchmaker (at most one per day and round)."""

    work_area = models.ForeignKey(WorkArea, on_delete=models.CASCADE, related_name="+")
    matchmaker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(choices=Round.choices)
    sent_on = models.DateField()
    missing = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work_area", "matchmaker", "round", "sent_on"], name="matching_one_reminder_a_day")]


class EmergencyProcedure(models.Model):
    """Noodprocedure (step 4): VDAB and the local government re-score all partners."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="emergency_procedures")
    work_area = models.ForeignKey(WorkArea, on_delete=models.PROTECT, related_name="emergency_procedures")
    motivation = models.TextField(_("motivering voor het opstarten"))
    vdab_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vertegenwoordiger VDAB"), on_delete=models.PROTECT, related_name="+"
    )
    local_government_representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vertegenwoordiger lokaal bestuur"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("gestart op"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Each representative signs for their own organisation; the procedure runs once both signed.
    vdab_signed_at = models.DateTimeField(null=True, blank=True)
    local_government_signed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = EmergencyQuerySet.as_manager()

    @property
    def is_signed(self) -> bool:
        return self.vdab_signed_at is not None and self.local_government_signed_at is not None

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("noodprocedure")
        verbose_name_plural = _("noodprocedures")


class EmergencyScore(models.Model):
    procedure = models.ForeignKey(EmergencyProcedure, on_delete=models.CASCADE, related_name="scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("criterium"), max_length=16, choices=Criterion.choices)
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    motivation = models.TextField(_("motivering"))
    observed_behaviour = models.TextField(
        _("geobserveerd gedrag tijdens de partnerschapsvorming"), blank=True,
        help_text=_("Verplicht bij fit for partnership."),
    )
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "organisation", "criterion"], name="matching_one_emergency_score"),
            models.CheckConstraint(condition=Q(value__gte=1) & Q(value__lte=4), name="matching_emergency_score_1_to_4"),
        ]


class EmergencyRanking(models.Model):
    procedure = models.ForeignKey(EmergencyProcedure, on_delete=models.CASCADE, related_name="rankings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("plaats"))
    argument = models.TextField(_("argumentatie"))

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "organisation"], name="matching_one_rank_per_partner"),
            models.UniqueConstraint(fields=["procedure", "rank"], name="matching_one_partner_per_rank"),
        ]


for _model in (
    MatchingRole, LocalAddendum, RegionalChallenge, Candidacy, CandidacyDocument, ConflictDeclaration, Score,
    Pitch, JuryDecision, DecisionMailTemplate, DecisionMail, Appeal, AppealDocument, AppealAssessment,
    FinalReport, EmergencyProcedure, EmergencyScore, EmergencyRanking,
):
    audited(_model)
