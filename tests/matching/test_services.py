"""The matching's services: every rule of the issue at its edge, through the real writes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from matching import rules, selectors, services
from matching.models import Appeal, Candidacy, DecisionMail, JuryDecision, LocalAddendum, MailKind, Score
from partnerships.models import WorkArea

from .helpers import (
    ANSWERS, candidate, decide, declare_all, hold_pitch, make_matching_world, score_all, send_mails,
    submitted_candidacy,
)

BRU = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def messages(exc):
    return " ".join(exc.value.messages)


# --- Addendum ------------------------------------------------------------------

def _draft_addendum(mw, publication, deadline):
    area = WorkArea.objects.create(name="Nieuw gebied")
    services.matching_role_grant(work_area=area, user=mw.coordinator, role="coordinator", by=None)
    return services.addendum_save(work_area=area, by=mw.coordinator, publication_date=publication, candidacy_deadline=deadline)


def test_publishing_with_a_deadline_41_days_after_publication_is_refused_with_the_reason(mw):
    start = timezone.localdate()
    addendum = _draft_addendum(mw, start, start + timedelta(days=41))
    with pytest.raises(ValidationError) as exc:
        services.addendum_publish(addendum=addendum, by=mw.coordinator)
    assert "6 weken (42 dagen)" in messages(exc) and "41" in messages(exc)
    addendum.refresh_from_db()
    assert addendum.status == LocalAddendum.Status.DRAFT


def test_publishing_with_a_deadline_42_days_after_publication_is_accepted(mw):
    start = timezone.localdate()
    addendum = _draft_addendum(mw, start, start + timedelta(days=42))
    assert services.addendum_publish(addendum=addendum, by=mw.coordinator).is_published
    assert addendum.work_area_id in {a.work_area_id for a in selectors.published_addenda()}


def test_only_the_coordinator_publishes(mw):
    with pytest.raises(PermissionDenied):
        services.addendum_publish(addendum=mw.addendum, by=mw.vdab1)


# --- Candidacies -------------------------------------------------------------------

def test_a_second_candidacy_of_the_same_organisation_for_the_same_area_is_refused(mw):
    _org, user = candidate(mw, "Arktos")
    services.candidacy_start(work_area=mw.area, by=user)
    with pytest.raises(ValidationError) as exc:
        services.candidacy_start(work_area=mw.area, by=user)
    assert str(services.ERROR_SECOND_CANDIDACY) in messages(exc)


def test_the_same_organisation_may_apply_in_another_area(mw, world):
    other = make_matching_world(world.partnership_b.work_area, prefix="o")
    _org, user = candidate(mw, "Arktos")
    services.candidacy_start(work_area=mw.area, by=user)
    assert services.candidacy_start(work_area=other.area, by=user).work_area == other.area


def test_vdab_and_local_governments_do_not_apply(mw):
    with pytest.raises(ValidationError) as exc:
        services.candidacy_start(work_area=mw.area, by=mw.vdab1)
    assert str(services.ERROR_NOT_ELIGIBLE) in messages(exc)


def test_submission_needs_a_legal_person_all_answers_and_a_challenge_and_keeps_the_draft(mw):
    _org, user = candidate(mw, "Route 11")
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    services.candidacy_update(candidacy=candidacy, by=user, legal_form="bvba", invoice_only=True, crucial_q1="Ons antwoord")
    with pytest.raises(ValidationError) as exc:
        services.candidacy_submit(candidacy=candidacy, by=user)
    errors = exc.value.message_dict
    assert errors["is_legal_person"] == [str(services.ERROR_LEGAL_PERSON)]
    assert errors["invoice_only"] == [str(services.ERROR_INVOICE_ONLY)]
    assert errors["fit_q4"] == [str(services.ERROR_ANSWER_REQUIRED)]
    assert errors["challenges"] == [str(services.ERROR_CHALLENGE_REQUIRED)]
    candidacy.refresh_from_db()
    assert candidacy.is_draft and candidacy.crucial_q1 == "Ons antwoord"


def test_submission_closes_after_the_deadline_day_in_brussels(mw):
    _org, user = candidate(mw, "WEB")
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    services.candidacy_update(candidacy=candidacy, by=user, challenges=[mw.challenge], legal_form="vzw", is_legal_person=True, **ANSWERS)
    deadline = mw.addendum.candidacy_deadline
    late = datetime(deadline.year, deadline.month, deadline.day, tzinfo=BRU) + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.candidacy_submit(candidacy=candidacy, by=user, now=late)
    assert "Indienen kan niet meer" in messages(exc)
    last_minute = datetime(deadline.year, deadline.month, deadline.day, 23, 59, tzinfo=BRU)
    assert services.candidacy_submit(candidacy=candidacy, by=user, now=last_minute).stage == Candidacy.Stage.SUBMITTED


def test_only_the_candidate_edits_its_candidacy(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    with pytest.raises(PermissionDenied):
        services.candidacy_update(candidacy=candidacy, by=mw.coordinator, legal_form="x")


def test_uploads_are_checked_for_type_and_size(mw, settings):
    _org, user = candidate(mw, "Synkroon")
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    with pytest.raises(ValidationError) as exc:
        services.document_add(candidacy=candidacy, by=user, upload=SimpleUploadedFile("virus.exe", b"x"))
    assert "bestandstype" in messages(exc)
    big = SimpleUploadedFile("plan.pdf", b"x" * (rules.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        services.document_add(candidacy=candidacy, by=user, upload=big)
    assert "te groot" in messages(exc)
    document = services.document_add(candidacy=candidacy, by=user, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4"))
    assert document.size == 8


# --- Jury, conflicts and scores ---------------------------------------------------------

def test_scoring_needs_a_declaration_first(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=3, motivation="m")
    assert str(services.ERROR_DECLARE_FIRST) in messages(exc)


def test_a_conflicted_matchmaker_does_not_score(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy, vdab2=True)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=candidacy, by=mw.vdab2, round=1, criterion="crucial", value=3, motivation="m")
    assert str(services.ERROR_CONFLICTED) in messages(exc)


def test_a_waiver_needs_a_written_motivation(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    with pytest.raises(ValidationError) as exc:
        services.conflict_declare(candidacy=candidacy, by=mw.vdab1, has_conflict=True, kind="funded", waived=True)
    assert exc.value.message_dict["waiver_motivation"] == [str(services.ERROR_WAIVER_MOTIVATION)]
    declaration = services.conflict_declare(candidacy=candidacy, by=mw.vdab1, has_conflict=True, kind="funded",
                                            waived=True, waiver_motivation="Subsidie loopt af, geen band meer")
    assert not declaration.recused


def test_a_jury_valid_only_before_a_recusal_blocks_scoring_and_names_the_missing_group(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy, external1=True, external2=True)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=3, motivation="m")
    assert "Onafhankelijke externe" in messages(exc)


def test_a_jury_without_an_external_blocks_scoring(mw):
    from matching.models import MatchingRole

    MatchingRole.objects.filter(work_area=mw.area, group="external").delete()
    candidacy = submitted_candidacy(mw, "Emino")
    services.conflict_declare(candidacy=candidacy, by=mw.vdab1, has_conflict=False)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=3, motivation="m")
    assert "Ontbrekende groep: Onafhankelijke externe" in messages(exc)


def test_a_score_needs_a_motivation_and_a_value_from_1_to_4(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=5, motivation=" ")
    assert set(exc.value.message_dict) == {"value", "motivation"}


def test_scores_are_append_only_and_the_history_stays(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    first = services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=2, motivation="eerst")
    second = services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=3, motivation="na overleg")
    assert second.supersedes == first
    assert Score.objects.filter(candidacy=candidacy, matchmaker=mw.vdab1).count() == 2
    assert services.current_score(candidacy, mw.vdab1, 1, "crucial") == second


def test_scores_of_others_are_hidden_until_one_has_scored_oneself(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=2, motivation="m")
    grid = selectors.jury_grid(mw.area, 1, mw.local)
    cell = next(c for c in grid["rows"][0].cells if c.member.user_id == mw.vdab1.pk)
    assert cell.values["crucial"] == "hidden"
    assert selectors.score_history(candidacy, 1, mw.local, mw.area) == []
    services.score_submit(candidacy=candidacy, by=mw.local, round=1, criterion="crucial", value=4, motivation="m")
    mw.local.__dict__.pop("_matching_roles", None)
    grid = selectors.jury_grid(mw.area, 1, mw.local)
    cell = next(c for c in grid["rows"][0].cells if c.member.user_id == mw.vdab1.pk)
    assert cell.values["crucial"].value == 2
    assert cell.values["fit"] is None
    assert grid["rows"][0].disagreement["crucial"]


def test_a_conflicted_matchmaker_never_sees_others_scores(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy, vdab2=True)
    services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=2, motivation="m")
    grid = selectors.jury_grid(mw.area, 1, mw.vdab2)
    cell = next(c for c in grid["rows"][0].cells if c.member.user_id == mw.vdab1.pk)
    assert cell.values["crucial"] == "hidden"


def test_the_coordinator_and_observer_see_all_scores(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=2, motivation="m")
    for viewer in (mw.coordinator, mw.observer):
        grid = selectors.jury_grid(mw.area, 1, viewer)
        cell = next(c for c in grid["rows"][0].cells if c.member.user_id == mw.vdab1.pk)
        assert cell.values["crucial"].value == 2


# --- Decisions -----------------------------------------------------------------------

@pytest.mark.parametrize("votes, expected", [((4, 4, 2), 4), ((2, 3, 4), 3), ((1, 3, 3), 3)])
def test_a_vote_gives_the_median_of_the_three_group_votes(mw, votes, expected):
    candidacy = submitted_candidacy(mw, "Emino")
    decision = services.jury_decision_record(
        candidacy=candidacy, by=mw.coordinator, round=1, criterion="crucial", method=JuryDecision.Method.VOTE,
        motivation="Verdeeld", votes=dict(zip(("vdab", "local_government", "external"), votes)),
    )
    assert decision.score == expected
    assert (decision.vote_vdab, decision.vote_local_government, decision.vote_external) == votes


def test_a_group_whose_members_disagree_casts_one_explicit_vote(mw):
    """The two VDAB matchmakers scored 2 and 4: VDAB's vote is entered, never averaged."""
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    for juror, value in ((mw.vdab1, 2), (mw.vdab2, 4), (mw.local, 3), (mw.external1, 3), (mw.external2, 3)):
        services.score_submit(candidacy=candidacy, by=juror, round=1, criterion="crucial", value=value, motivation="m")
    with pytest.raises(ValidationError) as exc:
        services.jury_decision_record(candidacy=candidacy, by=mw.coordinator, round=1, criterion="crucial",
                                      method=JuryDecision.Method.VOTE, motivation="m", votes={"local_government": 3, "external": 3})
    assert str(services.ERROR_VOTES_REQUIRED) in messages(exc)
    decision = services.jury_decision_record(candidacy=candidacy, by=mw.coordinator, round=1, criterion="crucial",
                                             method=JuryDecision.Method.VOTE, motivation="m",
                                             votes={"vdab": 2, "local_government": 3, "external": 3})
    assert decision.vote_vdab == 2 and decision.score == 3


