"""The worked example of DOMAIN.md §4, as printed there (shared by the budget tests)."""

import json
from pathlib import Path

WORKED_EXAMPLE_FILE = Path(__file__).with_name("worked_example.json")


def worked_example() -> dict:
    return json.loads(WORKED_EXAMPLE_FILE.read_text())


PERSONNEL = [("43.20", "74304.00"), ("57.73", "24823.90"), ("40.53", "27884.64"), ("51.00", "17544.00")]


def assert_worked_example(out: dict) -> None:
    """``out`` is the exchange JSON of the computed worked example."""
    assert [(p["sut"], p["cost"]) for p in out["personnel"]] == PERSONNEL
    op, sup, project = out["strands"]["operation"], out["strands"]["support"], out["project"]
    assert (op["personnel_cost"], op["flat_rate"], op["total_cost"]) == ("127012.54", "50805.02", "177817.56")
    assert (sup["personnel_cost"], sup["flat_rate"], sup["total_cost"]) == ("17544.00", "7017.60", "24561.60")
    assert project["total_cost"] == "202379.16"
    assert op["financing"]["esf"] == {"amount": "71127.02", "percent": "40.00"}
    assert op["financing"]["vcf"]["percent"] == "30.00"
    assert op["financing"]["local_government"]["percent"] == "15.00"
    assert op["financing"]["vdab"]["percent"] == "15.00"
    assert sup["financing"]["esf"] == {"amount": "14736.96", "percent": "60.00"}
    assert sup["financing"]["vcf"]["percent"] == "30.00"
    assert sup["financing"]["vdab"]["percent"] == "10.00"
    assert project["financing"]["esf"] == {"amount": "85863.98", "percent": "42.43"}
    assert project["financing"]["vcf"] == {"amount": "60713.75", "percent": "30.00"}
    assert project["financing"]["local_government"] == {"amount": "26672.63", "percent": "13.18"}
    assert project["financing"]["vdab"] == {"amount": "29128.80", "percent": "14.39"}
    assert op["control"] == sup["control"] == project["control"] == "0.00"
