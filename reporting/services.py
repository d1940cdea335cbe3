"""Writes of the reporting app: atomic, validated, audited (keyword-only args)."""

from __future__ import annotations

import logging
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.access import Perm, has_perm

from . import budget as rules
from .models import (
    Answer, AnswerAttachment, Budget, CofinancingLine, EsfCall, PersonnelLine, Question, QuestionnaireResponse,
    QuestionnaireTemplate, ReportJob,
)
from .periods import Quarter
from .questionnaires import DEFAULT_CALL_NAME, SHIPPED_TEMPLATES

log = logging.getLogger(__name__)

BUDGET_YEAR_EXISTS = _("Er bestaat al een begroting voor dit projectjaar.")
BUDGET_YEAR_OUTSIDE_PROJECT = _("Dit jaar valt buiten de looptijd van het project.")
NOT_ALLOWED = _("Je hebt hiervoor niet de juiste rol in dit partnerschap.")
QUARTER_IN_FUTURE = _("Dit kwartaal is nog niet begonnen.")
QUARTER_BEFORE_PROJECT = _("Dit kwartaal ligt voor de start van het project.")
BROKER_DOWN = _(
    "De rapportdienst is tijdelijk niet bereikbaar. Je aanvraag is bewaard en wordt verstuurd zodra de dienst "
    "weer werkt; je hoeft niets opnieuw te doen."
)
RESPONSE_LOCKED = _("Deze rapportering is ingediend en kan niet meer gewijzigd worden.")
RESPONSE_EXISTS = _("Er bestaat al een rapportering voor deze vragenlijst en periode.")
ANSWER_REQUIRED = _("Deze vraag is verplicht.")
NO_ATTACHMENTS = _("Bij deze vraag kunnen geen bijlagen.")


def _require(user, partnership, perm):
    if user is not None and not has_perm(user, partnership, perm):
        raise PermissionDenied(NOT_ALLOWED)


# --- Calls ------------------------------------------------------------------

def call_default() -> EsfCall:
    """The default call (created with the published parameters if missing)."""
    call = EsfCall.objects.filter(is_default=True).first()
    if call is None:
        call, _created = EsfCall.objects.get_or_create(name=DEFAULT_CALL_NAME, defaults={"is_default": True})
    return call


# --- Budgets ----------------------------------------------------------------

@transaction.atomic
def budget_create(*, partnership, year: int, by=None, call: EsfCall | None = None) -> Budget:
    _require(by, partnership, Perm.REPORTING_MANAGE)
    if not (partnership.start_date.year <= year <= partnership.end_date.year):
        raise ValidationError({"year": BUDGET_YEAR_OUTSIDE_PROJECT})
    if Budget.objects.filter(partnership=partnership, year=year).exists():
        raise ValidationError({"year": BUDGET_YEAR_EXISTS})
    budget = Budget(partnership=partnership, year=year, call=call or call_default(), updated_by=by)
    budget.full_clean()
    budget.save()
    return budget


BUDGET_FIELDS = (
    "vcf_operation", "vcf_support", "limburg_transition", "separate_accounting", "contracting_authority",
    "purchases_over_30k", "purchases_over_140k", "purchases_over_215k", "procurement_purpose",
)


@transaction.atomic
def budget_update(*, budget: Budget, by=None, fields: dict, personnel: list[dict], cofinancing: list[dict]) -> Budget:
    """Save the form: the budget's fields and its rows.

    Each row is a dict of the line's fields; ``id`` keeps an existing line
    (its proof document too unless a new one is given); lines of the budget not
    listed are deleted."""
    _require(by, budget.partnership, Perm.REPORTING_MANAGE)
    for name, value in fields.items():
        if name not in BUDGET_FIELDS:
            raise ValueError(name)
        setattr(budget, name, value)
    budget.updated_by = by
    budget.full_clean()
    budget.save()
    _replace_lines(budget, PersonnelLine, budget.personnel_lines, personnel)
    _replace_lines(budget, CofinancingLine, budget.cofinancing_lines, cofinancing)
    return budget


def _replace_lines(budget, model, manager, rows):
    existing = {line.pk: line for line in manager.all()}
    keep = set()
    for position, row in enumerate(rows):
        row = dict(row)
        pk = row.pop("id", None)
        proof = row.pop("proof", None) if model is CofinancingLine else None
        line = existing.get(pk) if pk else None
        if line is None:
            line = model(budget=budget)
        for name, value in row.items():
            setattr(line, name, value)
        line.position = position
        if proof is False:  # "clear" ticked on the form
            line.proof = ""
        elif proof:
            line.proof = proof
        line.full_clean(exclude=["budget"])
        line.save()
        keep.add(line.pk)
    for pk, line in existing.items():
        if pk not in keep:
            line.delete()


