"""A feedback document or a rectification plan, read into aspects and problems.

Documents number their outline 一、 › （一） › 1. › （1）. The problems are the deepest numbered paragraphs the
document has (1. when it has them, else （一）, else the 一是…二是… of each section's text); the headings above
them give the aspect (方面) and, when there are two, the feedback problem (反馈问题) they belong to. A heading that
only contains the problems (二、整改任务) is not an aspect; without any aspect heading, a problem's opening
"在……方面，" names its aspect. （1） points and continuation paragraphs belong to the problem above them. In a plan,
the lines 整改措施： 责任单位： 责任领导： 整改时限： under a problem fill those columns.

Not problems: the preamble before the first heading; sections such as 总体要求 and 保障措施; everything from the
closing paragraphs on (此外…, 针对上述问题…, 意见建议, 请…对照…); the signature and date."""
import re
from dataclasses import dataclass, field

from models.domain.refusals import InvalidInput

_CN = "[一二三四五六七八九十]{1,3}"
_LEVELS = (  # (level, pattern): 1 一、  2 （一）  3 1.  4 （1）
    (1, re.compile(rf"^{_CN}\s*[、．.]\s*(?P<text>.+)$")),
    (2, re.compile(rf"^[（(]\s*{_CN}\s*[）)]\s*[、.．]?\s*(?P<text>.+)$")),
    (3, re.compile(r"^\d{1,3}\s*[.、．](?!\d)\s*(?P<text>.+)$")),
    (4, re.compile(r"^[（(]\s*\d{1,3}\s*[）)]\s*(?P<text>.+)$")),
)
_LABELS = {"整改措施": "measures", "具体措施": "measures", "整改目标": "targets", "责任单位": "units",
           "牵头单位": "units", "责任部门": "units", "责任科室": "units", "配合单位": "cooperating",
           "责任领导": "leader", "牵头领导": "leader", "责任人": "leader", "整改时限": "deadline",
           "完成时限": "deadline", "整改期限": "deadline"}
_LABEL = re.compile(rf"^(?P<label>{'|'.join(_LABELS)})\s*[:：]\s*(?P<value>.*)$")
_CLOSING = re.compile(r"^(?:此外|另外|针对(?:上述|以上)问题|巡[视察]组(?:提出|建议)|(?:以下|如下)?意见建议|请.{0,30}?(?:对照|认真|按照|于|在)|"
                      r"整改(?:进展)?情况要|特此)")
_SIGN_OFF = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[^，。；：,.;:]{2,30}(?:组|委员会|党委|党组|局|办公室|政府))$")
_CONTAINER = re.compile(r"整改任务|主要问题|存在的问题|存在问题|问题清单|发现的问题|反馈的问题|具体问题|整改内容|整改事项")
_NOT_PROBLEMS = re.compile(r"^(?:总体要求|指导思想|工作目标|目标任务|保障措施|工作要求|组织领导|整改要求|工作步骤|方法步骤|时间安排|"
                           r"工作安排|有关要求|整改工作要求|工作原则|基本原则)")
_ORDINALS = re.compile(rf"(?:^|[；;。，,：:\s])({_CN})是")
_IN_ASPECT = re.compile(r"^在(?P<aspect>.{2,30}?)方面[，,]")
_HEADING_END = "。：:；;，, "
UNCATEGORISED = "未分类"


@dataclass
class DraftItem:
    aspect: str
    parent: str | None
    text: str
    measures: str = ""
    targets: str = ""
    units: list[str] = field(default_factory=list)  # 责任单位 as listed: the first leads
    cooperating: list[str] = field(default_factory=list)  # 配合单位
    leader: str = ""
    deadline: str = ""


@dataclass
class Draft:
    document_title: str
    items: list[DraftItem]

    @property
    def ledger_title(self) -> str:
        title = self.document_title
        if title.endswith("整改方案"):
            return title.removesuffix("整改方案") + "整改台账"
        return title.removesuffix("方案") + "整改台账"

    @property
    def aspects(self) -> list[str]:
        return list(dict.fromkeys(item.aspect for item in self.items))

    @property
    def has_parents(self) -> bool:
        return any(item.parent for item in self.items)


