"""Reading a ledger written as YAML or JSON:

    campaign: {title, source_type, feedback_date, period_end}
    aspects:
      - title: 关于……方面
        items:
          - {number, text, measures: [str or {text, unit, deadline}], lead_unit, cooperating_units,
             leader, deadline, status, progress, remarks}

Problems name the place with a path such as ``aspects[1].items[3].deadline`` (counted from 1,
as the office counts them in the file).
"""
from pathlib import Path

from models.domain.deadlines import parse_calendar_date
from models.domain.problems import LedgerFileInvalid, Problem, ProblemLog
from models.domain.vocabulary import SOURCE_TYPES
from models.files.structured import load_structured
from models.ledger_files.amounts import parse_amount
from models.ledger_files.aspects import aspect_title
from models.ledger_files.assembly import PendingItem, assemble_ledger, checked_deadline, checked_status, text_of
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import CampaignDoc, ItemDoc, LedgerDoc, MeasureDoc
from models.ledger_files.splitting import split_measures, split_units, tidy_measure

LEDGER_KEYS = {"campaign", "aspects"}
CAMPAIGN_KEYS = {"title", "source_type", "feedback_date", "period_end"}
ASPECT_KEYS = {"title", "items"}
ITEM_KEYS = {
    "number", "parent", "text", "measures", "targets", "lead_unit", "cooperating_units", "leader",
    "deadline", "status", "progress", "remarks", "problem_amount", "rectified_amount",
}
MEASURE_KEYS = {"text", "unit", "deadline"}


def read_ledger_structured(path: str | Path, options: ColumnOptions = ColumnOptions()) -> LedgerDoc:
    """Parse a YAML/JSON ledger; raises LedgerFileInvalid listing every problem found. (Its keys are fixed:
    `options`, which map spreadsheet headers, have nothing to do here.)"""
    path = Path(path)
    data = _load(path)
    reader = _Reader(ProblemLog(path.name))
    return reader.ledger(data)


def _load(path: Path) -> object:
    return load_structured(path, lambda reason: LedgerFileInvalid([Problem.at(None, None, reason)], path.name))


