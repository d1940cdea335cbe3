"""``manage.py esf_budget compute FILE.json``: stdout JSON and exit 0, or a clear error and exit 1."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reporting import budget

from .expected import WORKED_EXAMPLE_FILE, assert_worked_example, worked_example

ROOT = Path(__file__).resolve().parents[2]


def run(path):
    from io import StringIO

    out = StringIO()
    call_command("esf_budget", "compute", str(path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_worked_example_through_the_command():
    assert_worked_example(run(WORKED_EXAMPLE_FILE))


def test_the_command_exits_0_with_json_on_stdout_and_1_naming_row_and_field(tmp_path):
    ok = subprocess.run(
        [sys.executable, "manage.py", "esf_budget", "compute", str(WORKED_EXAMPLE_FILE)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert_worked_example(json.loads(ok.stdout))

    data = worked_example()
    data["personnel"][1]["hours"] = "-430"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    failed = subprocess.run(
        [sys.executable, "manage.py", "esf_budget", "compute", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert failed.returncode != 0
    assert failed.stdout == ""
    assert "personnel[2].hours" in failed.stderr and str(budget.NEGATIVE) in failed.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("text, expected", [
    ('{"personnel": [', "malformed JSON"),
    ('{"personnel": [{"strand": "luik3", "function": "x", "monthly_gross": "1", "hours": "1"}]}', "personnel[1].strand"),
    ('{"cofinancing": [{"strand": "support", "source": "gift", "amount": "1"}]}', "cofinancing[1].source"),
    ('{"personnel": [{"strand": "support", "function": "x", "monthly_gross": "1.001", "hours": "1"}]}', "personnel[1].monthly_gross"),
    ('{"personnel": [{"strand": "support", "function": "x", "monthly_gross": "1.00"}]}', "personnel[1].hours"),
    ('{"personnel": [{"strand": "support", "function": "x", "monthly_gross": "1.00", "hours": "-2"}]}', "personnel[1].hours"),
    ('[1, 2]', "$"),
])
def test_invalid_input_is_a_command_error_naming_where(tmp_path, text, expected):
    path = tmp_path / "in.json"
    path.write_text(text)
    with pytest.raises(CommandError) as caught:
        run(path)
    assert expected in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "nope.json")
