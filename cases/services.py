"""Writes of casework. Keyword-only, atomic, ``full_clean()`` before saving.

Views, the API and the demo call these; permissions (who may edit a case) are
checked by the caller through partnerships.access, the domain rules here.
Error messages are module constants the tests reuse.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from auditlog import get_logentry_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.access import Perm, has_perm

from . import rules
from .models import (
    Action, Case, CaseStatus, CaseWorker, Consultation, ConsultationAttendee, ConsultationCase, EmploymentPeriod,
    EmpowermentMeasurement, FailureDemand, FollowUp, Interaction, LadderStep, Note, Outcome, Participant, Persona,
    PurposeVersion, ScaleScore, ScoredBy, SubjectAccessExport, ValueDemand, ValueReading, ValueScore, ValueStep,
    WorkerRole,
)

log = logging.getLogger(__name__)

SCALE_OUT_OF_RANGE = _("Een score op de schaal ligt tussen 1 en 10.")
INTERPRETATION_REQUIRED = _("Schrijf bij elke score waarom er vooruitgang of achteruitgang is.")
VALUE_SCORE_OUT_OF_RANGE = _("Een waardevraag scoor je van 1 tot 5.")
READING_EMPTY = _("Geef minstens één waardevraag een score.")
READING_FOREIGN_DEMAND = _("Deze waardevraag hoort niet bij deze casus.")
EXPERT_CANNOT_LEAD = _("Een expert kan geen hoofdcoach zijn: kies een coach van het partnerschap.")
NOT_IN_PARTNERSHIP = _("Deze persoon werkt niet aan de casussen van dit partnerschap.")
CONCURRENT_EDIT = _(
    "Iemand anders heeft deze casus intussen gewijzigd. Je wijzigingen zijn niet bewaard: "
    "bekijk de nieuwe gegevens en bewaar opnieuw."
)
CLOSE_BEFORE_START = _("De einddatum ligt voor de startdatum.")
PARTICIPANT_OTHER_PARTNERSHIP = _("Deze deelnemer hoort bij een ander partnerschap.")
PERSONA_OTHER_PARTNERSHIP = _("Deze persona hoort bij een ander partnerschap.")
NO_PERSONA_NOTE_REQUIRED = _("Schrijf kort waarom de casus bij geen enkele persona past.")
DATE_IN_FUTURE = _("Deze datum ligt in de toekomst.")
ALREADY_ANONYMISED = _("Deze casus is al geanonimiseerd.")
BASELINE_EXISTS = _("Deze casus heeft al een nulmeting.")
DURATION_OUT_OF_RANGE = _("Een interactie duurt minstens 1 en hoogstens 1440 minuten.")
CASE_OTHER_PARTNERSHIP = _("Deze casus hoort bij een ander partnerschap.")
ANONYMISED = "–"  # what remains of a name or free text after anonymisation


class ConcurrentEditError(ValidationError):
    """The case changed since the form was opened (optimistic concurrency)."""


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _today() -> date:
    return timezone.localdate()


def _not_future(value: date | None, field: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: DATE_IN_FUTURE})


def _require_case_worker(partnership, user) -> None:
    if user is None or not has_perm(user, partnership, Perm.VIEW_CASES):
        raise ValidationError({"user": NOT_IN_PARTNERSHIP})


# --- Participants and cases ------------------------------------------------

PARTICIPANT_FIELDS = ("first_name", "last_name", "date_of_birth", "phone", "email", "address", "language",
                      "referral_source", "national_number")


@transaction.atomic
def participant_create(*, partnership, by, first_name: str, **fields) -> Participant:
    data = {k: v for k, v in fields.items() if k in PARTICIPANT_FIELDS and v is not None}
    participant = Participant(partnership=partnership, first_name=first_name.strip(), **data)
    return _save(participant)


@transaction.atomic
def participant_update(*, participant: Participant, by, **changes) -> Participant:
    for name, value in changes.items():
        if name in PARTICIPANT_FIELDS:
            setattr(participant, name, value if value is not None else "")
    return _save(participant)


@transaction.atomic
def case_open(
    *, partnership, by, start_date: date, lead_coach=None, participants: Iterable[Participant] = (),
    kind: str = "person", title: str = "", status: str = CaseStatus.INTAKE, purpose: str = "",
    referred_by=None, referral_channel: str = "", referral_note: str = "",
) -> Case:
    """A new case with its lead coach (who must be allowed to lead) and first purpose."""
    participants = list(participants)
    for participant in participants:
        if participant.partnership_id != partnership.pk:
            raise ValidationError({"participants": PARTICIPANT_OTHER_PARTNERSHIP})
    if lead_coach is not None:
        _check_can_lead(partnership, lead_coach)
    case = Case(
        partnership=partnership, kind=kind, title=title, status=status, start_date=start_date,
        lead_coach=lead_coach, referred_by=referred_by, referral_channel=referral_channel,
        referral_note=referral_note,
    )
    _save(case)
    case.participants.set(participants)
    if lead_coach is not None:
        _save(CaseWorker(case=case, user=lead_coach, role=WorkerRole.LEAD, start_date=start_date))
    if purpose.strip():
        purpose_update(case=case, by=by, text=purpose)
    return case


CASE_EDITABLE_FIELDS = (
    "kind", "title", "status", "start_date", "close_date", "referred_by", "referral_channel", "referral_note",
    "handover_service", "handover_date", "handover_note", "regular_service", "fits_no_persona", "persona_note",
)


@transaction.atomic
def case_update(*, case: Case, by, expected_version: int, personas: Iterable[Persona] | None = None,
                **changes) -> Case:
    """Change a case, refusing the save when someone else saved it since
    ``expected_version`` was read (the caller keeps the user's input)."""
    before = {name: getattr(case, name) for name in CASE_EDITABLE_FIELDS}
    for name, value in changes.items():
        if name not in CASE_EDITABLE_FIELDS:
            raise ValueError(f"not editable: {name}")
        setattr(case, name, value)
    if case.status == CaseStatus.CLOSED and case.close_date is None:
        case.close_date = _today()
    if case.status != CaseStatus.CLOSED:
        case.close_date = None  # only a closed case has a close date
    if case.fits_no_persona and not case.persona_note.strip():
        raise ValidationError({"persona_note": NO_PERSONA_NOTE_REQUIRED})
    if personas is not None:
        personas = list(personas)
        if any(p.partnership_id != case.partnership_id for p in personas):
            raise ValidationError({"personas": PERSONA_OTHER_PARTNERSHIP})
    case.full_clean()
    # The conditional UPDATE is the lock: two saves from the same version cannot both win.
    fields = {name: getattr(case, name if name != "referred_by" else "referred_by_id")
              for name in (*CASE_EDITABLE_FIELDS,)}
    fields["referred_by_id"] = fields.pop("referred_by")
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise ConcurrentEditError(CONCURRENT_EDIT)
    if personas is not None:
        case.personas.set(personas)
    case.version = expected_version + 1
    # The conditional update bypasses signals: write the audit entry ourselves.
    _log_update(case, by, {name: [str(before[name]), str(getattr(case, name))] for name in CASE_EDITABLE_FIELDS
                           if before[name] != getattr(case, name)})
    return case


def _log_update(obj, by, changes: dict) -> None:
    get_logentry_model().objects.log_create(
        obj, action=1, changes=changes, force_log=True,
        actor=by if by is not None and getattr(by, "is_authenticated", False) else None,
    )


def _check_can_lead(partnership, user) -> None:
    if not has_perm(user, partnership, Perm.LEAD_CASES):
        if has_perm(user, partnership, Perm.VIEW_CASES):
            raise ValidationError({"user": EXPERT_CANNOT_LEAD})
        raise ValidationError({"user": NOT_IN_PARTNERSHIP})


@transaction.atomic
def case_assign_worker(*, case: Case, by, user, role: str, start_date: date | None = None) -> CaseWorker:
    """Add a co-coach or expert, or hand the lead to another coach (the previous
    lead's period ends, the history stays)."""
    start_date = start_date or _today()
    _require_case_worker(case.partnership_id, user)
    if role == WorkerRole.LEAD:
        _check_can_lead(case.partnership_id, user)
        CaseWorker.objects.filter(case=case, role=WorkerRole.LEAD, end_date__isnull=True).update(end_date=start_date)
        Case.objects.filter(pk=case.pk).update(lead_coach=user, version=F("version") + 1)
        case.lead_coach = user
        case.version += 1
    worker = CaseWorker(case=case, user=user, role=role, start_date=start_date)
    return _save(worker)


@transaction.atomic
def case_worker_end(*, worker: CaseWorker, by, end_date: date | None = None) -> CaseWorker:
    worker.end_date = end_date or _today()
    return _save(worker)


@transaction.atomic
def purpose_update(*, case: Case, by, text: str) -> PurposeVersion:
    """Editing the purpose adds a version; earlier ones stay."""
    return _save(PurposeVersion(case=case, text=text.strip(), recorded_at=timezone.now(), recorded_by=by))


# --- The 1-10 scale and the value demands ---------------------------------

@transaction.atomic
def scale_score_record(*, case: Case, by, score: int, interpretation: str, measured_at: date | None = None) -> ScaleScore:
    if score is None or not rules.SCALE_MIN <= int(score) <= rules.SCALE_MAX:
        raise ValidationError({"score": SCALE_OUT_OF_RANGE})
    if not (interpretation or "").strip():
        raise ValidationError({"interpretation": INTERPRETATION_REQUIRED})
    measured_at = measured_at or _today()
    _not_future(measured_at, "measured_at")
    return _save(ScaleScore(case=case, score=score, interpretation=interpretation.strip(),
                            measured_at=measured_at, recorded_by=by))


@transaction.atomic
def value_demand_add(*, case: Case, by, text: str) -> ValueDemand:
    position = case.value_demands.count() + 1
    return _save(ValueDemand(case=case, text=text.strip(), position=position))


@transaction.atomic
def value_demand_update(*, value_demand: ValueDemand, by, text: str | None = None,
                        is_active: bool | None = None) -> ValueDemand:
    if text is not None:
        value_demand.text = text.strip()
    if is_active is not None:
        value_demand.is_active = is_active
    return _save(value_demand)


@transaction.atomic
def value_reading_record(
    *, case: Case, by, scores: Mapping[int, int | None], scored_by: str = ScoredBy.COACH,
    measured_at: date | None = None, note: str = "",
) -> ValueReading:
    """One reading: ``scores`` maps value demand ids to 1-5 (None = not scored now)."""
    given = {int(k): v for k, v in scores.items() if v not in (None, "")}
    if not given:
        raise ValidationError({"scores": READING_EMPTY})
    for value in given.values():
        if not rules.VALUE_MIN <= int(value) <= rules.VALUE_MAX:
            raise ValidationError({"scores": VALUE_SCORE_OUT_OF_RANGE})
    demands = {d.pk: d for d in ValueDemand.objects.filter(case=case, pk__in=given)}
    if len(demands) != len(given):
        raise ValidationError({"scores": READING_FOREIGN_DEMAND})
    measured_at = measured_at or _today()
    _not_future(measured_at, "measured_at")
    reading = _save(ValueReading(case=case, measured_at=measured_at, scored_by=scored_by, recorded_by=by,
                                 note=note.strip()))
    rows = [ValueScore(reading=reading, value_demand=demands[pk], score=int(v)) for pk, v in given.items()]
    for row in rows:
        row.full_clean()
    ValueScore.objects.bulk_create(rows)
    return reading


# --- Failure demands, value steps, actions ---------------------------------

@transaction.atomic
def failure_demand_record(*, case: Case, by, description: str, cause: str, occurred_on: date | None = None,
                          system_condition: str = "", limiting_assumptions: str = "") -> FailureDemand:
    occurred_on = occurred_on or _today()
    _not_future(occurred_on, "occurred_on")
    return _save(FailureDemand(case=case, description=description.strip(), cause=cause, occurred_on=occurred_on,
                               system_condition=system_condition or "",
                               limiting_assumptions=(limiting_assumptions or "").strip(), recorded_by=by))


@transaction.atomic
def value_step_save(*, partnership, by, name: str, description: str = "", position: int | None = None,
                    is_active: bool = True, value_step: ValueStep | None = None) -> ValueStep:
    step = value_step or ValueStep(partnership=partnership)
    if position is None:
        position = step.position or (ValueStep.objects.filter(partnership=partnership).count() + 1)
    step.name, step.description, step.position, step.is_active = name.strip(), description, position, is_active
    return _save(step)


@transaction.atomic
def persona_save(*, partnership, by, name: str, value_demand_pattern: str = "", context: str = "",
                 is_active: bool = True, persona: Persona | None = None) -> Persona:
    persona = persona or Persona(partnership=partnership)
    persona.name, persona.value_demand_pattern, persona.context = name.strip(), value_demand_pattern, context
    persona.is_active = is_active
    return _save(persona)


@transaction.atomic
def action_record(*, case: Case, by, description: str, done_on: date | None = None, value_step=None,
                  value_demands: Iterable[ValueDemand] = (), helped: str = "unknown", observation: str = "",
                  participant_words: str = "", is_waste: bool = False) -> Action:
    done_on = done_on or _today()
    _not_future(done_on, "done_on")
    if value_step is not None and value_step.partnership_id != case.partnership_id:
        raise ValidationError({"value_step": CASE_OTHER_PARTNERSHIP})
    value_demands = list(value_demands)
    if any(d.case_id != case.pk for d in value_demands):
        raise ValidationError({"value_demands": READING_FOREIGN_DEMAND})
    action = _save(Action(case=case, description=description.strip(), done_on=done_on, value_step=value_step,
                          helped=helped, observation=observation, participant_words=participant_words,
                          is_waste=is_waste, recorded_by=by))
    action.value_demands.set(value_demands)
    return action


# --- Interactions and consultations ----------------------------------------

@transaction.atomic
def interaction_log(*, case: Case, by, channel: str, duration_minutes: int, occurred_at: datetime | None = None,
                    with_whom: str = "", note: str = "", coach=None) -> Interaction:
    if duration_minutes is None or not 1 <= int(duration_minutes) <= 1440:
        raise ValidationError({"duration_minutes": DURATION_OUT_OF_RANGE})
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": DATE_IN_FUTURE})
    return _save(Interaction(case=case, channel=channel, duration_minutes=duration_minutes, occurred_at=occurred_at,
                             with_whom=with_whom.strip(), note=note.strip(), coach=coach or by))


@transaction.atomic
def consultation_create(*, partnership, by, held_on: date, attendees: Iterable = (), external_attendees: str = "",
                        follow_up_actions: str = "") -> Consultation:
    """A case consultation; ``attendees`` are people of the partnership, ``external_attendees``
    one 'name (organisation)' per line for guests."""
    consultation = _save(Consultation(partnership=partnership, held_on=held_on, follow_up_actions=follow_up_actions,
                                      created_by=by))
    rows = [ConsultationAttendee(consultation=consultation, user=u, name=str(u), organisation=u.organisation)
            for u in attendees]
    for line in (external_attendees or "").splitlines():
        if line.strip():
            rows.append(ConsultationAttendee(consultation=consultation, name=line.strip()[:200]))
    ConsultationAttendee.objects.bulk_create(rows)
    return consultation


@transaction.atomic
def consultation_discuss_case(*, consultation: Consultation, by, case: Case, conclusions: str,
                              follow_up: str = "") -> ConsultationCase:
    if case.partnership_id != consultation.partnership_id:
        raise ValidationError({"case": CASE_OTHER_PARTNERSHIP})
    row, _created = ConsultationCase.objects.get_or_create(
        consultation=consultation, case=case, defaults={"conclusions": conclusions.strip(), "follow_up": follow_up}
    )
    if not _created:
        row.conclusions, row.follow_up = conclusions.strip(), follow_up
    return _save(row)


# --- Outcomes, employment, ladder, empowerment, follow-up, notes -----------

@transaction.atomic
def outcome_record(*, case: Case, by, kind: str, achieved_on: date | None = None, note: str = "") -> Outcome:
    achieved_on = achieved_on or _today()
    _not_future(achieved_on, "achieved_on")
    return _save(Outcome(case=case, kind=kind, achieved_on=achieved_on, note=note, recorded_by=by))


@transaction.atomic
def employment_period_record(*, case: Case, by, start_date: date, end_date: date | None = None, employer: str = "",
                             dimona_verified: bool = False, verified_on: date | None = None) -> EmploymentPeriod:
    if dimona_verified and verified_on is None:
        verified_on = _today()
    return _save(EmploymentPeriod(case=case, start_date=start_date, end_date=end_date, employer=employer,
                                  dimona_verified=dimona_verified, verified_on=verified_on))


@transaction.atomic
def ladder_step_record(*, case: Case, by, step: int, measured_at: date | None = None, note: str = "") -> LadderStep:
    measured_at = measured_at or _today()
    _not_future(measured_at, "measured_at")
    return _save(LadderStep(case=case, step=step, measured_at=measured_at, note=note, recorded_by=by))


@transaction.atomic
def empowerment_record(*, case: Case, by, score, measured_at: date | None = None, is_baseline: bool | None = None,
                       instrument: str = "Empowermentschaal", note: str = "") -> EmpowermentMeasurement:
    """The first measurement of a case is its baseline unless said otherwise."""
    has_baseline = case.empowerment_measurements.filter(is_baseline=True).exists()
    if is_baseline is None:
        is_baseline = not has_baseline
    elif is_baseline and has_baseline:
        raise ValidationError({"is_baseline": BASELINE_EXISTS})
    measured_at = measured_at or _today()
    _not_future(measured_at, "measured_at")
    return _save(EmpowermentMeasurement(case=case, score=score, measured_at=measured_at, is_baseline=is_baseline,
                                        instrument=instrument, note=note, recorded_by=by))


@transaction.atomic
def follow_up_record(*, case: Case, by, note: str, done_on: date | None = None) -> FollowUp:
    done_on = done_on or _today()
    _not_future(done_on, "done_on")
    return _save(FollowUp(case=case, note=note.strip(), done_on=done_on, recorded_by=by))


@transaction.atomic
def note_add(*, case: Case, by, text: str, is_sensitive: bool = False) -> Note:
    return _save(Note(case=case, text=text.strip(), is_sensitive=is_sensitive, author=by))


# --- Anonymisation ---------------------------------------------------------

# Free-text fields that may identify a person, per model (counts, dates,
# scores, categories and durations stay: the reports need them).
FREE_TEXT = {
    PurposeVersion: ["text"],
    ScaleScore: ["interpretation"],
    ValueDemand: ["text"],
    ValueReading: ["note"],
    FailureDemand: ["description", "limiting_assumptions"],
    Action: ["description", "observation", "participant_words"],
    Interaction: ["with_whom", "note"],
    ConsultationCase: ["conclusions", "follow_up"],
    Outcome: ["note"],
    EmploymentPeriod: ["employer"],
    LadderStep: ["note"],
    EmpowermentMeasurement: ["note"],
    FollowUp: ["note"],
    Note: ["text"],
}


@transaction.atomic
def case_anonymise(*, case: Case, by) -> Case:
    """Erase everything that identifies the participant(s), keep the numbers.

    Participants keep only their birth year (age groups in reports); their
    names, contact data and national number go, as do the case's free texts.
    The audit trail of these records keeps who did what when, but the changed
    values and object names are erased too (they held the personal data)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at is not None:
        raise ValidationError(ALREADY_ANONYMISED)
    now = timezone.now()
    LogEntry = get_logentry_model()
    scrub: list[tuple[type, list]] = []
    export_pks = list(SubjectAccessExport.objects.filter(case=case).values_list("pk", flat=True))
    if export_pks:
        scrub.append((SubjectAccessExport, export_pks))
    _delete_exports(case)
    for participant in case.participants.all():
        # A participant shared with another (open) case keeps their data there.
        if participant.cases.exclude(pk=case.pk).filter(anonymised_at__isnull=True).exists():
            continue
        Participant.objects.filter(pk=participant.pk).update(
            first_name=ANONYMISED, last_name="", phone="", email="", address="", referral_source="",
            national_number="",
            date_of_birth=participant.date_of_birth.replace(month=1, day=1) if participant.date_of_birth else None,
            anonymised_at=now,
        )
        scrub.append((Participant, [participant.pk]))
    for model, fields in FREE_TEXT.items():
        rows = model.objects.filter(case=case)
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            rows.update(**{field: ANONYMISED for field in fields})
            scrub.append((model, pks))
    Case.objects.filter(pk=case.pk).update(
        title="", referral_note="", handover_note="", persona_note="", anonymised_at=now, version=F("version") + 1,
    )
    scrub.append((Case, [case.pk]))
    for model, pks in scrub:
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks]).update(
            changes={}, changes_text="", object_repr=str(case), serialized_data=None,
        )
    case.refresh_from_db()
    _log_update(case, by, {"anonymised_at": [None, str(now)]})
    return case


def cases_due_for_anonymisation(*, today: date | None = None, years: int | None = None):
    from django.conf import settings

    years = years if years is not None else getattr(settings, "CASES_RETENTION_YEARS", rules.DEFAULT_RETENTION_YEARS)
    today = today or _today()
    limit = today - rules.relativedelta(years=years)
    return Case.objects.filter(status=CaseStatus.CLOSED, close_date__lte=limit, anonymised_at__isnull=True)


# --- Subject-access export (PDF rendered by a worker) ------------------------

def subject_access_export_request(*, case: Case, by) -> SubjectAccessExport:
    """Create the job row, then hand it to the queue once the row is committed."""
    with transaction.atomic():
        job = _save(SubjectAccessExport(case=case, requested_by=by))
        transaction.on_commit(lambda: _send_export(job))
    return job


def _send_export(job: SubjectAccessExport) -> bool:
    from kombu.exceptions import OperationalError

    from .tasks import render_subject_access_export

    try:
        render_subject_access_export.apply_async(args=[job.pk], queue="pdf")
    except OperationalError:
        log.warning("broker unreachable; export job %s kept to send later", job.pk)
        return False
    SubjectAccessExport.objects.filter(pk=job.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def subject_access_exports_send_pending(*, case: Case | None = None) -> int:
    """Send the jobs the broker never received (it was down at request time)."""
    sent = 0
    jobs = SubjectAccessExport.objects.filter(status=SubjectAccessExport.Status.QUEUED, sent_at__isnull=True)
    if case is not None:
        jobs = jobs.filter(case=case)
    for job in jobs:
        if not _send_export(job):
            break
        sent += 1
    return sent


def subject_access_export_claim(*, job_id: int) -> SubjectAccessExport | None:
    """Claim with a conditional UPDATE; None when already done or gone."""
    claimed = SubjectAccessExport.objects.filter(
        pk=job_id, status__in=[SubjectAccessExport.Status.QUEUED, SubjectAccessExport.Status.RUNNING]
    ).update(status=SubjectAccessExport.Status.RUNNING, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return SubjectAccessExport.objects.select_related("case", "case__partnership").get(pk=job_id)


def subject_access_export_finish(*, job: SubjectAccessExport, pdf: bytes) -> SubjectAccessExport:
    """Write under a temporary name, then rename into place, then mark done."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    final_name = f"cases/exports/{job.code}.pdf"
    temp_name = default_storage.save(f"{final_name}.part", ContentFile(pdf))
    if hasattr(default_storage, "path"):
        final_path = default_storage.path(final_name)
        os.makedirs(os.path.dirname(final_path), exist_ok=True)
        os.replace(default_storage.path(temp_name), final_path)
    else:  # pragma: no cover - remote storages
        final_name = default_storage.save(final_name, default_storage.open(temp_name))
        default_storage.delete(temp_name)
    SubjectAccessExport.objects.filter(pk=job.pk).update(
        status=SubjectAccessExport.Status.DONE, file=final_name, finished_at=timezone.now(), reason="")
    job.refresh_from_db()
    return job


def subject_access_export_fail(*, job_id: int, reason: str) -> None:
    SubjectAccessExport.objects.filter(pk=job_id).exclude(status=SubjectAccessExport.Status.DONE).update(
        status=SubjectAccessExport.Status.FAILED, reason=reason[:500], finished_at=timezone.now())


def _delete_exports(case: Case) -> None:
    """Exports hold personal data: files and rows go when the case is anonymised."""
    for job in SubjectAccessExport.objects.filter(case=case):
        if job.file:
            job.file.delete(save=False)
    SubjectAccessExport.objects.filter(case=case).delete()