class _Reader:
    def __init__(self, log: ProblemLog):
        self.log = log

    def ledger(self, data: object) -> LedgerDoc:
        if not isinstance(data, dict):
            raise LedgerFileInvalid(
                [Problem.at(None, None, "文件顶层应包含 campaign 和 aspects 两项")], self.log.source
            )
        self._unknown_keys(data, LEDGER_KEYS, "")
        campaign = self._campaign(data.get("campaign"))
        aspects = self._list(data.get("aspects"), "aspects", required=True)
        pending = []
        for a, aspect in enumerate(aspects, start=1):
            pending += self._aspect(aspect, f"aspects[{a}]")
        return assemble_ledger(campaign, pending, self.log)

    def _campaign(self, data: object) -> CampaignDoc:
        if data is None:
            return CampaignDoc()
        if not self._mapping(data, "campaign", CAMPAIGN_KEYS):
            return CampaignDoc()
        campaign = CampaignDoc(title=self._text(data.get("title"), "campaign.title") or None)
        source_type = self._text(data.get("source_type"), "campaign.source_type")
        if source_type in SOURCE_TYPES:
            campaign.source_type = source_type
        elif source_type:
            self.log.add(None, "campaign.source_type", f"来源应为{'、'.join(SOURCE_TYPES)}之一，而不是「{source_type}」")
        for field in ("feedback_date", "period_end"):
            try:
                setattr(campaign, field, parse_calendar_date(data.get(field)))
            except ValueError as error:
                self.log.add(None, f"campaign.{field}", str(error))
        return campaign

    def _aspect(self, data: object, where: str) -> list[PendingItem]:
        if not self._mapping(data, where, ASPECT_KEYS):
            return []
        title = aspect_title(self._text(data.get("title"), f"{where}.title"))
        if not title:
            self.log.add(None, f"{where}.title", "方面标题为空")
        items = self._list(data.get("items"), f"{where}.items", required=True)
        read = (self._item(item, title, f"{where}.items[{i}]") for i, item in enumerate(items, start=1))
        return [item for item in read if item is not None]

    def _item(self, data: object, aspect: str, where: str) -> PendingItem | None:
        if not self._mapping(data, where, ITEM_KEYS):
            return None
        text = self._text(data.get("text"), f"{where}.text")
        if not text:
            self.log.add(None, f"{where}.text", "问题内容为空")
        lead = split_units(self._text(data.get("lead_unit"), f"{where}.lead_unit"))
        if not lead:
            self.log.add(None, f"{where}.lead_unit", "牵头单位为空（牵头单位不能由配合单位代替，请写明牵头单位）")
        others = self._names(data.get("cooperating_units"), f"{where}.cooperating_units")
        cooperating = [u for u in dict.fromkeys(lead[1:] + others) if u not in lead[:1]]
        deadline, deadline_text, kind = checked_deadline(data.get("deadline"), self.log, None, f"{where}.deadline")
        number = self._text(data.get("number"), f"{where}.number")
        doc = ItemDoc(
            row=None,
            number=number,
            aspect=aspect,
            text=text,
            parent=self._text(data.get("parent"), f"{where}.parent") or None,
            measures=self._measures(data.get("measures"), f"{where}.measures")
            + [m.model_copy(update={"kind": "target"}) for m in self._measures(data.get("targets"), f"{where}.targets")],
            lead_unit=lead[0] if lead else "",
            cooperating_units=cooperating,
            leader=self._text(data.get("leader"), f"{where}.leader") or None,
            deadline=deadline,
            deadline_text=deadline_text,
            deadline_kind=kind,
            initial_state=checked_status(data.get("status"), self.log, None, f"{where}.status"),
            progress=self._text(data.get("progress"), f"{where}.progress") or None,
            remarks=self._text(data.get("remarks"), f"{where}.remarks") or None,
            problem_amount=self._amount(data.get("problem_amount"), f"{where}.problem_amount"),
            rectified_amount=self._amount(data.get("rectified_amount"), f"{where}.rectified_amount"),
        )
        return PendingItem(doc=doc, number_given=bool(number), number_at=(None, f"{where}.number"))

    def _measures(self, data: object, where: str) -> list[MeasureDoc]:
        if isinstance(data, str):  # one block of text, written as in a spreadsheet cell
            return [MeasureDoc(text=text) for text in split_measures(data)]
        measures = []
        for m, entry in enumerate(self._list(data, where), start=1):
            at = f"{where}[{m}]"
            if isinstance(entry, str):
                entry = {"text": entry}
            if not self._mapping(entry, at, MEASURE_KEYS):
                continue
            text = tidy_measure(self._text(entry.get("text"), f"{at}.text"))
            if not text:
                self.log.add(None, f"{at}.text", "整改措施内容为空")
            deadline, deadline_text, _ = checked_deadline(entry.get("deadline"), self.log, None, f"{at}.deadline")
            unit = self._text(entry.get("unit"), f"{at}.unit") or None
            measures.append(MeasureDoc(text=text, unit=unit, deadline=deadline, deadline_text=deadline_text))
        return measures

    def _amount(self, value: object, where: str) -> float | None:
        """万元, as the file says (a number, or text such as "12.5万元")."""
        try:
            return parse_amount(value, 1.0)
        except ValueError as error:
            self.log.add(None, where, str(error))
            return None

    def _names(self, data: object, where: str) -> list[str]:
        if not isinstance(data, list):
            return split_units(self._text(data, where))
        entries = (self._text(entry, f"{where}[{i}]") for i, entry in enumerate(data, start=1))
        return [name for entry in entries for name in split_units(entry)]

    def _text(self, value: object, where: str) -> str:
        if isinstance(value, (dict, list)):
            self.log.add(None, where, "应为文本")
            return ""
        return text_of(value)

    def _list(self, value: object, where: str, required: bool = False) -> list:
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.log.add(None, where, "应为非空列表" if required else "应为列表")
            return []
        return value

    def _mapping(self, value: object, where: str, allowed: set[str]) -> bool:
        if not isinstance(value, dict):
            self.log.add(None, where, "应为包含字段的映射（key: value）")
            return False
        self._unknown_keys(value, allowed, where)
        return True

    def _unknown_keys(self, value: dict, allowed: set[str], where: str) -> None:
        for key in value:
            if key not in allowed:
                path = f"{where}.{key}" if where else str(key)
                self.log.add(None, path, f"未知字段（可用字段：{'、'.join(sorted(allowed))}）")
