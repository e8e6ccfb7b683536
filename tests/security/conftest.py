"""A round where every unit has been asked: what the hostile-form tests start from."""
import pytest
from round_world import asked_round


@pytest.fixture
def asked(sqlite_url, smtp_receiver, tmp_path):
    return asked_round(sqlite_url, smtp_receiver, tmp_path / "data")
