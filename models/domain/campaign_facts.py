"""What a progress report says of its campaign (seed 003's opening): who inspected whom and when, when the
feedback came, and on whose instruction the report is made. A fact nobody gave is named as missing, never
guessed; which facts a report needs depends on where the problems came from."""
import re
from datetime import date

from pydantic import BaseModel

from models.domain.deadlines import in_window, parse_day
from models.domain.refusals import InvalidInput
from models.domain.text import MAX_SHORT_TEXT, within
from models.domain.vocabulary import SOURCE_TYPES

# field -> how people call it (CLI prompts, the missing-facts note, the audit log)
FACT_LABELS = {
    "inspecting_body": "检查主体（巡察组、审计机关等，如 市委第一巡察组）",
    "inspected_body": "被检查单位（报告单位，如 市退役军人事务局党组）",
    "inspection_period": "检查时间（如 2026-09-14至2026-09-22）",
    "feedback_date": "反馈时间",
    "instruction": "报告依据的通知（如 市委巡察办《关于报送巡察整改进展情况的通知》）",
}
SHORT_LABELS = {"inspecting_body": "检查主体", "inspected_body": "被检查单位", "inspection_period": "检查时间",
                "feedback_date": "反馈时间", "instruction": "报告依据的通知"}
# each stored field, as the audit log and `campaign set` name a change
FIELD_LABELS = {"source_type": "问题来源", "inspection_start": "检查开始日期", "inspection_end": "检查结束日期",
                **SHORT_LABELS}
# what the opening paragraph cannot be written without, per source (自查: the body inspects itself)
NEEDED = {source: ("inspecting_body", "inspected_body", "inspection_period", "feedback_date")
          for source in SOURCE_TYPES}
NEEDED["自查"] = ("inspected_body",)
OPTIONAL = ("instruction",)  # without it the report says 「按照巡察工作有关要求」, as seed 003 does

_PERIOD_SEPARATOR = re.compile(r"\s*(?:至|到|—|–|~|～|--)\s*")
_PARTY_ORGAN = re.compile(r"(党组|党委|党工委|党总支|党支部)$")


class CampaignFacts(BaseModel):
    source_type: str
    inspecting_body: str | None = None
    inspected_body: str | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    feedback_date: date | None = None
    instruction: str | None = None

    def known(self, fact: str) -> bool:
        if fact == "inspection_period":
            return self.inspection_start is not None and self.inspection_end is not None
        return bool(getattr(self, fact))

    def missing(self) -> list[str]:
        """The facts the report needs and does not have, by field name, in FACT_LABELS order."""
        return [fact for fact in FACT_LABELS if fact in NEEDED[self.source_type] and not self.known(fact)]

    def missing_optional(self) -> list[str]:
        return [fact for fact in OPTIONAL if not self.known(fact)]


def parse_period(text: str) -> tuple[date, date]:
    """「2026-09-14至2026-09-22」, 「2026年9月14日至9月22日」 -> (start, end); refused with the reason otherwise."""
    parts = [p for p in _PERIOD_SEPARATOR.split(text.strip()) if p]
    if len(parts) != 2:
        raise InvalidInput(f"检查时间「{text}」应写成 开始日期至结束日期，如 2026-09-14至2026-09-22")
    start = parse_day(parts[0], "检查开始日期")
    end_text = parts[1]
    if re.match(r"^\d{1,2}月", end_text):  # 「2026年9月14日至9月22日」: the year is said once
        end_text = f"{start.year}年{end_text}"
    end = parse_day(end_text, "检查结束日期")
    if end < start:
        raise InvalidInput(f"检查时间「{text}」的结束日期早于开始日期")
    return in_window(start, "检查开始日期"), in_window(end, "检查结束日期")


def check_facts(facts: CampaignFacts) -> CampaignFacts:
    """Refuse what cannot be true or cannot be kept: an unknown source, texts too long, dates out of order."""
    if facts.source_type not in SOURCE_TYPES:
        raise InvalidInput(f"问题来源应为 {'/'.join(SOURCE_TYPES)} 之一，不是「{facts.source_type}」")
    for field in ("inspecting_body", "inspected_body"):
        within(getattr(facts, field), 200, SHORT_LABELS[field])
    within(facts.instruction, MAX_SHORT_TEXT, SHORT_LABELS["instruction"])
    if facts.feedback_date:
        in_window(facts.feedback_date, "反馈时间")
    if facts.inspection_end and facts.feedback_date and facts.feedback_date < facts.inspection_end:
        raise InvalidInput(f"反馈时间 {facts.feedback_date} 早于检查结束日期 {facts.inspection_end}")
    return facts


def deploying_body(inspecting_body: str | None) -> str | None:
    """Whose deployment an inspection carries out, as its group's name says: 市委第一巡察组 -> 市委; None when the
    name does not say (the report then leaves 「根据…统一部署」 out rather than guess)."""
    if not inspecting_body:
        return None
    found = re.match(r"^(中央|.+?[委])", inspecting_body)
    return found.group(1) if found and re.search(r"巡[视察]", inspecting_body) else None


def short_group(inspecting_body: str) -> str:
    """The group as seed 003 names it the second time: 市委第一巡察组 -> 市委巡察组."""
    return re.sub(r"第[一二三四五六七八九十\d]+(?=巡[视察]组)", "", inspecting_body)


def party_organ(inspected_body: str) -> str | None:
    """党组 / 党委 … when the body reporting is a party organ (市退役军人事务局党组 -> 党组), else None."""
    found = _PARTY_ORGAN.search(inspected_body)
    return found.group(1) if found else None


def report_author(inspected_body: str) -> str:
    """Who the title names: 中共 before a party organ (中共市退役军人事务局党组), the body as it is otherwise."""
    if party_organ(inspected_body) and not inspected_body.startswith("中共"):
        return f"中共{inspected_body}"
    return inspected_body