def test_exactly_3_on_both_criteria_invites_to_round_2(mw):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 3)
    assert candidacy.stage == Candidacy.Stage.INVITED_ROUND2


def test_2_on_one_criterion_is_not_invited(mw):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 4, 2)
    assert candidacy.stage == Candidacy.Stage.REJECTED_ROUND1


def test_votes_4_4_2_and_1_3_3_mean_selected_after_round_2(mw):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 3)
    hold_pitch(mw, candidacy)
    for criterion, votes in (("crucial", (4, 4, 2)), ("fit", (1, 3, 3))):
        services.jury_decision_record(candidacy=candidacy, by=mw.coordinator, round=2, criterion=criterion,
                                      method=JuryDecision.Method.VOTE, motivation="m",
                                      votes=dict(zip(("vdab", "local_government", "external"), votes)))
    candidacy.refresh_from_db()
    assert candidacy.stage == Candidacy.Stage.SELECTED


def test_round_2_scoring_needs_an_invitation_and_a_pitch(mw):
    rejected = decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 2)
    declare_all(mw, rejected)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=rejected, by=mw.vdab1, round=2, criterion="fit", value=3, motivation="m")
    assert str(services.ERROR_NOT_IN_ROUND2) in messages(exc)
    invited = decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 4)
    declare_all(mw, invited)
    with pytest.raises(ValidationError) as exc:
        services.score_submit(candidacy=invited, by=mw.vdab1, round=2, criterion="fit", value=3, motivation="m")
    assert str(services.ERROR_PITCH_FIRST) in messages(exc)
    hold_pitch(mw, invited)
    assert services.score_submit(candidacy=invited, by=mw.vdab1, round=2, criterion="fit", value=3, motivation="m").round == 2


