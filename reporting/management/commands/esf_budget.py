"""``manage.py esf_budget compute FILE.json``: the ESF budget form, computed.

Prints the computed form as JSON on stdout (exit 0), or an error naming the
row and field (exit 1) for invalid input. ``-`` reads standard input."""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from reporting import budget


class Command(BaseCommand):
    help = "Compute the ESF budget form (SUT, costs, flat rate, financing) from the exchange JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="compute FILE.json and print the result as JSON")
        compute.add_argument("file", help="the budget JSON (or - for standard input)")

    def handle(self, *args, action, file, **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as fh:
                    text = fh.read()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise CommandError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        parameters = _call_parameters()
        try:
            parsed = budget.parse(
                data, sut_factor=parameters["sut_factor"], flat_rate_percent=parameters["flat_rate_percent"]
            )
        except budget.BudgetError as exc:
            raise CommandError(f"invalid input at {exc.location}: {exc.message}") from None
        result = budget.compute(parsed)
        self.stdout.write(json.dumps(budget.result_to_json(result, parameters["nominal"]), indent=2, ensure_ascii=False))


def _call_parameters() -> dict:
    """The default call's parameters, or the built-in ones without a database."""
    try:
        from reporting.selectors import default_call_parameters

        return default_call_parameters()
    except Exception:  # no database or no tables: the call's published defaults
        return {
            "sut_factor": budget.DEFAULT_SUT_FACTOR,
            "flat_rate_percent": budget.DEFAULT_FLAT_RATE_PERCENT,
            "nominal": budget.DEFAULT_NOMINAL_SHARES,
        }
