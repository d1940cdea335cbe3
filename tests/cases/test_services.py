from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Case, CaseStatus, CaseWorker, PurposeVersion, ScaleScore, ScoredBy, WorkerRole

from .conftest import open_case


def errors(exc_info, field):
    return exc_info.value.message_dict[field]


@pytest.mark.django_db
class TestScale:
    @pytest.mark.parametrize("score", [0, 11, -1])
    def test_a_score_outside_1_to_10_is_refused(self, case_a, world, score):
        with pytest.raises(ValidationError) as exc:
            services.scale_score_record(case=case_a, by=world.coach_a, score=score, interpretation="Gaat beter")
        assert errors(exc, "score") == [str(services.SCALE_OUT_OF_RANGE)]
        assert not ScaleScore.objects.filter(case=case_a).exists()

    @pytest.mark.parametrize("score", [1, 10])
    def test_the_ends_of_the_scale_are_accepted(self, case_a, world, score):
        services.scale_score_record(case=case_a, by=world.coach_a, score=score, interpretation="Reden")
        assert ScaleScore.objects.get(case=case_a).score == score

    @pytest.mark.parametrize("interpretation", ["", "   ", None])
    def test_a_score_without_interpretation_is_refused(self, case_a, world, interpretation):
        with pytest.raises(ValidationError) as exc:
            services.scale_score_record(case=case_a, by=world.coach_a, score=5, interpretation=interpretation)
        assert errors(exc, "interpretation") == [str(services.INTERPRETATION_REQUIRED)]

    def test_a_score_in_the_future_is_refused(self, case_a, world):
        with pytest.raises(ValidationError):
            services.scale_score_record(case=case_a, by=world.coach_a, score=5, interpretation="x",
                                        measured_at=timezone.localdate() + timedelta(days=1))


@pytest.mark.django_db
class TestValueReadings:
    @pytest.mark.parametrize("score", [0, 6])
    def test_a_value_score_outside_1_to_5_is_refused(self, case_a, world, score):
        demand = services.value_demand_add(case=case_a, by=world.coach_a, text="Een eigen woning")
        with pytest.raises(ValidationError) as exc:
            services.value_reading_record(case=case_a, by=world.coach_a, scores={demand.pk: score})
        assert errors(exc, "scores") == [str(services.VALUE_SCORE_OUT_OF_RANGE)]
        assert not case_a.value_readings.exists()

    def test_scores_1_and_5_are_accepted_and_the_participants_own_reading_is_kept_apart(self, case_a, world):
        a = services.value_demand_add(case=case_a, by=world.coach_a, text="Een eigen woning")
        b = services.value_demand_add(case=case_a, by=world.coach_a, text="Schulden onder controle")
        services.value_reading_record(case=case_a, by=world.coach_a, scores={a.pk: 1, b.pk: 5})
        own = services.value_reading_record(case=case_a, by=world.coach_a, scores={a.pk: 3, b.pk: None},
                                            scored_by=ScoredBy.PARTICIPANT)
        assert own.scores.count() == 1
        assert case_a.value_readings.filter(scored_by=ScoredBy.PARTICIPANT).count() == 1

    def test_a_reading_of_another_cases_demand_is_refused(self, case_a, world):
        other = open_case(world, first_name="Jan")
        demand = services.value_demand_add(case=other, by=world.coach_a, text="Werk")
        with pytest.raises(ValidationError):
            services.value_reading_record(case=case_a, by=world.coach_a, scores={demand.pk: 3})

    def test_an_empty_reading_is_refused(self, case_a, world):
        demand = services.value_demand_add(case=case_a, by=world.coach_a, text="Werk")
        with pytest.raises(ValidationError) as exc:
            services.value_reading_record(case=case_a, by=world.coach_a, scores={demand.pk: None})
        assert errors(exc, "scores") == [str(services.READING_EMPTY)]


