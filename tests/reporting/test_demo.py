import pytest

from reporting import budget as rules
from reporting import demo, selectors
from reporting.models import Budget, QuestionnaireResponse, ReportJob


@pytest.mark.django_db
def test_the_demo_budget_is_the_worked_example_and_building_twice_adds_nothing():
    from partnerships.demo import build_foundation

    world = build_foundation()
    demo.build(world)
    demo.build(world)
    budget = selectors.budgets_with_lines().get(partnership=world.turnhout, year=2025)
    result = selectors.budget_result(budget)
    assert result.project.financing["esf"] == rules.money(rules.Decimal("85863.98"))
    assert result.balanced
    assert Budget.objects.count() == 2 and QuestionnaireResponse.objects.count() == 1
    assert ReportJob.objects.count() == 1 and ReportJob.objects.get().status == "done"
