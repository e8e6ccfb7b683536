"""Aspect (方面/类别) titles: "一、关于……方面", "（二）……方面" -> "关于……方面"."""
import re

_CN = "[一二三四五六七八九十]+"
_NUMBERING = re.compile(
    rf"^\s*(?:{_CN}\s*[、.．]|[（(]\s*{_CN}\s*[）)]|第{_CN}(?:部分|类|方面)?\s*[、.．:：]?)\s*"
)
_BARE_ORDINAL = re.compile(rf"^\s*(?:{_CN}|[（(]{_CN}[）)]|{_CN}[、.．])\s*$")


def aspect_title(text: str) -> str:
    return _NUMBERING.sub("", text).strip().rstrip("：:").strip()


def looks_like_section_heading(text: str) -> bool:
    return bool(_NUMBERING.match(text)) or aspect_title(text).endswith(("方面", "方面问题", "方面的问题"))


def is_bare_ordinal(text: str) -> bool:
    """"一", "（二）", "三、" — what a 序号 cell holds on a section row."""
    return bool(_BARE_ORDINAL.match(text))
