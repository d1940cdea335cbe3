from decimal import Decimal

from django.utils import translation

from partnerships.templatetags.formatting import money, number, percent


def test_money_in_flemish_and_english():
    with translation.override("nl-be"):
        assert money(Decimal("1234.565")) == "€\xa01.234,57"
        assert money("0") == "€\xa00,00"
        assert money(None) == ""
        assert number(Decimal("42.425")) == "42,43"
        assert percent(Decimal("42.43")) == "42,43\xa0%"
    with translation.override("en"):
        assert money(Decimal("1234.5")) == "€1,234.50"