@transaction.atomic
def budget_import(*, budget: Budget, by=None, data: dict) -> Budget:
    """Replace the budget's rows and VCF with the exchange JSON (raises budget.BudgetError)."""
    call = budget.call
    parsed = rules.parse(data, sut_factor=call.sut_factor, flat_rate_percent=call.flat_rate_percent)
    return budget_update(
        budget=budget, by=by,
        fields={"vcf_operation": parsed.vcf[rules.OPERATION], "vcf_support": parsed.vcf[rules.SUPPORT]},
        personnel=[
            {"strand": r.strand, "status": r.status, "function": r.function, "monthly_gross": r.monthly_gross,
             "hours": r.hours, "activity": r.activity}
            for r in parsed.personnel
        ],
        cofinancing=[
            {"strand": r.strand, "source": r.source, "person_bound": r.person_bound, "amount": r.amount,
             "description": r.description}
            for r in parsed.cofinancing
        ],
    )


# --- Quarterly report jobs ----------------------------------------------------

def report_request(*, partnership, quarter: Quarter, by) -> ReportJob:
    """Create the next version of the quarter's report and send it to the worker on commit.

    If the broker is down the job stays queued (``sent_at`` empty) and
    ``report_jobs_send_pending`` sends it later; ``job.broker_down`` tells the caller."""
    _require(by, partnership, Perm.REPORTING_MANAGE)
    today = timezone.localdate()
    if quarter.start > today:
        raise ValidationError({"quarter": QUARTER_IN_FUTURE})
    if quarter.end < partnership.start_date:
        raise ValidationError({"quarter": QUARTER_BEFORE_PROJECT})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                latest = (
                    ReportJob.objects.filter(partnership=partnership, year=quarter.year, quarter=quarter.number)
                    .aggregate(v=Max("version"))["v"] or 0
                )
                job = ReportJob(partnership=partnership, year=quarter.year, quarter=quarter.number,
                                version=latest + 1, requested_by=by)
                job.full_clean()
                job.save()
                break
        except IntegrityError:  # two requests raced for the same version number
            continue
    else:
        raise ValidationError(_("Probeer het opnieuw."))
    job.broker_down = False
    transaction.on_commit(lambda: _send(job))
    return job


def _send(job: ReportJob) -> bool:
    """Hand the job to the broker; on a broker error keep it queued and unsent."""
    from kombu.exceptions import OperationalError

    from .tasks import render_quarterly_report

    try:
        render_quarterly_report.apply_async(args=[job.pk], queue="pdf")
    except OperationalError:
        log.warning("broker unreachable; report job %s kept to send later", job.pk)
        job.broker_down = True
        return False
    ReportJob.objects.filter(pk=job.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    job.sent_at = timezone.now()
    return True


def report_jobs_send_pending(*, partnership=None, older_than_seconds: int = 0) -> tuple[int, int]:
    """Send jobs the broker never received; returns (sent, still pending)."""
    jobs = ReportJob.objects.filter(status=ReportJob.Status.QUEUED, sent_at__isnull=True)
    if partnership is not None:
        jobs = jobs.filter(partnership=partnership)
    if older_than_seconds:
        jobs = jobs.filter(requested_at__lt=timezone.now() - timezone.timedelta(seconds=older_than_seconds))
    sent = pending = 0
    for job in jobs.order_by("pk"):
        if _send(job):
            sent += 1
        else:
            pending += 1
            break  # the broker is down: the others will fail too
    return sent, pending


def report_job_claim(*, job_id: int) -> ReportJob | None:
    """Claim a job for rendering with a conditional UPDATE.

    Returns None when the job is done (a re-delivery after success) or missing.
    A job left ``running`` by a worker that died is claimed again: with acks_late
    the broker only re-delivers unacknowledged messages, so a second worker never
    renders a job whose first worker is alive."""
    now = timezone.now()
    claimed = ReportJob.objects.filter(
        pk=job_id, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
    ).update(status=ReportJob.Status.RUNNING, started_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    job = ReportJob.objects.select_related("partnership", "partnership__work_area", "requested_by").get(pk=job_id)
    if job.sent_at is None:
        ReportJob.objects.filter(pk=job_id).update(sent_at=now)
    return job


def _store_atomically(final_name: str, data: bytes, tag) -> str:
    """Write under a temporary name, then rename into place: a reader never sees half a file."""
    from django.core.files.storage import default_storage

    temp_name = default_storage.save(f"{final_name}.{tag}.part", ContentFile(data))
    if hasattr(default_storage, "path"):
        final_path = default_storage.path(final_name)
        os.makedirs(os.path.dirname(final_path), exist_ok=True)
        os.replace(default_storage.path(temp_name), final_path)  # atomic on one file system
    else:  # pragma: no cover - remote storages
        if default_storage.exists(final_name):
            default_storage.delete(final_name)
        final_name = default_storage.save(final_name, default_storage.open(temp_name))
        default_storage.delete(temp_name)
    return final_name


def report_job_finish(*, job: ReportJob, pdf: bytes) -> ReportJob:
    """Store the PDF (temporary name, then rename), then mark the job done."""
    final_name = _store_atomically(f"reporting/quarterly/{job.partnership.code}/{job.filename()}", pdf, job.pk)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, file=final_name, finished_at=timezone.now(), reason=""
    )
    job.refresh_from_db()
    return job


def report_job_fail(*, job_id: int, reason: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, reason=reason[:500], finished_at=timezone.now()
    )


def report_job_retry_later(*, job_id: int, reason: str) -> None:
    """A transient failure: back to the queue, the reason kept for the status page."""
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        status=ReportJob.Status.QUEUED, reason=reason[:500]
    )