# --- Mails and appeals -------------------------------------------------------------------

def test_decision_mails_carry_the_motivation_and_negative_ones_the_appeal_deadline(mw, django_capture_on_commit_callbacks):
    rejected = decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 3)
    invited = decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 3)
    mails = {m.candidacy_id: m for m in send_mails(mw, django_capture_on_commit_callbacks)}
    negative, invitation = mails[rejected.pk], mails[invited.pk]
    assert negative.kind == MailKind.NEGATIVE_ROUND1 and invitation.kind == MailKind.INVITATION_ROUND2
    assert negative.status == DecisionMail.Status.SENT and negative.sent_at
    deadline = timezone.localdate() + timedelta(days=14)
    assert negative.carries_appeal_procedure and negative.stated_appeal_deadline == deadline
    assert "Motivering crucial ronde 1" in negative.body and "Weerwoord" in negative.body
    assert "Weerwoord" not in invitation.body and "12 en 13 mei" in invitation.body
    sent = {m.subject: m for m in outbox.outbox}
    assert sent[negative.subject].body == negative.body
    # a redelivered task sends nothing twice
    assert services.mail_deliver(mail_id=negative.pk) is False
    assert len(outbox.outbox) == 2


def test_a_decision_cannot_change_after_its_mail_was_sent(mw, django_capture_on_commit_callbacks):
    rejected = decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 3)
    send_mails(mw, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        decide(mw, rejected, 1, 3, 3)
    assert str(services.ERROR_DECISION_MAILED) in messages(exc)


def test_a_template_must_keep_the_motivation_and_appeal_procedure(mw):
    with pytest.raises(ValidationError) as exc:
        services.mail_template_save(work_area=mw.area, kind=MailKind.NEGATIVE_ROUND1, subject="x", body="{motivering}", by=mw.coordinator)
    assert "{weerwoordprocedure}" in messages(exc)
    services.mail_template_save(work_area=mw.area, kind=MailKind.SELECTED, subject="Goed nieuws {organisatie}",
                                body="Hoera {organisatie}\n{motivering}", by=mw.coordinator)
    rendered = services.mail_render(candidacy=decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 3), kind=MailKind.SELECTED,
                                    round_number=1, send_day=timezone.localdate())
    assert rendered["subject"] == "Goed nieuws Emino vzw"


