"""Money and numbers in the user's language: € 1.234,56 (nl-BE), €1,234.56 (en)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()

CENT = Decimal("0.01")


def _locale() -> str:
    return to_locale(get_language() or "nl-be")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value):
    """€ 1.234,56 — half-up to cents; empty for no value."""
    amount = _decimal(value)
    if amount is None:
        return ""
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return format_currency(amount, "EUR", locale=_locale())


@register.filter
def number(value, places=2):
    """1.234,56 with ``places`` decimals, half-up."""
    amount = _decimal(value)
    if amount is None:
        return ""
    places = int(places)
    quantum = Decimal(1).scaleb(-places)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(amount, format=pattern, locale=_locale())


@register.filter
def percent(value, places=2):
    text = number(value, places)
    return f"{text}\u00a0%" if text else ""