# --- Questionnaires -------------------------------------------------------------

@transaction.atomic
def questionnaire_template_install(data: dict | None = None) -> list[QuestionnaireTemplate]:
    """Install the shipped templates (idempotent, by slug and question number)."""
    installed = []
    for item in [data] if data else SHIPPED_TEMPLATES:
        template, _created = QuestionnaireTemplate.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "introduction": item["introduction"]}
        )
        for position, q in enumerate(item["questions"], start=1):
            Question.objects.get_or_create(
                template=template, number=q["number"],
                defaults={"position": position, "text": q["text"], "help_text": q["help_text"],
                          "required": q["required"], "attachments_allowed": q["attachments_allowed"]},
            )
        installed.append(template)
    return installed


@transaction.atomic
def response_start(*, partnership, template: QuestionnaireTemplate, period: str, by) -> QuestionnaireResponse:
    _require(by, partnership, Perm.REPORTING_MANAGE)
    period = (period or "").strip()
    if QuestionnaireResponse.objects.filter(partnership=partnership, template=template, period=period).exists():
        raise ValidationError({"period": RESPONSE_EXISTS})
    response = QuestionnaireResponse(partnership=partnership, template=template, period=period)
    response.full_clean()
    response.save()
    Answer.objects.bulk_create(
        [Answer(response=response, question=q) for q in template.questions.all()]
    )
    return response


@transaction.atomic
def response_save(*, response: QuestionnaireResponse, by, answers: dict[int, str],
                  attachments: dict[int, list] | None = None) -> QuestionnaireResponse:
    """Save answers (question id -> text) and attachments as a draft."""
    _require(by, response.partnership, Perm.REPORTING_MANAGE)
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    if response.is_locked:
        raise ValidationError(RESPONSE_LOCKED)
    existing = {a.question_id: a for a in response.answers.select_related("question")}
    for question in response.template.questions.all():
        answer = existing.get(question.pk)
        if answer is None:
            answer = Answer.objects.create(response=response, question=question)
            existing[question.pk] = answer
        if question.pk in answers:
            text = (answers[question.pk] or "").strip()
            if text != answer.text:
                answer.text = text
                answer.save(update_fields=["text", "updated_at"])
    for question_id, files in (attachments or {}).items():
        answer = existing[question_id]
        if files and not answer.question.attachments_allowed:
            raise ValidationError({f"q{question_id}": NO_ATTACHMENTS})
        for upload in files:
            attachment = AnswerAttachment(answer=answer, file=upload, name=os.path.basename(upload.name)[:200])
            attachment.full_clean()
            attachment.save()
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def response_submit(*, response: QuestionnaireResponse, by) -> QuestionnaireResponse:
    """Check the required answers and lock the response."""
    _require(by, response.partnership, Perm.REPORTING_MANAGE)
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    if response.is_locked:
        raise ValidationError(RESPONSE_LOCKED)
    answers = response.answers.select_related("question").prefetch_related("attachments")
    missing = {
        f"q{a.question_id}": ANSWER_REQUIRED
        for a in answers
        if a.question.required and not a.text and not a.attachments.all()
    }
    if missing:
        raise ValidationError(missing)
    response.status = QuestionnaireResponse.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.submitted_by = by
    response.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return response



# --- Content report PDF (rendered by a task, never in a request) -----------------

def content_report_pdf_request(*, response: QuestionnaireResponse) -> None:
    """Ask the worker for a fresh PDF of the response (sent on commit; a broker error is logged, the
    next request asks again)."""
    if response.pdf_is_current:
        return
    transaction.on_commit(lambda: _send_content_report(response.pk))


def _send_content_report(response_id: int) -> None:
    from kombu.exceptions import OperationalError

    from .tasks import render_content_report

    try:
        render_content_report.apply_async(args=[response_id], queue="pdf")
    except OperationalError:
        log.warning("broker unreachable; content report %s PDF not sent", response_id)


def content_report_pdf_store(*, response_id: int, render) -> str:
    """Render and store the PDF unless the stored one is current (idempotent)."""
    response = QuestionnaireResponse.objects.select_related("partnership", "template").get(pk=response_id)
    if response.pdf_is_current:
        return "skipped"
    snapshot = response.updated_at  # the answers as of this moment
    name = _store_atomically(
        f"reporting/content/{response.partnership.code}/inhoudelijke-rapportering-{response.pk}.pdf",
        render(response), response.pk,
    )
    QuestionnaireResponse.objects.filter(pk=response_id).update(pdf=name, pdf_rendered_at=snapshot)
    return "done"
