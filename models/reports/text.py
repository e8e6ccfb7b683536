"""The progress report (整改进展情况报告) as text: its wording, and the Markdown for messages.

``report_text`` decides every sentence the report says, in seed 003's shape; the Markdown here and
the Word document (models/progress_report_docx.py) only lay that text out, so both say the same.
Nothing is written that the data does not hold: 下一步工作打算 is left as a placeholder for the office.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader

from models.domain.chinese_dates import cn_date
from models.domain.chinese_numerals import to_chinese_number
from models.reports.model import ProgressLine, ProgressReport, ReportItem, StageTargetLine

OVERVIEW_HEADING = "一、整改工作总体情况"
TASKS_HEADING = "二、整改任务落实情况"
NEXT_STEPS_HEADING = "三、下一步工作打算"
NEXT_STEPS_PLACEHOLDER = "（由整改办填写）"

_SENTENCE_END = ("。", "！", "？", "!", "?", "…")
_CLOSERS = "”’」』）)》"
_TRAILING = "。；;，,、：: \t\r\n\u3000"
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．](?!\d)|[（(]\s*\d{1,3}\s*[）)])\s*")  # "1." "（2）" as written
_ORDINAL_PREFIX = re.compile(r"^\s*[一二三四五六七八九十]{1,3}是\s*[：:，,]?\s*")


def cn_ordinal(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 21 -> 二十一; Arabic digits past 九十九."""
    return to_chinese_number(n) if 1 <= n <= 99 else str(n)


def campaign_subject(campaign: str) -> str:
    """The campaign as the title names it: a ledger's "…反馈意见整改台账" reports on "…反馈意见" (整改 follows)."""
    subject = campaign.strip()
    for suffix in ("台账", "整改"):
        if subject.endswith(suffix) and len(subject) > len(suffix):
            subject = subject.removesuffix(suffix).rstrip()
    return subject


def sentence(text: str) -> str:
    """The text as one sentence: blanks trimmed, a trailing ；， replaced by 。 (kept if it already ends)."""
    text = " ".join(text.split())
    if text.rstrip(_CLOSERS).endswith(_SENTENCE_END):  # 。 or 。” already closes it
        return text
    text = text.rstrip(_TRAILING)
    return f"{text}。" if text else ""


def measures_text(measures: list[str]) -> str:
    """一是…。二是…。 in order; a single measure stands alone, without 一是 (as seed 003 writes it)."""
    pieces = [sentence(_ORDINAL_PREFIX.sub("", m)) for m in measures]
    pieces = [p for p in pieces if p]
    if len(pieces) == 1:
        return pieces[0]
    return "".join(f"{cn_ordinal(i)}是{p}" for i, p in enumerate(pieces, 1))


def stage_targets_text(targets: list[StageTargetLine]) -> str:
    """阶段目标：1.…（2027年3月31日前）；2.…。"""
    parts = []
    for i, target in enumerate(targets, 1):
        text = " ".join(target.text.split()).rstrip(_TRAILING)
        due = f"（{cn_date(target.due)}前）" if target.due else ""
        parts.append(f"{i}.{text}{due}")
    return "阶段目标：" + "；".join(parts) + "。"


@dataclass(frozen=True)
class ItemText:
    lead: str  # 1.问题。 — shown in bold; （1）具体表现。 under a feedback problem
    measures: str  # 一是…。二是…。 ("" when the ledger has none)
    details: list[str]  # what was done: progress lines, then 阶段目标, then 佐证材料 — one paragraph each
    state: str  # （已完成整改）, closing the item's last paragraph
    parent_heading: str | None = None  # 1.关于……的问题 — before the first concrete problem of a feedback problem


@dataclass(frozen=True)
class AspectText:
    heading: str  # （一）关于……方面
    items: list[ItemText]


@dataclass(frozen=True)
class ReportText:
    title: str
    opening: str
    overview_heading: str
    totals: str
    tasks_heading: str
    aspects: list[AspectText]
    next_steps_heading: str
    next_steps: str


def report_text(report: ProgressReport, timezone: str = "Asia/Shanghai") -> ReportText:
    """Every sentence of the report; progress times are dated in ``timezone``."""
    zone = ZoneInfo(timezone)
    aspects = sorted(report.aspects, key=lambda a: a.position)
    return ReportText(
        title=f"关于{campaign_subject(report.campaign)}整改进展情况的报告",
        opening=_opening(report),
        overview_heading=OVERVIEW_HEADING,
        totals=report.totals_sentence.strip(),
        tasks_heading=TASKS_HEADING,
        aspects=[AspectText(heading=f"（{cn_ordinal(n)}）{aspect.title.strip()}",
                            items=_aspect_items(aspect.items, zone))
                 for n, aspect in enumerate(aspects, 1)],
        next_steps_heading=NEXT_STEPS_HEADING,
        next_steps=NEXT_STEPS_PLACEHOLDER,
    )


def _opening(report: ProgressReport) -> str:
    parts = []
    if report.feedback_date:
        parts.append(f"{cn_date(report.feedback_date)}，{report.source_type}反馈了意见。")
    if report.period_end:
        parts.append(f"集中整改期至{cn_date(report.period_end)}。")
    parts.append(f"现将截至{cn_date(report.as_of)}的整改进展情况报告如下。")
    return "".join(parts)


def _aspect_items(items: list[ReportItem], zone: ZoneInfo) -> list[ItemText]:
    """Numbered 1. 2. …; in a nested ledger the feedback problems are numbered 1. 2. … and their concrete problems
    （1）（2）… under them, each group headed by its feedback problem."""
    texts, parents, within = [], 0, 0
    for n, item in enumerate(items, 1):
        if not item.parent:
            texts.append(_item_text(f"{n}.", item.text, item, zone))
            continue
        heading = None
        if n == 1 or items[n - 2].parent != item.parent:
            parents, within = parents + 1, 0
            heading = f"{parents}.{sentence(_NUMBERING.sub('', item.parent))}"
        within += 1
        texts.append(_item_text(f"（{within}）", _NUMBERING.sub("", item.text), item, zone, heading))
    return texts


def _item_text(number: str, text: str, item: ReportItem, zone: ZoneInfo, parent_heading: str | None = None
               ) -> ItemText:
    details = [_progress_line(line, zone) for line in item.progress]
    if item.stage_targets:
        details.append(stage_targets_text(item.stage_targets))
    if item.evidence:
        details.append("佐证材料：" + "、".join(item.evidence) + "。")
    return ItemText(lead=f"{number}{sentence(text)}", measures=measures_text(item.measures),
                    details=details, state=f"（{item.state_label}）", parent_heading=parent_heading)


def _progress_line(line: ProgressLine, zone: ZoneInfo) -> str:
    at: datetime = line.at.astimezone(zone) if line.at.tzinfo else line.at
    return f"{cn_date(at.date())}，{line.unit}：{sentence(line.text)}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("models.reports", "templates"), trim_blocks=True, lstrip_blocks=True,
                       autoescape=False, keep_trailing_newline=True)


def progress_markdown(report: ProgressReport, timezone: str = "Asia/Shanghai") -> str:
    """The report as Markdown (for DingTalk / WeCom / Feishu messages and e-mail), same text as the Word file."""
    text = _environment().get_template("progress_report.md.j2").render(report=report_text(report, timezone))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
