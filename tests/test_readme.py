"""The README tells the truth: the transition table and diagram as generated from the code, every setting."""
from pathlib import Path

from models.domain.transition_docs import readme_section
from models.settings import Settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_transition_table_matches_the_code():
    assert readme_section() in README, "README's transition table drifted: run `make readme`"


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"RECTIFLOW_{name.upper()}" in README


def test_readme_lists_every_column_name_and_status_word_the_importer_accepts():
    from models.ledger_files.columns import COLUMNS
    from models.ledger_files.status import STATUS_WORDS

    section = README.partition("<!-- ledger-columns -->")[2].partition("<!-- /ledger-columns -->")[0]
    for spec in COLUMNS:
        for alias in spec.aliases:
            assert alias in section, (spec.field, alias)
    statuses = README.partition("Statuses set the starting state")[2].partition("**Rows that are not problems**")[0]
    for word in STATUS_WORDS:
        assert word in statuses, word
