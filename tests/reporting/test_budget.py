"""reporting/budget.py: the ESF rules on plain data, at their boundaries."""

from decimal import Decimal

import pytest

from reporting import budget

from .expected import assert_worked_example, worked_example


def compute(data, **defaults):
    return budget.compute(budget.parse(data, **defaults))


def test_the_worked_example_comes_out_to_the_cent():
    result = compute(worked_example())
    assert_worked_example(budget.result_to_json(result))
    assert result.balanced
    assert result.deviations() == []


def test_amounts_are_strings_with_exactly_two_decimals():
    out = budget.result_to_json(compute(worked_example()))
    assert out["personnel"][0]["hours"] == "1720.00"
    assert out["project"]["hours"] == "3182.00"
    assert out["strands"]["support"]["financing"]["local_government"] == {"amount": "0.00", "percent": "0.00"}


def row(gross="1000.00", hours="1", strand="operation"):
    return {"strand": strand, "function": "coach", "monthly_gross": gross, "hours": hours}


def test_the_sut_is_rounded_half_up_at_half_a_cent():
    # 3543.75 × 0.012 = 42.525 exactly: half up gives 42.53 (banker's rounding would give 42.52)
    assert budget.sut(Decimal("3543.75")) == Decimal("42.53")
    assert budget.sut(Decimal("3543.74")) == Decimal("42.52")  # 42.52488


def test_the_cost_is_rounded_half_up_at_half_a_cent():
    # 42.53 × 0.5 = 21.265 → 21.27
    result = compute({"personnel": [row("3543.75", "0.5")]})
    assert result.personnel[0].cost == Decimal("21.27")


def test_the_flat_rate_is_rounded_half_up_per_strand():
    # personnel 0.10 × 15 % = 0.015 → 0.02 per strand; the project's is the sum (0.04, not 0.03)
    data = {"sut_factor": "0.1", "flat_rate_percent": "15",
            "personnel": [row("1.00", "1"), row("1.00", "1", strand="support")]}
    result = compute(data)
    assert result.strands["operation"].flat_rate == Decimal("0.02")
    assert result.project.flat_rate == Decimal("0.04")


def test_percentages_are_rounded_half_up_to_two_decimals():
    assert budget.share(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert budget.share(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert budget.share(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert budget.share(Decimal("0.00125"), Decimal("1")) == Decimal("0.13")  # 0.125 → 0.13
    assert budget.share(Decimal("5"), Decimal("0")) == Decimal("0.00")


def test_the_call_defaults_apply_when_the_json_has_no_parameters():
    result = compute({"personnel": [row("1000.00", "10")]}, sut_factor=Decimal("0.02"), flat_rate_percent=Decimal("10"))
    assert result.personnel[0].sut == Decimal("20.00")
    assert result.strands["operation"].flat_rate == Decimal("20.00")


def test_esf_is_the_remainder_and_never_negative_so_overfinancing_shows_in_the_control_field():
    data = worked_example()
    data["vcf"]["support"] = "30000.00"  # more than the support strand costs
    result = compute(data)
    support = result.strands["support"]
    assert support.financing["esf"] == Decimal("0.00")
    assert support.control == Decimal("24561.60") - Decimal("30000.00") - Decimal("2456.16")
    assert not result.balanced
    assert budget.result_to_json(result)["project"]["control"] == "-7894.56"


def test_a_deviation_from_the_nominal_shares_is_reported_not_corrected():
    data = worked_example()
    data["vcf"]["operation"] = "50000.00"
    result = compute(data)
    deviations = {(d.strand, d.key): d for d in result.deviations()}
    assert set(deviations) == {("operation", "esf"), ("operation", "vcf")}
    assert deviations[("operation", "vcf")].nominal == Decimal("30.00")
    assert deviations[("operation", "vcf")].actual == Decimal("28.12")
    assert result.strands["operation"].financing["vcf"] == Decimal("50000.00")  # kept as entered


@pytest.mark.parametrize("change, location, message", [
    (lambda d: d["personnel"][1].update(hours="-1"), "personnel[2].hours", budget.NEGATIVE),
    (lambda d: d["personnel"][0].update(strand="werking"), "personnel[1].strand", budget.UNKNOWN_STRAND),
    (lambda d: d["cofinancing"][2].update(source="province"), "cofinancing[3].source", budget.UNKNOWN_SOURCE),
    (lambda d: d["personnel"][2].update(monthly_gross="3377.455"), "personnel[3].monthly_gross", budget.TOO_MANY_DECIMALS),
    (lambda d: d["personnel"][0].pop("monthly_gross"), "personnel[1].monthly_gross", budget.MISSING),
    (lambda d: d["personnel"][3].pop("function"), "personnel[4].function", budget.MISSING),
    (lambda d: d["personnel"][3].pop("strand"), "personnel[4].strand", budget.MISSING),
    (lambda d: d["cofinancing"][0].pop("amount"), "cofinancing[1].amount", budget.MISSING),
    (lambda d: d["cofinancing"][0].update(amount="veel"), "cofinancing[1].amount", budget.NOT_A_NUMBER),
    (lambda d: d["cofinancing"][0].update(amount=26672.63), "cofinancing[1].amount", budget.NO_FLOATS),
    (lambda d: d["cofinancing"][0].update(person_bound="ja"), "cofinancing[1].person_bound", budget.NOT_A_BOOLEAN),
    (lambda d: d["vcf"].update(operation="-5"), "vcf.operation", budget.NEGATIVE),
    (lambda d: d.update(personnel={"a": 1}), "personnel", budget.NOT_A_LIST),
    (lambda d: d["personnel"][0].update(status="maybe"), "personnel[1].status", budget.UNKNOWN_STATUS),
])
def test_each_invalid_input_names_its_row_and_field(change, location, message):
    data = worked_example()
    change(data)
    with pytest.raises(budget.BudgetError) as caught:
        budget.parse(data)
    assert caught.value.location == location
    assert caught.value.message == str(message)


def test_the_exchange_json_round_trips():
    parsed = budget.parse(worked_example())
    again = budget.parse(budget.input_to_json(parsed))
    assert again == parsed


def test_years_combine_into_a_total_with_recomputed_percentages():
    one = compute(worked_example())
    total = budget.combine([one, one])
    assert total.project.total_cost == Decimal("404758.32")
    assert total.project.percent("esf") == Decimal("42.43")
    assert total.project.control == 0
