"""Samples for the scoping walker (tests/test_scoping_walker.py).

The walker visits every URL pattern as partnership A's people, filling each
URL keyword argument with an object **of partnership B**; every such page must
answer 404 (or a redirect to the login page). URL keyword arguments are named
after what they identify (``partnership``, ``case``, ``membership_id``, …).

When you add a view with a new keyword argument, add a sample here: a function
that receives the World and returns the value for partnership B's object. The
walker fails on any keyword argument it has no sample for, so no view escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .world import World

SAMPLES: dict[str, Callable[[World], Any]] = {}


def sample(*kwarg_names: str):
    def register(func):
        for name in kwarg_names:
            SAMPLES[name] = func
        return func

    return register


@sample("partnership")
def _partnership(world: World):
    return world.partnership_b.code


@sample("membership_id")
def _membership(world: World):
    return world.partnership_b.memberships.first().pk


@sample("format")
def _format(world: World):
    return "json"


# URL names the walker does not visit, with the reason.
SKIPPED_URL_NAMES = {
    "password_reset_confirm": "a token link; it identifies no partnership object",
    "set_language": "POST-only language switch, no data",
    "logout": "ends the walker's own session",
    "api-docs": "static Swagger page; its schema is walked as api-schema",
}
SKIPPED_PREFIXES = ("admin/",)  # the Django admin is for superusers only


# The same keywords filled with partnership A's *own* objects, for tests that
# render every page for its rightful users (tests/test_templates_i18n.py).
SAMPLES_OWN: dict[str, Callable[[World], Any]] = {}


def own_sample(*kwarg_names: str):
    def register(func):
        for name in kwarg_names:
            SAMPLES_OWN[name] = func
        return func

    return register


# --- reporting (budgets, quarterly report jobs, content reports, exports) ---

def _reporting_objects(partnership):
    from reporting import services as reporting_services
    from reporting.models import Budget, QuestionnaireResponse, ReportJob

    budget = Budget.objects.filter(partnership=partnership).first() or reporting_services.budget_create(
        partnership=partnership, year=2025
    )
    job = ReportJob.objects.filter(partnership=partnership).first() or ReportJob.objects.create(
        partnership=partnership, year=2025, quarter=1
    )
    response = QuestionnaireResponse.objects.filter(partnership=partnership).first()
    if response is None:
        template = reporting_services.questionnaire_template_install()[0]
        response = reporting_services.response_start(partnership=partnership, template=template, period="2025", by=None)
    return {"budget": budget.code, "report": job.code, "response": response.code}


for _kw in ("budget", "report", "response"):
    SAMPLES[_kw] = (lambda kw: lambda world: _reporting_objects(world.partnership_b)[kw])(_kw)
    SAMPLES_OWN[_kw] = (lambda kw: lambda world: _reporting_objects(world.partnership_a)[kw])(_kw)


@sample("dataset")
@own_sample("dataset")
def _reporting_dataset(world: World):
    return "deelnemers"


@sample("file_format")
@own_sample("file_format")
def _reporting_file_format(world: World):
    return "csv"


# --- cases (casework) -------------------------------------------------------

def _case_in(world: World, partnership, coach, attr: str):
    """One case per partnership, made through the services and cached on the world."""
    found = getattr(world, attr, None)
    if found is None:
        from datetime import date

        from cases import services as case_services

        participant = case_services.participant_create(
            partnership=partnership, by=coach, first_name="Walker", last_name=f"Deelnemer {attr}",
        )
        found = case_services.case_open(
            partnership=partnership, by=coach, start_date=date(2025, 1, 6), lead_coach=coach,
            participants=[participant], purpose="Een eigen plek vinden",
        )
        case_services.value_demand_add(case=found, by=coach, text="Rust in mijn hoofd")
        case_services.scale_score_record(case=found, by=coach, score=4, interpretation="Eerste gesprekken lopen goed")
        setattr(world, attr, found)
    return found


def _consultation_in(world: World, partnership, coach, attr: str):
    found = getattr(world, attr, None)
    if found is None:
        from datetime import date

        from cases import services as case_services

        found = case_services.consultation_create(partnership=partnership, by=coach, held_on=date(2025, 3, 3))
        setattr(world, attr, found)
    return found


@sample("case")
def _case_b(world: World):
    return _case_in(world, world.partnership_b, world.coach_b, "_case_b").code


@own_sample("case")
def _case_a(world: World):
    return _case_in(world, world.partnership_a, world.coach_a, "_case_a").code


@sample("worker_id")
def _worker_b(world: World):
    return _case_in(world, world.partnership_b, world.coach_b, "_case_b").workers.first().pk


@own_sample("worker_id")
def _worker_a(world: World):
    return _case_in(world, world.partnership_a, world.coach_a, "_case_a").workers.first().pk


@sample("consultation")
def _consultation_b(world: World):
    return _consultation_in(world, world.partnership_b, world.coach_b, "_consultation_b").code


@own_sample("consultation")
def _consultation_a(world: World):
    return _consultation_in(world, world.partnership_a, world.coach_a, "_consultation_a").code


# --- Governance (partnerships/governance) --------------------------------------

def _governance_in(world: World, side: str):
    """One of each governance object in partnership A or B, built once per world
    through the services (B gets a board member and a team coach for it)."""
    cached = getattr(world, f"_governance_{side}", None)
    if cached is not None:
        return cached
    from datetime import date
    from decimal import Decimal

    from partnerships import services as partnership_services
    from partnerships.governance import rules, services
    from partnerships.governance.models import Meeting
    from partnerships.models import Role

    from .world import make_user

    if side == "a":
        partnership, coordinator, board, field = (
            world.partnership_a, world.coordinator_a, world.board_a, world.coach_a)
    else:
        partnership, coordinator = world.partnership_b, world.coordinator_b
        board = make_user("board_gov_b", world.org_b)
        partnership_services.membership_grant(partnership=partnership, user=board, role=Role.BOARD_MEMBER)
        field = world.coach_b
    meeting = services.meeting_create(partnership=partnership, by=coordinator, kind=Meeting.Kind.BOARD,
                                      held_on=date(2025, 3, 10), title=f"Bestuursraad {side}")
    decision = services.decision_create(meeting=meeting, by=board, title="Voorstel", proposal="Voorstel",
                                        method=rules.Method.CONSENT)
    objection = services.objection_add(decision=decision, by=board, reasoning="Bezwaar")
    agreement = services.agreement_create(partnership=partnership, by=coordinator, description="Afspraak",
                                          owner=board, due_on=date(2025, 4, 1), meeting=meeting)
    issue = services.issue_raise(partnership=partnership, by=field, title="Kwestie", description="Omschrijving",
                                 why_team_cannot_solve="Mandaat")
    initiative = services.initiative_propose(partnership=partnership, by=field, title="Initiatief",
                                             waste_or_failure_demand="Faalvraag", cause="Oorzaak",
                                             rationale="Waarom", evaluation_method="Meten")
    challenge = services.challenge_record(partnership=partnership, by=coordinator, challenger="Uitdager",
                                          lodged_on=date(2027, 9, 1), claimed_added_value="Meerwaarde")
    collaboration = services.collaboration_agreement_ensure(partnership=partnership)
    tension = services.tension_add(agreement=collaboration, by=coordinator, domain=rules.TensionDomain.VALUE_CREATION,
                                   canvas_block=rules.CanvasBlock.KEY_PARTNERS, title="Spanning")
    services.distribution_key_create(agreement=collaboration, by=coordinator, valid_from=date(2025, 1, 1),
                                     shares=[(partnership.pen_holder, Decimal("100"))])
    milestone = services.milestone_create(partnership=partnership, by=coordinator, period="first_year",
                                          title="Mijlpaal", planned_on=date(2025, 6, 30))
    cached = {
        "meeting": meeting.code, "decision": decision.code, "objection_id": objection.pk,
        "agreement": agreement.code, "issue": issue.code, "initiative": initiative.code,
        "challenge": challenge.code, "facet_id": collaboration.facets.first().pk, "tension": tension.code,
        "milestone": milestone.code,
    }
    setattr(world, f"_governance_{side}", cached)
    return cached


def _governance_sample(name):
    @sample(name)
    def _b(world: World):
        return _governance_in(world, "b")[name]

    @own_sample(name)
    def _a(world: World):
        return _governance_in(world, "a")[name]


for _name in ("meeting", "decision", "objection_id", "agreement", "issue", "initiative", "challenge",
              "facet_id", "tension", "milestone"):
    _governance_sample(_name)


# --- matching (scope: the work area; candidates see only their own candidacies) ---

def _draft(services, area, user):
    return services.candidacy_start(work_area=area, by=user)


def _matching_objects(world: World, area, prefix: str, own: bool) -> dict:
    """A matching in ``area``: roles, a rejected and mailed candidacy with a document and
    an appeal with an attachment, a queued final report and an emergency procedure.
    Built once per world (cached on it)."""
    cache = world.__dict__.setdefault("_matching_samples", {})
    if prefix in cache:
        return cache[prefix]
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    from matching import services as m
    from matching.models import EmergencyProcedure, FinalReport, MatchingRole, MailKind

    from .matching.helpers import candidate as new_candidate
    from .matching.helpers import decide, declare_all, make_matching_world, submitted_candidacy

    mw = make_matching_world(area, prefix=prefix)
    if own:  # A's people get matching roles, so the pages render for them (tests/test_templates_i18n.py)
        m.matching_role_grant(work_area=area, user=world.coordinator_a, role=MatchingRole.Kind.COORDINATOR, by=None)
        m.matching_role_grant(work_area=area, user=world.board_a, role=MatchingRole.Kind.MATCHMAKER, group="vdab", by=None)
        m.matching_role_grant(work_area=area, user=world.coach_a, role=MatchingRole.Kind.OBSERVER, by=None)
    candidacy = submitted_candidacy(mw, f"Kandidaat {prefix}")
    candidate = mw.candidates[f"Kandidaat {prefix}"]
    declare_all(mw, candidacy)
    decide(mw, candidacy, 1, 2, 3)
    document = m.document_add(candidacy=_draft(m, area, new_candidate(mw, f"Ontwerp {prefix}")[1]),
                              by=mw.candidates[f"Ontwerp {prefix}"], upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test"))
    mail = m.mails_prepare(work_area=area, by=mw.coordinator)[0]
    m.mail_send(mail=mail, by=mw.coordinator)
    m.mail_deliver(mail_id=mail.pk)
    appeal = m.appeal_lodge(candidacy=candidacy, by=candidate, criterion="crucial", overlooked="Bijlage 2",
                            motivation="Niet gelezen", uploads=[SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4")])
    report = FinalReport.objects.create(work_area=area, version=1, created_by=mw.coordinator)
    partnership = area.partnerships.first()
    emergency = EmergencyProcedure.objects.create(
        partnership=partnership, work_area=area, motivation="Geen akkoord over rollen",
        vdab_representative=mw.vdab1, local_government_representative=mw.local,
        started_on=partnership.start_date - timedelta(days=10), started_by=mw.coordinator,
    )
    cache[prefix] = {
        "work_area": area.code, "role_id": MatchingRole.objects.filter(work_area=area).first().pk,
        "candidacy": candidacy.code, "candidacy_document": document.code, "decision_mail": mail.code,
        "appeal": appeal.code, "appeal_document": appeal.documents.first().code, "final_report": report.code,
        "emergency": emergency.code, "mail_kind": MailKind.NEGATIVE_ROUND1.value, "round": 1,
    }
    return cache[prefix]


for _kw in ("work_area", "role_id", "candidacy", "candidacy_document", "decision_mail", "appeal", "appeal_document",
            "final_report", "emergency", "mail_kind", "round"):
    if _kw not in SAMPLES:
        SAMPLES[_kw] = (lambda kw: lambda world: _matching_objects(world, world.partnership_b.work_area, "mb", own=False)[kw])(_kw)
    if _kw not in SAMPLES_OWN:
        SAMPLES_OWN[_kw] = (lambda kw: lambda world: _matching_objects(world, world.partnership_a.work_area, "ma", own=True)[kw])(_kw)


def _case_entries(world: World, case, coach, attr: str) -> dict:
    found = getattr(world, attr, None)
    if found is None:
        from cases import services as case_services

        demand = case.value_demands.first()
        found = {
            "scale_score_id": case.scale_scores.first().pk,
            "value_reading_id": case_services.value_reading_record(case=case, by=coach, scores={demand.pk: 3}).pk,
            "interaction_id": case_services.interaction_log(case=case, by=coach, channel="phone",
                                                            duration_minutes=10).pk,
            "outcome_id": case_services.outcome_record(case=case, by=coach, kind="housing").pk,
        }
        setattr(world, attr, found)
    return found


# API lookups of case entries: B's objects for the walker, A's own for the page tests.
for _kw in ("scale_score_id", "value_reading_id", "interaction_id", "outcome_id"):
    SAMPLES[_kw] = (lambda kw: lambda world: _case_entries(
        world, _case_in(world, world.partnership_b, world.coach_b, "_case_b"), world.coach_b, "_entries_b")[kw])(_kw)
    SAMPLES_OWN[_kw] = (lambda kw: lambda world: _case_entries(
        world, _case_in(world, world.partnership_a, world.coach_a, "_case_a"), world.coach_a, "_entries_a")[kw])(_kw)


@sample("content_report")
def _reporting_content_report_b(world: World):
    return _reporting_objects(world.partnership_b)["response"]


@own_sample("content_report")
def _reporting_content_report_a(world: World):
    return _reporting_objects(world.partnership_a)["response"]


def _reporting_files(partnership):
    """A cofinancing line with a proof document and an answer attachment of ``partnership``."""
    from django.core.files.base import ContentFile

    from reporting.models import AnswerAttachment, CofinancingLine

    objects = _reporting_objects(partnership)
    line = CofinancingLine.objects.filter(budget__partnership=partnership).first()
    if line is None:
        from reporting.models import Budget

        line = CofinancingLine(budget=Budget.objects.get(code=objects["budget"]), strand="operation",
                               source="other", amount="10.00")
        line.proof.save("bewijs.pdf", ContentFile(b"%PDF-1.4"), save=False)
        line.save()
    attachment = AnswerAttachment.objects.filter(answer__response__partnership=partnership).first()
    if attachment is None:
        from reporting.models import Answer

        answer = Answer.objects.filter(response__code=objects["response"]).first()
        attachment = AnswerAttachment(answer=answer, name="deliverable.pdf")
        attachment.file.save("deliverable.pdf", ContentFile(b"%PDF-1.4"), save=False)
        attachment.save()
    return {"cofinancing_id": line.pk, "attachment_id": attachment.pk}


for _kw in ("cofinancing_id", "attachment_id"):
    SAMPLES[_kw] = (lambda kw: lambda world: _reporting_files(world.partnership_b)[kw])(_kw)
    SAMPLES_OWN[_kw] = (lambda kw: lambda world: _reporting_files(world.partnership_a)[kw])(_kw)


def _framework(world: World, partnership, attr: str):
    found = getattr(world, attr, None)
    if found is None:
        from cases import services as case_services

        found = {
            "value_step_id": case_services.value_step_save(partnership=partnership, by=None, name="Vertrouwen").pk,
            "persona_id": case_services.persona_save(partnership=partnership, by=None, name="Jongere").pk,
        }
        setattr(world, attr, found)
    return found


for _kw in ("value_step_id", "persona_id"):
    SAMPLES[_kw] = (lambda kw: lambda world: _framework(world, world.partnership_b, "_framework_b")[kw])(_kw)
    SAMPLES_OWN[_kw] = (lambda kw: lambda world: _framework(world, world.partnership_a, "_framework_a")[kw])(_kw)


def _export(world: World, case, coach, attr: str):
    found = getattr(world, attr, None)
    if found is None:
        from cases import services as case_services
        from cases.models import SubjectAccessExport

        found = SubjectAccessExport.objects.create(case=case, requested_by=coach)
        found = case_services.subject_access_export_finish(job=found, pdf=b"%PDF-1.7 walker sample")
        setattr(world, attr, found)
    return found.code


@sample("export")
def _export_b(world: World):
    return _export(world, _case_in(world, world.partnership_b, world.coach_b, "_case_b"), world.coach_b, "_export_b")


@own_sample("export")
def _export_a(world: World):
    return _export(world, _case_in(world, world.partnership_a, world.coach_a, "_case_a"), world.coach_a, "_export_a")


@sample("value_demand_id")
def _value_demand_b(world: World):
    return _case_in(world, world.partnership_b, world.coach_b, "_case_b").value_demands.first().pk


@own_sample("value_demand_id")
def _value_demand_a(world: World):
    return _case_in(world, world.partnership_a, world.coach_a, "_case_a").value_demands.first().pk
