from datetime import date
from decimal import Decimal

from django.utils import formats, translation


def test_dates_are_day_month_year_in_dutch_and_english():
    with translation.override("nl-be"):
        assert formats.date_format(date(2025, 4, 30), "SHORT_DATE_FORMAT") == "30/04/2025"
        assert formats.localize(Decimal("1234.56"), use_l10n=True) == "1.234,56"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
    with translation.override("en"):
        assert formats.date_format(date(2025, 4, 30), "SHORT_DATE_FORMAT") == "30/04/2025"
        assert formats.localize(Decimal("1234.56"), use_l10n=True) == "1,234.56"
