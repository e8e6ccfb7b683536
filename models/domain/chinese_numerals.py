"""Small Chinese numerals (一 … 九十九) as used in ordinals, quarters and dates."""
import re

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = "〇零一二两三四五六七八九十"
NUMERAL_RUN = re.compile(f"[{NUMERAL_CHARS}]+")


def parse_chinese_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 三十一 -> 31; ValueError for anything else."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        raise ValueError(text)
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(text)
        return DIGITS[text]
    tens_part, _, units_part = text.partition("十")
    if "十" in units_part or len(tens_part) > 1 or len(units_part) > 1:
        raise ValueError(text)
    tens = DIGITS[tens_part] if tens_part else 1
    units = DIGITS[units_part] if units_part else 0
    if tens == 0:
        raise ValueError(text)
    return tens * 10 + units


def parse_chinese_digits(text: str) -> int:
    """Digit by digit, as years are written: 二〇二三 -> 2023."""
    if not text or any(ch not in DIGITS for ch in text):
        raise ValueError(text)
    return int("".join(str(DIGITS[ch]) for ch in text))


def to_chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    names = "〇一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return names[units]
    return ("" if tens == 1 else names[tens]) + "十" + (names[units] if units else "")
