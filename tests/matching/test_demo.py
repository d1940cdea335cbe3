import pytest

from matching import demo, services
from matching.models import Appeal, Candidacy, DecisionMail, EmergencyProcedure, FinalReport, MatchingRole
from partnerships.demo import build_foundation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_complete_matching_and_can_run_twice(django_capture_on_commit_callbacks):
    world = build_foundation()
    with django_capture_on_commit_callbacks(execute=True):
        demo.build(world)
    demo.build(world)
    area = world.turnhout.work_area
    stages = list(Candidacy.objects.filter(work_area=area).values_list("stage", flat=True))
    assert len(stages) == 8
    assert stages.count("selected") == 4 and stages.count("rejected_round2") == 1 and stages.count("rejected_round1") == 3
    assert MatchingRole.objects.filter(work_area=area, role="matchmaker").count() == 5
    assert MatchingRole.objects.filter(work_area=area, role="matchmaker", group="vdab").count() == 2
    assert Appeal.objects.get(candidacy__work_area=area).outcome == "uphold"
    assert not DecisionMail.objects.filter(candidacy__work_area=area).exclude(status="sent").exists()
    assert FinalReport.objects.get(work_area=area).status == FinalReport.Status.DONE
    emergency = EmergencyProcedure.objects.get(work_area=area)
    qualifying = services.emergency_qualifying(emergency)
    assert emergency.is_signed and len(qualifying) >= 2  # Emino and Ligo Kempen fall below 3
    assert sorted(emergency.rankings.values_list("organisation_id", flat=True)) == sorted(qualifying)
    for username in ("matchcoordinator", "matchmaker1", "appealmatchmaker1", "observer", "candidate"):
        assert username in world.users
