"""整改时限 as offices write it -> (date, original text, kind).

Text forms: 2023年6月30日, 2023年6月底, 2023年6月 (end of month), …日前/之前/以前 (and "…前集中整改完毕"),
2023年底/年末, 2023年上半年, 2023年第三季度, 2023.6.30, 2023/6/30, 2023-06-30, full-width
digits, 二〇二三年六月底; festivals: 2027年春节前 (the day before the lunar new year), 2027年国庆节前, 2027年端午节;
立行立改 -> immediate; 长期坚持/长期/持续推进 -> ongoing; a deadline that is an event, not a day
("2027年预算编制时", "省里文件下发后") -> event: kept as text, flagged for the office to set a date.
"""
import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from models.domain.chinese_numerals import NUMERAL_CHARS, parse_chinese_digits, parse_chinese_number
from models.domain.refusals import InvalidInput

DeadlineKind = Literal["date", "immediate", "ongoing", "event", "none"]
Deadline = tuple[date | None, str | None, DeadlineKind]

IMMEDIATE_WORDS = frozenset({"立行立改", "立即整改", "即知即改", "立知立改"})
ONGOING_WORDS = frozenset({"长期坚持", "长期", "持续推进", "长期整改", "持续整改"})

# "立行立改，长期坚持" / "2023年6月底前完成并长期坚持": the deadline is the first part; the rest
# only says the mechanism is kept afterwards.
_KEPT_UP_AFTERWARDS = re.compile(r"(?P<head>.+?)[,、;]?并?(?:长期坚持|持续推进|长期整改)")
_LEADING_WORDS = re.compile(r"^(?:于|在|截至|截止|至)")
_TRAILING_WORDS = re.compile(
    r"(?:之前|以前|前|为止|止)?(?:基本|全部|集中)?(?:整改)?(?:完成|完毕|到位|结束)?(?:整改)?(?:任务|工作)?$")
_EVENT = re.compile(r".+(?:时|后|之后|以后|前|之前|以前)$")  # "预算编制时", "文件下发后", "下次巡察前": a moment
# festivals by their day: a solar date (month, day), or a lunar one (the lunar calendar decides the day)
_SOLAR_FESTIVALS = {"元旦": (1, 1), "劳动节": (5, 1), "五一": (5, 1), "国庆节": (10, 1), "国庆": (10, 1)}
_LUNAR_FESTIVALS = {"春节": (1, 1), "元宵节": (1, 15), "端午节": (5, 5), "端午": (5, 5), "中秋节": (8, 15), "中秋": (8, 15)}
_CHINESE_DATE_NUMBER = re.compile(f"([{NUMERAL_CHARS}]+)([年月日号])")

_Y = r"(?P<y>\d{4})"
_M = r"(?P<m>\d{1,2})"
_D = r"(?P<d>\d{1,2})"
_FESTIVAL = re.compile(rf"{_Y}年(?P<name>{'|'.join([*_SOLAR_FESTIVALS, *_LUNAR_FESTIVALS])})(?P<before>之前|以前|前)?")
_QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _day_in_month(y: int, m: int, part: str | None) -> date:
    if part == "上旬":
        return date(y, m, 10)
    if part == "中旬":
        return date(y, m, 20)
    return _month_end(y, m)  # 底/末/份/下旬/nothing


_DATE_FORMS = [
    (re.compile(rf"{_Y}年{_M}月{_D}[日号]?"), lambda y, m, d: date(int(y), int(m), int(d))),
    (re.compile(rf"{_Y}[./-]{_M}[./-]{_D}[日号]?"), lambda y, m, d: date(int(y), int(m), int(d))),
    (
        re.compile(rf"{_Y}年{_M}月(?P<part>底|末|份|上旬|中旬|下旬)?"),
        lambda y, m, part: _day_in_month(int(y), int(m), part),
    ),
    (re.compile(rf"{_Y}[./-]{_M}"), lambda y, m: _month_end(int(y), int(m))),
    (re.compile(rf"{_Y}年(?:年?(?:底|末)|内|全年)?"), lambda y: date(int(y), 12, 31)),
    (re.compile(rf"{_Y}年(?P<half>上|下)半年(?:底|末)?"), lambda y, half: _month_end(int(y), 6 if half == "上" else 12)),
    (
        re.compile(rf"{_Y}年第?(?P<q>[1-4一二三四])季度(?:底|末)?"),
        lambda y, q: _month_end(int(y), 3 * _QUARTERS[q]),
    ),
]
_YEARLESS = re.compile(r"\d{1,2}月|\d{1,2}[./-]\d{1,2}$|年?(?:底|末)|[上下]半年|第?[1-4一二三四]季度")


