import pytest

from .helpers import make_matching_world


@pytest.fixture
def mw(world):
    return make_matching_world(world.partnership_a.work_area)
