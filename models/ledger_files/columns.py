"""Recognising a ledger's header row by its column names and their usual aliases — every column accounted
for: read as a field, ignored because the office said so, or named as unknown (which refuses the import)."""
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    aliases: tuple[str, ...]  # the first is the field's name in messages
    required: bool = False

    @property
    def label(self) -> str:
        return self.aliases[0]


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", ("序号", "编号", "问题序号")),
    ColumnSpec("aspect", ("问题类别", "方面", "类别", "问题方面", "问题类型", "问题领域", "反馈问题类别")),
    ColumnSpec("parent_problem", ("反馈问题", "巡察反馈问题", "巡视反馈问题", "主要问题")),
    ColumnSpec("text", ("具体问题", "问题", "存在问题", "问题描述", "问题表现", "具体表现", "审计发现问题",
                        "发现问题", "问题内容"), required=True),
    ColumnSpec("measures", ("整改措施", "整改任务", "整改目标及措施", "整改措施及目标", "整改任务及措施", "具体整改措施")),
    ColumnSpec("targets", ("整改目标",)),
    ColumnSpec("leader", ("责任领导", "牵头领导", "分管领导", "责任领导及分管领导")),
    ColumnSpec("lead_unit", ("牵头单位", "责任单位", "责任部门", "牵头部门", "责任科室", "责任股室", "责任处室",
                             "整改责任单位", "牵头科室", "牵头股室", "牵头处室", "责任主体"), required=True),
    ColumnSpec("cooperating_units", ("配合单位", "协办单位", "配合部门", "配合股室", "配合科室", "配合处室",
                                     "协同单位")),
    ColumnSpec("deadline", ("整改时限", "完成时限", "时限", "整改期限", "完成时间", "整改时间", "完成期限")),
    ColumnSpec("progress", ("整改进展", "进展情况", "整改落实情况", "推进情况", "整改进度", "落实情况")),
    ColumnSpec("status", ("完成情况", "整改状态", "整改结果", "是否完成", "办结情况")),
    # 整改情况 is a status column in some ledgers and a narrative one in audit ledgers: decided by content
    ColumnSpec("status_or_progress", ("整改情况",)),
    ColumnSpec("remarks", ("备注",)),
    ColumnSpec("problem_amount", ("问题金额", "涉及金额", "违规金额", "问题资金")),
    ColumnSpec("rectified_amount", ("整改到位金额", "整改金额", "已整改金额", "追缴金额", "退还金额", "收回金额",
                                    "挽回金额", "整改到位资金")),
)
FIELDS = {spec.field: spec for spec in COLUMNS}
FIELD_NAMES = {spec.label: spec.field for spec in COLUMNS} | {spec.field: spec.field for spec in COLUMNS}
_BY_ALIAS = {alias: spec for spec in COLUMNS for alias in spec.aliases}
_PARENTHESISED = re.compile(r"\([^)]*\)")  # after NFKC, （…） is (…)

# A header row names at least this many different columns; title rows name none.
MIN_RECOGNISED_COLUMNS = 3


class ColumnOptions(BaseModel):
    """What the office said about its headers: `--column 责任科室=lead_unit`, `--ignore-column 备注2`."""

    columns: dict[str, str] = {}  # header as written -> field
    ignore: list[str] = []

    def field_for(self, header: str) -> str | None:
        return self.columns.get(header)


def header_label(value: object) -> str:
    """The header as written, without the line breaks and spaces offices put inside cells."""
    return "".join(str(value).split()) if value is not None else ""


def match_column(value: object) -> ColumnSpec | None:
    """"整改\\n时限", "*具体问题", "整改时限（年月日）" -> the 整改时限/具体问题 spec."""
    key = unicodedata.normalize("NFKC", header_label(value)).lstrip("*★")
    return _BY_ALIAS.get(key) or _BY_ALIAS.get(_PARENTHESISED.sub("", key))


def field_of(name: str) -> str | None:
    """A field named as the office may name it: `lead_unit` or its Chinese name (牵头单位)."""
    return FIELD_NAMES.get(name.strip())


@dataclass
class HeaderLayout:
    first_row: int
    last_row: int  # a two-row header (group cells above column names) ends one row lower
    columns: dict[str, tuple[int, str]]  # field -> (1-based column index, header as written)
    ignored: list[tuple[int, str, str]] = field(default_factory=list)  # (index, header, why)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (index, header): refuses the import
    decided: dict[str, str] = field(default_factory=dict)  # field -> how it was decided, when not by its name

    def has(self, field: str) -> bool:
        return field in self.columns

    def index(self, field: str) -> int:
        return self.columns[field][0]

    def label(self, field: str) -> str:
        return self.columns[field][1]

    def missing_required(self) -> list[ColumnSpec]:
        return [spec for spec in COLUMNS if spec.required and spec.field not in self.columns]


def find_header(rows: Sequence[Sequence[object]], first_row_number: int = 1,
                options: ColumnOptions = ColumnOptions()) -> HeaderLayout | None:
    """The first row naming enough known columns, plus the row below it if that row holds only
    further column names (a two-row header)."""
    for offset, values in enumerate(rows):
        if len(_recognised(values, options)) < MIN_RECOGNISED_COLUMNS:
            continue
        row_number = first_row_number + offset
        below = rows[offset + 1] if offset + 1 < len(rows) else ()
        if _recognised(below, options) and _only_column_names(below, options):
            # a header band: group cells (问题清单 | 任务清单 | 责任清单) above the column names
            return _layout(row_number, row_number + 1, [*values], below, options)
        return _layout(row_number, row_number, values, (), options)
    return None


def _layout(first: int, last: int, upper: Sequence[object], lower: Sequence[object],
            options: ColumnOptions) -> HeaderLayout:
    """Every column read: the lower row's name where a band sits above it, else the upper row's."""
    layout = HeaderLayout(first, last, {})
    for index in range(1, max(len(upper), len(lower)) + 1):
        above = header_label(upper[index - 1]) if index <= len(upper) else ""
        below = header_label(lower[index - 1]) if index <= len(lower) else ""
        known_above = above and (above in options.ignore or options.field_for(above) or match_column(above))
        header = above if known_above or not below else below
        if header:
            _place(layout, index, header, options)
    return layout


def _place(layout: HeaderLayout, index: int, header: str, options: ColumnOptions) -> None:
    if header in options.ignore:
        layout.ignored.append((index, header, "按 --ignore-column 忽略"))
        return
    chosen = options.field_for(header)
    spec = FIELDS.get(chosen) if chosen else match_column(header)
    if spec is None:
        layout.unknown.append((index, header))
        return
    name = spec.field
    if name == "text" and "text" in layout.columns and "parent_problem" not in layout.columns:
        # two problem columns: the left one is the feedback problem, the right one its concrete forms
        layout.columns["parent_problem"] = layout.columns.pop("text")
    if name in layout.columns:
        first = layout.columns[name][1]
        layout.unknown.append((index, f"{header}（与「{first}」同为{spec.label}）"))
        return
    layout.columns[name] = (index, header)


def _recognised(values: Sequence[object], options: ColumnOptions) -> set[str]:
    found = set()
    for value in values:
        label = header_label(value)
        if not label or label in options.ignore:
            continue
        spec = FIELDS.get(options.field_for(label) or "") or match_column(label)
        if spec is not None:
            found.add(spec.field)
    return found


def _only_column_names(values: Sequence[object], options: ColumnOptions) -> bool:
    filled = [header_label(v) for v in values if header_label(v)]
    return bool(filled) and all(match_column(v) or options.field_for(v) or v in options.ignore for v in filled)
