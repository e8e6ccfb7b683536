"""The small rules of official prose the report follows: Chinese ordinals, whole sentences, 一是…二是…, what was
planned told as done (no 将/拟/计划, no deadlines), no file names in the prose, a problem's short heading."""
import re
from datetime import date

from models.domain.chinese_dates import cn_date
from models.domain.chinese_numerals import to_chinese_number

_SENTENCE_END = ("。", "！", "？", "!", "?", "…")
_CLOSERS = "”’」』）)》"
_TRAILING = "。；;，,、：: \t\r\n\u3000"
# "1." "1、" "（2）" "(3)" "①" as a ledger writes a number before its text
NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．](?!\d)|[（(]\s*\d{1,3}\s*[）)]|[①-⑳])\s*")
_ORDINAL_PREFIX = re.compile(r"^\s*[一二三四五六七八九十]{1,3}是\s*[：:，,]?\s*")
_CN_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])\s*")
# what a plan says and a report of work done does not
_PLANNED = re.compile(r"^(?:将|拟|计划|力争|争取|预计)(?=\S)")
_DEADLINE = re.compile(
    r"[（(][^（()）]*?(?:\d{4}年|\d{1,2}月|月底|年底|季度|前完成|之前)[^（()）]*?[）)]"  # （2026年12月底前完成）
    r"|(?:于|在)?\d{4}年\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬)?(?:前|之前)(?:完成)?[，,]?")
# 「，见附件：…」「（详见佐证材料）」「佐证材料：a.pdf、b.jpg」: notes about evidence, dropped from the prose
_EVIDENCE_NOTE = re.compile(r"[（(]?\s*(?:[，,；;]\s*)?(?:(?:详见|见)(?:佐证材料|证明材料|附件)[：:]?|(?:佐证材料|证明材料|附件)[：:])"
                            r"[^。；;）)]*[）)]?")
_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|ofd|jpe?g|png|zip|rar|txt)(?![A-Za-z])", re.IGNORECASE)
_CLAUSE = re.compile(r"[，,；;。：:！？!?]")


def cn_ordinal(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 21 -> 二十一; Arabic digits past 九十九."""
    return to_chinese_number(n) if 1 <= n <= 99 else str(n)


def sentence(text: str) -> str:
    """The text as one sentence: blanks trimmed, a trailing ；， replaced by 。 (kept if it already ends)."""
    text = " ".join(text.split())
    if text.rstrip(_CLOSERS).endswith(_SENTENCE_END):  # 。 or 。” already closes it
        return text
    text = text.rstrip(_TRAILING)
    return f"{text}。" if text else ""


def bare(text: str) -> str:
    """A text without its own numbering (1. （1） 一是 一、) and without closing punctuation."""
    text = _ORDINAL_PREFIX.sub("", NUMBERING.sub("", _CN_NUMBERING.sub("", text.strip())))
    return " ".join(text.split()).rstrip(_TRAILING)


def as_done(text: str) -> str:
    """What was planned, told as done: numbering, 将/拟/计划 and deadlines dropped, file names left to the annex."""
    text = _DEADLINE.sub("", bare(text))
    text = _PLANNED.sub("", text)
    return sentence(without_file_names(text))


def without_file_names(text: str) -> str:
    """Prose without file names or 佐证材料：… notes (they go to the annex list): 「已上传缴款凭证.pdf」 keeps
    what was done, 「已上传缴款凭证」."""
    text = _EXTENSION.sub("", _EVIDENCE_NOTE.sub("", text))
    text = re.sub(r"[，,、；;\s]+(?=[。])", "", text)
    return re.sub(r"。{2,}", "。", text).lstrip("，,、；; ").strip()


def enumerated(parts: list[str]) -> str:
    """一是…。二是…。 in order; a single part stands alone, without 一是 (as seed 003 writes it)."""
    parts = [p for p in (sentence(bare(p)) for p in parts) if p]
    if len(parts) == 1:
        return parts[0]
    return "".join(f"{cn_ordinal(i)}是{p}" for i, p in enumerate(parts, 1))


def first_clause(text: str) -> str:
    return _CLAUSE.split(bare(text), maxsplit=1)[0].strip()


def problem_heading(text: str, targets: list[str] = ()) -> str:
    """The short heading seed 003 gives a problem: its target when the ledger gives one short one
    (「充分发挥党组领导作用」), the feedback's own 「关于“……”的问题」, or 关于“<first clause>”的问题."""
    short = [bare(t) for t in targets if t.strip()]
    if len(short) == 1 and len(short[0]) <= 30 and not _CLAUSE.search(short[0]):
        return short[0]
    text = bare(text)
    if text.startswith("关于") and text.endswith("问题"):
        return text
    clause = first_clause(text)
    return f"关于“{clause}”的问题" if clause else "关于有关问题"


def measure_title(text: str) -> str | None:
    """The short title a measure opens with (「认真落实第一议题制度。修订…」 -> 认真落实第一议题制度), if any."""
    text = bare(text)
    head, dot, rest = text.partition("。")
    return head if dot and rest.strip() and len(head) <= 20 and not re.search(r"[，,；;]", head) else None


def deadline_words(deadline: date | None, text: str | None) -> str | None:
    """A deadline as a report writes it: the ledger's words (2026年12月底, 立行立改), a date in Chinese."""
    if deadline and (not text or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip())):
        return cn_date(deadline)
    return text
