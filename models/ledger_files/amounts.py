"""Money in a ledger (问题金额, 整改到位金额): kept in 万元, whatever unit the header names."""
import re

UNIT_FACTORS = {"亿元": 10_000.0, "万元": 1.0, "千元": 0.1, "元": 0.000_1}  # -> 万元
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_NONE = {"—", "——", "-", "--", "－", "/", "／", "无", "不涉及", "/"}  # what offices write for "no amount"


def header_factor(header: str) -> tuple[float, bool]:
    """(factor to 万元, whether the header names its unit): "问题金额（元）" -> (0.0001, True)."""
    for unit, factor in UNIT_FACTORS.items():
        if unit in header:
            return factor, True
    return 1.0, False


def parse_amount(value: object, factor: float) -> float | None:
    """A cell's amount in 万元; empty -> None; ValueError with a Chinese reason for anything else."""
    if value is None or (isinstance(value, str) and value.strip() in ("", *_NONE)):
        return None
    if isinstance(value, bool):
        raise ValueError(f"金额应为数字，而不是「{value}」")
    if isinstance(value, (int, float)):
        return round(float(value) * factor, 6)
    text = str(value).strip().replace(",", "").replace("，", "")
    for unit, unit_factor in UNIT_FACTORS.items():
        if text.endswith(unit):  # "12.5万元" in a cell: its own unit wins
            text, factor = text.removesuffix(unit), unit_factor
            break
    if not _NUMBER.match(text):
        raise ValueError(f"金额应为数字，而不是「{value}」")
    return round(float(text) * factor, 6)
