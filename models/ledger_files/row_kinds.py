"""Rows of a ledger sheet that are not problems: notes, signature lines, totals, subtitles, a header repeated
on a later page. Each is recognised, skipped and listed in the import summary — never read as a problem."""
import re

from models.ledger_files.columns import match_column

_NOTE = re.compile(r"^(?:注|说明|备注|附注|填表说明)\s*[0-9一二三四五六七八九十]*\s*[:：.、]")
_SIGNATURE = re.compile(r"^(?:填表人|填报人|制表人|联系人|联系电话|审核人|审核|单位负责人|分管领导签字|主要领导签字|签字|"
                        r"填报单位|填表单位|报送单位|填报日期|填表日期|报送日期|单位（盖章）|单位\(盖章\)|（盖章）|\(盖章\)|盖章)"
                        r"\s*[:：]?")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|总\s*数|共\s*计)(?:[:：（(].*)?$")
_SUBTITLE = re.compile(r"^[（(].*[）)]$")


def kind_of(texts: list[str]) -> str | None:
    """Why a row holding these distinct texts is not a problem, in Chinese; None when it may be one."""
    if not texts:
        return None
    first = texts[0]
    if _NOTE.match(first):
        return "注释"
    if any(_SIGNATURE.match(t) for t in texts):
        return "签字栏"
    if any(_TOTAL.match(t) for t in texts[:3]):
        return "合计"
    if len(texts) == 1 and _SUBTITLE.match(first):
        return "副标题"
    if len(texts) >= 3 and all(match_column(t) for t in texts):
        return "重复表头"
    return None
