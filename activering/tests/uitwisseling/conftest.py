import shutil
from pathlib import Path

import pytest

from conftest import VOORBEELD


@pytest.fixture
def voorbeeld(tmp_path) -> Path:
    """A writable copy of the worked example's CSV files."""
    doel = tmp_path / "voorbeeld"
    doel.mkdir()
    for bestand in VOORBEELD.glob("*.csv"):
        shutil.copy(bestand, doel / bestand.name)
    return doel
