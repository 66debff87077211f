"""Fixtures of the reporting tests (builders live in ``builders.py``)."""

import pytest

from activering.models import Gemeente, Inwoners


@pytest.fixture
def gemeente(db):
    gemeente = Gemeente.objects.create(nis_code="12025", naam="Mechelen")
    Inwoners.objects.create(gemeente=gemeente, jaar=2024, inwoners=89336)
    return gemeente