FIRST_YEAR, LAST_YEAR = 1990, 2100  # a deadline outside these years is a typing mistake, not a plan


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter): 回头看 after 3 and 6 months."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_window(day: date, what: str = "日期") -> date:
    """The day, if it lies within the years a rectification can plan for; InvalidInput otherwise."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(f"{what} {day} 超出合理范围（{FIRST_YEAR}–{LAST_YEAR}年）")
    return day


def parse_deadline(value: object) -> Deadline:
    """An Excel cell value or a YAML/JSON value -> (date, original text, kind).

    Empty -> (None, None, "none"). Unrecognised text, or a date outside the sane window, raises ValueError
    with a Chinese reason.
    """
    when, text, kind = _parse_any(value)
    if when is not None and not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise ValueError(f"日期「{text}」超出合理范围（{FIRST_YEAR}–{LAST_YEAR}年）")
    return when, text, kind


def _parse_any(value: object) -> Deadline:
    if value is None:
        return None, None, "none"
    if isinstance(value, datetime):
        return value.date(), value.date().isoformat(), "date"
    if isinstance(value, date):
        return value, value.isoformat(), "date"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(
            f"无法识别的日期「{value:g}」：这是一个数字，请把单元格设为日期格式，或写成「2023年6月30日」"
        )
    if not isinstance(value, str):
        raise ValueError(f"无法识别的日期「{value}」")
    original = value.strip()
    if not original:
        return None, None, "none"
    when, kind = _parse_text(original)
    return when, original, kind


def parse_day(text: str, what: str) -> date:
    """A day a person types (a new deadline, a meeting's date, a report's as-of day): it must name one day."""
    try:
        day, _, _ = parse_deadline(text)
    except ValueError as exc:
        raise InvalidInput(f"{what}「{text}」无法识别：{exc}") from None
    if day is None:
        raise InvalidInput(f"{what}需要具体日期，如 2027-03-31 或 2027年3月底")
    return day


def parse_calendar_date(value: object) -> date | None:
    """A date that must be a real day (campaign dates): empty -> None, 立行立改 etc. -> ValueError."""
    when, text, kind = parse_deadline(value)
    if kind not in ("date", "none"):
        raise ValueError(f"应为具体日期，而不是「{text}」")
    return when


def _normalise(text: str) -> str:
    # NFKC turns full-width digits and punctuation (２０２３／６／３０，（）) into ASCII.
    return "".join(unicodedata.normalize("NFKC", text).split()).rstrip("。.")


@lru_cache(maxsize=4096)  # a ledger writes the same few deadlines on thousands of rows
def _parse_text(original: str) -> tuple[date | None, DeadlineKind]:
    text = _normalise(original)
    if text in IMMEDIATE_WORDS:
        return None, "immediate"
    if text in ONGOING_WORDS:
        return None, "ongoing"
    kept_up = _KEPT_UP_AFTERWARDS.fullmatch(text)
    if kept_up:
        text = kept_up["head"]
        if text in IMMEDIATE_WORDS:
            return None, "immediate"
    return _parse_text_date(text, original)


def _parse_text_date(text: str, original: str) -> tuple[date | None, DeadlineKind]:
    text = _CHINESE_DATE_NUMBER.sub(_chinese_to_digits, _LEADING_WORDS.sub("", text))
    festival = _FESTIVAL.fullmatch(text)
    if festival:
        return _festival(festival), "date"
    try:
        return _parse_date(text, original), "date"
    except ValueError:
        if _EVENT.fullmatch(text):
            return None, "event"
        raise


def _festival(match: re.Match) -> date:
    """The festival's day in that year, or the day before it for "…前"."""
    year, name = int(match["y"]), match["name"]
    if name in _SOLAR_FESTIVALS:
        day = date(year, *_SOLAR_FESTIVALS[name])
    else:
        from lunar_python import Lunar  # the lunar calendar: only for the deadlines that name a lunar festival

        solar = Lunar.fromYmd(year, *_LUNAR_FESTIVALS[name]).getSolar()
        day = date(solar.getYear(), solar.getMonth(), solar.getDay())
    return day - timedelta(days=1) if match["before"] else day


def _parse_date(text: str, original: str) -> date:
    text = _TRAILING_WORDS.sub("", text)
    for pattern, build in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return build(**match.groupdict())
            except ValueError:
                raise ValueError(f"无法识别的日期「{original}」") from None
    if _YEARLESS.match(text):
        raise ValueError(f"日期缺少年份「{original}」")
    raise ValueError(f"无法识别的日期「{original}」")


def _chinese_to_digits(match: re.Match) -> str:
    numerals, unit = match.groups()
    try:
        number = parse_chinese_digits(numerals) if unit == "年" else parse_chinese_number(numerals)
    except (ValueError, KeyError):
        return match.group(0)
    return f"{number}{unit}"