def _level(paragraph: str) -> tuple[int, str]:
    """(1–4, the text after the number) for a numbered paragraph; (0, paragraph) otherwise."""
    for level, pattern in _LEVELS:
        match = pattern.match(paragraph)
        if match:
            return level, match["text"].strip()
    return 0, paragraph


def _body(paragraphs: list[str]) -> list[tuple[int, str, str]]:
    """(level, text, paragraph) from the first heading to the closing paragraphs, without the sections that hold
    no problems (总体要求, 保障措施 …)."""
    body, started, skipping = [], False, False
    for paragraph in paragraphs:
        level, text = _level(paragraph)
        if level == 0 and started and _CLOSING.match(paragraph):
            break
        if level == 1:
            skipping = bool(_NOT_PROBLEMS.match(text))
        started = started or level in (1, 2, 3)
        if started and not skipping and not (level == 0 and _SIGN_OFF.match(paragraph)):
            body.append((level, text, paragraph))
    return body


def outline(paragraphs: list[str]) -> Draft:
    """The draft a document gives; InvalidInput when it has no problems to draft."""
    if not paragraphs:
        raise InvalidInput("文件中没有文字，无法起草台账")
    title, body = paragraphs[0], _body(paragraphs[1:])
    levels = {level for level, _, _ in body}
    problem_level = 3 if 3 in levels else 2 if 2 in levels else 0
    items: list[DraftItem] = []
    headings: dict[int, str] = {}
    current: DraftItem | None = None
    listing_measures = False
    for level, text, paragraph in body:
        label = _LABEL.match(paragraph)
        if current is not None and label:
            listing_measures = _fill(current, label["label"], label["value"].strip())
        elif level == problem_level and level:
            current = DraftItem(*_place(headings, level, text), text=text)
            items.append(current)
            listing_measures = False
        elif level in (1, 2):
            headings = {k: v for k, v in headings.items() if k < level} | {level: text.rstrip(_HEADING_END)}
            current = None
            if problem_level == 0 and level == 1:
                continue
        elif current is not None and listing_measures:
            current.measures = "\n".join(filter(None, (current.measures, paragraph)))
        elif current is not None:
            current.text = f"{current.text}\n{paragraph}"
        elif problem_level == 0 and headings:  # a section's text lists its problems: 一是……；二是……
            items += [DraftItem(*_place(headings, 2, part), text=part) for part in _listed(paragraph)]
    if not items:
        raise InvalidInput("没有在文件中找到问题：应有「一、」「（一）」「1.」等编号的标题和问题，或「一是……二是……」的列举")
    return Draft(document_title=title, items=items)


def _place(headings: dict[int, str], level: int, text: str) -> tuple[str, str | None]:
    """(aspect, feedback problem) of a problem at `level` under these headings."""
    chain = [headings[k] for k in sorted(headings) if k < level]
    chain = [h for h in chain if not (_CONTAINER.search(h) and not h.endswith(("方面", "方面的问题", "方面问题")))]
    if len(chain) >= 2:
        return chain[0], chain[1]
    if chain:
        return chain[0], None
    opening = _IN_ASPECT.match(text)
    return (f"{opening['aspect']}方面" if opening else UNCATEGORISED), None


def _fill(item: DraftItem, label: str, value: str) -> bool:
    """Set the field a labelled line names; True when the measures follow on their own lines."""
    meaning = _LABELS[label]
    if meaning in ("units", "cooperating"):
        setattr(item, meaning, _names(value))
    else:
        setattr(item, meaning, value)
    return meaning == "measures" and not value


def _names(value: str) -> list[str]:
    return [name.strip() for name in re.split(r"[、，,；;]", value) if name.strip()]


def _listed(paragraph: str) -> list[str]:
    """"一是……；二是……。" -> each listed part (without 一是); a paragraph that lists nothing is one part."""
    starts = [m.start(1) for m in _ORDINALS.finditer(paragraph)]
    if len(starts) < 2:
        return [paragraph]
    parts = [paragraph[a:b] for a, b in zip(starts, starts[1:] + [len(paragraph)])]
    return [re.sub(rf"^{_CN}是", "", part).strip().rstrip("；;，,") for part in parts]