def _rejected_and_mailed(mw, capture, name="Arktos"):
    candidacy = decide(mw, submitted_candidacy(mw, name), 1, 2, 3)
    send_mails(mw, capture)
    return candidacy, candidacy.mails.get(kind=MailKind.NEGATIVE_ROUND1)


def _appeal(mw, candidacy, now):
    return services.appeal_lodge(candidacy=candidacy, by=mw.candidates["Arktos"], criterion="crucial",
                                 overlooked="Bijlage 3 (jaarverslag) werd niet gelezen", motivation="Zie p. 4", now=now)


def test_an_appeal_on_day_14_is_accepted(mw, django_capture_on_commit_callbacks):
    candidacy, sent = _rejected_and_mailed(mw, django_capture_on_commit_callbacks)
    day14 = timezone.localtime(sent.sent_at).replace(hour=23, minute=59) + timedelta(days=14)
    assert _appeal(mw, candidacy, day14).status == Appeal.Status.LODGED


def test_an_appeal_on_day_15_is_refused_with_the_deadline(mw, django_capture_on_commit_callbacks):
    candidacy, sent = _rejected_and_mailed(mw, django_capture_on_commit_callbacks)
    day15 = timezone.localtime(sent.sent_at).replace(hour=0, minute=1) + timedelta(days=15)
    with pytest.raises(ValidationError) as exc:
        _appeal(mw, candidacy, day15)
    assert "kan niet meer" in messages(exc)


