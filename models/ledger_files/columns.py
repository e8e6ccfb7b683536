"""Recognising a ledger's header row by its column names and their usual aliases."""
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    aliases: tuple[str, ...]  # the first is the name used in messages about a missing column
    required: bool = False

    @property
    def label(self) -> str:
        return self.aliases[0]


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", ("序号", "编号")),
    ColumnSpec("aspect", ("问题类别", "方面", "类别", "问题方面", "问题类型")),
    ColumnSpec("text", ("具体问题", "问题", "存在问题", "问题描述", "问题表现", "反馈问题"), required=True),
    ColumnSpec("measures", ("整改措施", "整改任务", "整改目标", "整改目标及措施", "整改措施及目标", "整改任务及措施")),
    ColumnSpec("leader", ("责任领导", "牵头领导", "分管领导")),
    ColumnSpec("lead_unit", ("牵头单位", "责任单位", "责任部门", "牵头部门"), required=True),
    ColumnSpec("cooperating_units", ("配合单位", "协办单位", "配合部门")),
    ColumnSpec("deadline", ("整改时限", "完成时限", "时限")),
    ColumnSpec("progress", ("整改进展", "进展情况")),
    ColumnSpec("status", ("完成情况", "整改状态", "整改情况")),
    ColumnSpec("remarks", ("备注",)),
)
_BY_ALIAS = {alias: spec for spec in COLUMNS for alias in spec.aliases}
_PARENTHESISED = re.compile(r"\([^)]*\)")  # after NFKC, （…） is (…)

# A header row names at least this many different columns; title rows name none.
MIN_RECOGNISED_COLUMNS = 3


def header_label(value: object) -> str:
    """The header as written, without the line breaks and spaces offices put inside cells."""
    return "".join(str(value).split()) if value is not None else ""


def match_column(value: object) -> ColumnSpec | None:
    """"整改\\n时限", "*具体问题", "整改时限（年月日）" -> the 整改时限/具体问题 spec."""
    key = unicodedata.normalize("NFKC", header_label(value)).lstrip("*★")
    return _BY_ALIAS.get(key) or _BY_ALIAS.get(_PARENTHESISED.sub("", key))


@dataclass
class HeaderLayout:
    first_row: int
    last_row: int  # a two-row header (group cells above column names) ends one row lower
    columns: dict[str, tuple[int, str]]  # field -> (1-based column index, header as written)

    def has(self, field: str) -> bool:
        return field in self.columns

    def index(self, field: str) -> int:
        return self.columns[field][0]

    def label(self, field: str) -> str:
        return self.columns[field][1]

    def missing_required(self) -> list[ColumnSpec]:
        return [spec for spec in COLUMNS if spec.required and spec.field not in self.columns]


def find_header(rows: Sequence[Sequence[object]], first_row_number: int = 1) -> HeaderLayout | None:
    """The first row naming enough known columns, plus the row below it if that row holds only
    further column names (a two-row header)."""
    for offset, values in enumerate(rows):
        columns = _recognised(values)
        if len(columns) < MIN_RECOGNISED_COLUMNS:
            continue
        row_number = first_row_number + offset
        below = rows[offset + 1] if offset + 1 < len(rows) else ()
        continuation = _recognised(below)
        if continuation and _only_column_names(below):
            for field, column in continuation.items():
                columns.setdefault(field, column)
            return HeaderLayout(row_number, row_number + 1, columns)
        return HeaderLayout(row_number, row_number, columns)
    return None


def _recognised(values: Sequence[object]) -> dict[str, tuple[int, str]]:
    columns: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(values, start=1):
        spec = match_column(value)
        if spec is not None and spec.field not in columns:
            columns[spec.field] = (index, header_label(value))
    return columns


def _only_column_names(values: Sequence[object]) -> bool:
    filled = [v for v in values if header_label(v)]
    return bool(filled) and all(match_column(v) for v in filled)
