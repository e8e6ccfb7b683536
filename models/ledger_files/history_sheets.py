"""The sheets an exported ledger carries beside the ledger itself, so that importing it gives the same ledger:
each item's measures and targets in full, its stage targets, its progress history (every unit's reports) and
its evidence files (by name and sha256). Written by export.py, read by xlsx_history.py: one layout for both."""
from dataclasses import dataclass


@dataclass(frozen=True)
class HistorySheet:
    name: str
    columns: tuple[str, ...]  # the first is always the item's 序号
    later: tuple[str, ...] = ()  # columns added since: written always, read when a file has them


MEASURES = HistorySheet("整改措施", ("序号", "类别", "内容", "责任单位", "时限", "已完成"))
STAGE_TARGETS = HistorySheet("阶段目标", ("序号", "阶段目标", "完成时间"))
PROGRESS = HistorySheet("整改进展", ("序号", "报送单位", "报送人", "进展", "完成百分比", "周次", "报送时间"),
                        later=("已完成", "措施序号"))
EVIDENCE = HistorySheet("佐证材料", ("序号", "文件名", "sha256", "大小（字节）", "添加人", "添加时间"))
SHEETS = (MEASURES, STAGE_TARGETS, PROGRESS, EVIDENCE)
KIND_LABELS = {"measure": "整改措施", "target": "整改目标"}
YES, NO = "是", "否"