def test_an_appeal_matchmaker_who_sat_on_the_jury_is_refused(mw, django_capture_on_commit_callbacks):
    from matching.models import MatchingRole

    candidacy, _sent = _rejected_and_mailed(mw, django_capture_on_commit_callbacks)
    appeal = _appeal(mw, candidacy, timezone.now())
    services.matching_role_grant(work_area=mw.area, user=mw.vdab1, role=MatchingRole.Kind.APPEAL_MATCHMAKER, by=None)
    with pytest.raises(ValidationError) as exc:
        services.appeal_assign(appeal=appeal, matchmakers=[mw.vdab1, mw.appeal1], by=mw.coordinator)
    assert "zat in de jury" in messages(exc)
    with pytest.raises(ValidationError):
        services.appeal_assign(appeal=appeal, matchmakers=[mw.appeal1, mw.appeal1], by=mw.coordinator)


def test_a_conflicted_appeal_matchmaker_is_refused(mw, django_capture_on_commit_callbacks):
    candidacy, _sent = _rejected_and_mailed(mw, django_capture_on_commit_callbacks)
    appeal = _appeal(mw, candidacy, timezone.now())
    services.conflict_declare(candidacy=candidacy, by=mw.appeal2, has_conflict=True, kind="board")
    with pytest.raises(ValidationError) as exc:
        services.appeal_assign(appeal=appeal, matchmakers=[mw.appeal1, mw.appeal2], by=mw.coordinator)
    assert "belangenconflict" in messages(exc)


def test_a_reversed_round_1_appeal_invites_to_round_2_and_mails_the_candidate(mw, django_capture_on_commit_callbacks):
    candidacy, _sent = _rejected_and_mailed(mw, django_capture_on_commit_callbacks)
    appeal = _appeal(mw, candidacy, timezone.now())
    services.appeal_assign(appeal=appeal, matchmakers=[mw.appeal1, mw.appeal2], by=mw.coordinator)
    with pytest.raises(PermissionDenied):
        services.appeal_assess(appeal=appeal, by=mw.vdab1, outcome="reverse", motivation="m", no_conflict=True)
    services.appeal_assess(appeal=appeal, by=mw.appeal1, outcome="reverse", motivation="Jaarverslag toont de capaciteit", no_conflict=True)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ASSIGNED
    services.appeal_assess(appeal=appeal, by=mw.appeal2, outcome="reverse", motivation="Akkoord", no_conflict=True)
    appeal.refresh_from_db()
    candidacy.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.REVERSE and candidacy.stage == Candidacy.Stage.INVITED_ROUND2
    assert candidacy.mails.filter(kind=MailKind.APPEAL_OUTCOME, status=DecisionMail.Status.DRAFT).exists()


