"""Small helpers shared by the workbooks Rectiflow writes (forms, summaries)."""
import unicodedata
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def put(cell, value: Any) -> None:
    """Write a value; text always stays text (a leading "=" is not a formula, control characters dropped)."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value


def display_width(text: str) -> int:
    """Columns the text takes: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