@pytest.mark.django_db
class TestCoaches:
    def test_an_expert_cannot_become_lead_coach(self, case_a, world):
        with pytest.raises(ValidationError) as exc:
            services.case_assign_worker(case=case_a, by=world.coach_a, user=world.expert_a, role=WorkerRole.LEAD)
        assert errors(exc, "user") == [str(services.EXPERT_CANNOT_LEAD)]
        case_a.refresh_from_db()
        assert case_a.lead_coach == world.coach_a

    def test_an_expert_cannot_open_a_case_as_lead(self, world):
        with pytest.raises(ValidationError) as exc:
            services.case_open(partnership=world.partnership_a, by=world.coach_a, start_date=date(2025, 1, 1),
                               lead_coach=world.expert_a)
        assert errors(exc, "user") == [str(services.EXPERT_CANNOT_LEAD)]

    def test_an_expert_can_join_and_the_lead_can_be_handed_over_keeping_history(self, case_a, world):
        services.case_assign_worker(case=case_a, by=world.coach_a, user=world.expert_a, role=WorkerRole.EXPERT)
        services.case_assign_worker(case=case_a, by=world.coach_a, user=world.coach2_a, role=WorkerRole.LEAD,
                                    start_date=date(2025, 6, 1))
        case_a.refresh_from_db()
        assert case_a.lead_coach == world.coach2_a
        leads = CaseWorker.objects.filter(case=case_a, role=WorkerRole.LEAD).order_by("start_date")
        assert [(w.user, w.end_date) for w in leads] == [(world.coach_a, date(2025, 6, 1)), (world.coach2_a, None)]

    def test_someone_of_another_partnership_cannot_join(self, case_a, world):
        with pytest.raises(ValidationError) as exc:
            services.case_assign_worker(case=case_a, by=world.coach_a, user=world.coach_b, role=WorkerRole.CO_COACH)
        assert errors(exc, "user") == [str(services.NOT_IN_PARTNERSHIP)]


@pytest.mark.django_db
class TestConcurrency:
    def test_the_second_save_from_the_same_version_is_refused(self, case_a, world):
        version = case_a.version
        first = Case.objects.get(pk=case_a.pk)
        second = Case.objects.get(pk=case_a.pk)
        services.case_update(case=first, by=world.coach_a, expected_version=version, status=CaseStatus.ACTIVE)
        with pytest.raises(services.ConcurrentEditError) as exc:
            services.case_update(case=second, by=world.coach2_a, expected_version=version,
                                 status=CaseStatus.PAUSED)
        assert exc.value.messages == [str(services.CONCURRENT_EDIT)]
        case_a.refresh_from_db()
        assert case_a.status == CaseStatus.ACTIVE and case_a.version == version + 1

    def test_closing_sets_the_close_date(self, case_a, world):
        services.case_update(case=case_a, by=world.coach_a, expected_version=case_a.version, status=CaseStatus.CLOSED)
        case_a.refresh_from_db()
        assert case_a.close_date == timezone.localdate()

    def test_not_fitting_any_persona_needs_a_note(self, case_a, world):
        with pytest.raises(ValidationError) as exc:
            services.case_update(case=case_a, by=world.coach_a, expected_version=case_a.version,
                                 fits_no_persona=True, persona_note="")
        assert errors(exc, "persona_note") == [str(services.NO_PERSONA_NOTE_REQUIRED)]


@pytest.mark.django_db
def test_editing_the_purpose_keeps_earlier_versions(case_a, world):
    services.purpose_update(case=case_a, by=world.coach_a, text="Eerst mijn schulden op orde")
    texts = list(PurposeVersion.objects.filter(case=case_a).order_by("recorded_at", "pk").values_list("text", flat=True))
    assert texts == ["Terug rust vinden en werk zoeken dat bij me past", "Eerst mijn schulden op orde"]


@pytest.mark.django_db
def test_the_first_empowerment_measurement_is_the_baseline_and_there_is_only_one(case_a, world):
    first = services.empowerment_record(case=case_a, by=world.coach_a, score=40)
    second = services.empowerment_record(case=case_a, by=world.coach_a, score=55)
    assert first.is_baseline and not second.is_baseline
    with pytest.raises(ValidationError):
        services.empowerment_record(case=case_a, by=world.coach_a, score=60, is_baseline=True)


@pytest.mark.django_db
def test_an_interaction_needs_a_sensible_duration(case_a, world):
    with pytest.raises(ValidationError):
        services.interaction_log(case=case_a, by=world.coach_a, channel="phone", duration_minutes=0)
    interaction = services.interaction_log(case=case_a, by=world.coach_a, channel="phone", duration_minutes=15)
    assert interaction.coach == world.coach_a