def test_a_reversed_round_2_appeal_selects(mw, django_capture_on_commit_callbacks):
    candidacy = decide(mw, submitted_candidacy(mw, "Arktos"), 1, 3, 3)
    hold_pitch(mw, candidacy)
    decide(mw, candidacy, 2, 3, 2)
    send_mails(mw, django_capture_on_commit_callbacks)
    appeal = _appeal(mw, candidacy, timezone.now())
    services.appeal_assign(appeal=appeal, matchmakers=[mw.appeal1, mw.appeal2], by=mw.coordinator)
    for judge in (mw.appeal1, mw.appeal2):
        services.appeal_assess(appeal=appeal, by=judge, outcome="reverse", motivation="m", no_conflict=True)
    candidacy.refresh_from_db()
    assert candidacy.stage == Candidacy.Stage.SELECTED


# --- Emergency procedure ------------------------------------------------------------------

def _emergency(mw, world, today):
    return services.emergency_start(
        partnership=world.partnership_a, work_area=mw.area, by=mw.coordinator, motivation="Rollen raken niet verdeeld",
        vdab_representative=mw.vdab1, local_government_representative=mw.local, today=today,
    )


def test_the_emergency_procedure_starts_only_in_the_8_weeks_before_the_start(mw, world):
    start = world.partnership_a.start_date
    with pytest.raises(ValidationError) as exc:
        _emergency(mw, world, start - timedelta(days=57))
    assert "8 weken" in messages(exc)
    with pytest.raises(ValidationError):
        _emergency(mw, world, start)
    assert _emergency(mw, world, start - timedelta(days=56)).started_on == start - timedelta(days=56)
    assert _emergency(mw, world, start - timedelta(days=1))


def test_the_emergency_procedure_runs_only_after_both_representatives_signed(mw, world):
    procedure = _emergency(mw, world, world.partnership_a.start_date - timedelta(days=10))
    score = dict(procedure=procedure, by=mw.coordinator, organisation=world.org_a, criterion="crucial", value=3, motivation="m")
    with pytest.raises(ValidationError) as exc:
        services.emergency_score(**score)
    assert str(services.ERROR_EMERGENCY_UNSIGNED) in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.emergency_sign(procedure=procedure, by=mw.coordinator)
    assert str(services.ERROR_EMERGENCY_NOT_SIGNATORY) in exc.value.messages
    procedure = services.emergency_sign(procedure=procedure, by=mw.vdab1)
    assert procedure.vdab_signed_at and not procedure.local_government_signed_at and not procedure.is_signed
    with pytest.raises(ValidationError):
        services.emergency_score(**score)
    procedure = services.emergency_sign(procedure=procedure, by=mw.local)
    assert procedure.is_signed
    first = procedure.vdab_signed_at
    assert services.emergency_sign(procedure=procedure, by=mw.vdab1).vdab_signed_at == first  # signing twice changes nothing
    assert services.emergency_score(**{**score, "procedure": procedure}).value == 3


def _signed(procedure, mw):
    services.emergency_sign(procedure=procedure, by=mw.vdab1)
    return services.emergency_sign(procedure=procedure, by=mw.local)


def test_emergency_fit_scores_need_observed_behaviour_and_qualifiers_are_ranked(mw, world):
    procedure = _signed(_emergency(mw, world, world.partnership_a.start_date - timedelta(days=10)), mw)
    with pytest.raises(ValidationError) as exc:
        services.emergency_score(procedure=procedure, by=mw.coordinator, organisation=world.org_a, criterion="fit", value=3, motivation="m")
    assert "observed_behaviour" in exc.value.message_dict
    for org, crucial, fit in ((world.org_a, 3, 4), (world.org_a2, 4, 3)):
        services.emergency_score(procedure=procedure, by=mw.coordinator, organisation=org, criterion="crucial", value=crucial, motivation="m")
        services.emergency_score(procedure=procedure, by=mw.coordinator, organisation=org, criterion="fit", value=fit, motivation="m",
                                 observed_behaviour="Kwam naar elk overleg")
    assert len(services.emergency_qualifying(procedure)) == 2
    with pytest.raises(ValidationError):
        services.emergency_rank(procedure=procedure, by=mw.coordinator, ranking=[(world.org_a, "Sterkst")])
    ranking = services.emergency_rank(procedure=procedure, by=mw.coordinator,
                                      ranking=[(world.org_a2, "GGZ-expertise"), (world.org_a, "Arbeidsbegeleiding")])
    assert [r.rank for r in ranking] == [1, 2]


