import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch():
    """Messages and dates as a Dutch-speaking user gets them (another test may
    have left English active on this thread)."""
    with translation.override("nl-be"):
        yield