# --- Reminders ----------------------------------------------------------------------

def test_reminders_go_to_matchmakers_who_have_not_scored_by_the_date_once_a_day(mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    score_all(mw, candidacy, 1, 3, 3)
    submitted_candidacy(mw, "Arktos")
    mw.addendum.round1_scoring_due = timezone.localdate() - timedelta(days=1)
    mw.addendum.save()
    assert services.reminders_send(today=timezone.localdate() - timedelta(days=1)) == 0  # on the due date: no reminder
    assert services.reminders_send() == 5
    assert services.reminders_send() == 0
    assert all("ronde 1" in m.subject for m in outbox.outbox)


def test_a_broker_that_is_down_marks_the_mail_failed_so_it_can_be_sent_again(mw, django_capture_on_commit_callbacks, monkeypatch):
    from kombu.exceptions import OperationalError

    from matching import tasks

    decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 3)
    mail = services.mails_prepare(work_area=mw.area, by=mw.coordinator)[0]

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_decision_mail, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_send(mail=mail, by=mw.coordinator)
    mail.refresh_from_db()
    assert mail.status == DecisionMail.Status.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_send(mail=mail, by=mw.coordinator)
    mail.refresh_from_db()
    assert mail.status == DecisionMail.Status.SENT


def test_a_draft_for_a_changed_decision_is_not_sent(mw):
    candidacy = decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 3)
    stale = services.mails_prepare(work_area=mw.area, by=mw.coordinator)[0]
    decide(mw, candidacy, 1, 3, 3)
    with pytest.raises(ValidationError) as exc:
        services.mail_send(mail=stale, by=mw.coordinator)
    assert str(services.ERROR_MAIL_STALE) in messages(exc)
    fresh = services.mails_prepare(work_area=mw.area, by=mw.coordinator)
    assert [m.kind for m in fresh] == [MailKind.INVITATION_ROUND2]
    assert not DecisionMail.objects.filter(pk=stale.pk).exists()


def test_the_reminder_command_mails_who_is_late(mw):
    from io import StringIO

    from django.core.management import call_command

    submitted_candidacy(mw, "Emino")
    mw.addendum.round1_scoring_due = timezone.localdate() - timedelta(days=2)
    mw.addendum.save()
    out = StringIO()
    call_command("matching_reminders", stdout=out)
    assert "5 reminder(s) sent" in out.getvalue()
    assert {m.to[0] for m in outbox.outbox} == {j.email for j in mw.jury}


def test_draft_addenda_are_not_public(mw, client):
    from django.urls import reverse

    area = WorkArea.objects.create(name="Ontwerpgebied Zuid")
    services.matching_role_grant(work_area=area, user=mw.coordinator, role="coordinator", by=None)
    services.addendum_save(work_area=area, by=mw.coordinator, local_needs="geheim ontwerp")
    body = client.get(reverse("matching:public_addenda")).content.decode()
    assert "Stadsregio Turnhout" in body and "Ontwerpgebied Zuid" not in body


def test_a_failing_render_marks_the_report_failed_without_breaking_the_request(mw, django_capture_on_commit_callbacks, monkeypatch):
    import reporting.pdf

    from matching.models import FinalReport

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(reporting.pdf, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.final_report_request(work_area=mw.area, by=mw.coordinator)
    report.refresh_from_db()
    assert report.status == FinalReport.Status.FAILED and report.error == "RuntimeError"


def test_the_final_report_counts_itself_for_condition_5(mw):
    from matching.models import FinalReport

    decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 2)
    assert selectors.observer_conditions(mw.area)[4].status == "not_met"  # no report yet
    report = FinalReport.objects.create(work_area=mw.area, version=1, created_by=mw.coordinator)
    condition = selectors.final_report_context(mw.area, report)["conditions"][4]
    assert condition.status == "met" and "versie 1" in condition.evidence
