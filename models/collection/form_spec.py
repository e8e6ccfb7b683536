"""The weekly progress form (每周整改进展报送表): what it shows and what comes back, shared by its writer
(form_writer.py) and its reader (form_reader.py).

Everything the system already knows is pre-filled and locked; the unit fills only the light-yellow
columns (本周整改进展, 完成百分比, 佐证材料文件名, 是否提请验收). A veryHidden sheet ``_rectiflow``
says which round, week and unit the form belongs to, so a returned file can be matched to its round.

Sheet protection stops Excel users from editing locked cells, but WPS, LibreOffice or a script can
lift it, and the hidden sheet can be edited as well. The reader therefore compares every locked
cell with the ``FormSpec`` the caller rebuilds from the database, never with the file's own copy.
"""
import re
from typing import Literal

from pydantic import BaseModel

from models.domain.problems import FileInvalid

FORMAT_NAME = "rectiflow.collection_form"
FORMAT_VERSION = 2  # 2: the reporter (报送人) is named on the form; 1 still read, with the reporter given by --as
READABLE_VERSIONS = (1, FORMAT_VERSION)
META_SHEET = "_rectiflow"
FORM_SHEET = "整改进展报送"
# Protection against accidental edits, not a secret: anyone can lift it, which is why read_form
# compares locked cells with the expected spec.
PROTECTION_PASSWORD = "rectiflow"

TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
# on the information row: the label and the (yellow) cell where the unit names who reports
REPORTER_LABEL_COLUMN, REPORTER_COLUMN, REPORTER_LAST_COLUMN = 9, 10, 11  # I, J:K
REPORTER_LABEL = "报送人（必填）"

ID, NUMBER, TEXT, ROLE, DEADLINE, STATE, LAST = "事项编号", "序号", "具体问题", "本单位职责", "整改时限", "当前状态", "上次报送进展"
PROGRESS, PERCENT, EVIDENCE, READY = "本周整改进展", "完成百分比（可选）", "佐证材料文件名（多个用、分隔）", "是否提请验收（是/否）"
LOCKED_COLUMNS = [ID, NUMBER, TEXT, ROLE, DEADLINE, STATE, LAST]
FILL_COLUMNS = [PROGRESS, PERCENT, EVIDENCE, READY]
COLUMNS = LOCKED_COLUMNS + FILL_COLUMNS
COLUMN_INDEX = {name: i for i, name in enumerate(COLUMNS, start=1)}
WIDTHS = {ID: 8, NUMBER: 7, TEXT: 36, ROLE: 14, DEADLINE: 13, STATE: 10, LAST: 30,
          PROGRESS: 42, PERCENT: 10, EVIDENCE: 26, READY: 11}

NO_PROGRESS = "（暂无）"
NOT_APPLICABLE = "—"  # the ready cell of a cooperating row: only the lead unit submits for verification
YES, NO = "是", "否"
EVIDENCE_SEPARATORS = re.compile(r"[、，,；;\n]+")


class FormRow(BaseModel):
    item_id: int
    number: str
    text: str
    role: Literal["lead", "cooperating"]  # this unit leads the item, or cooperates on it
    lead_unit: str
    deadline: str  # as shown (original text or date)
    state: str  # Chinese state label, e.g. 正在整改 / 待验收
    last_progress: str  # this unit's last reported progress ("" if none)


class FormSpec(BaseModel):
    round_id: int
    campaign: str
    week: str  # ISO week, e.g. 2026-W48
    unit_id: int
    unit: str
    due: str  # due time as shown, e.g. "2026年11月26日 17:00"
    rows: list[FormRow]


class FormIdentity(BaseModel):
    round_id: int
    week: str
    unit_id: int
    unit: str


class FormAnswer(BaseModel):
    row: int  # Excel row number
    item_id: int
    progress: str | None
    percent: int | None
    evidence_names: list[str]
    ready: bool


class FormReply(BaseModel):
    identity: FormIdentity
    reporter: str | None  # as written on the form (None: not filled in, or a version 1 form)
    answers: list[FormAnswer]  # only rows where something was filled in


class FormInvalid(FileInvalid):
    """The returned form cannot be taken in."""

    kind = "报送表"



def locked_values(row: FormRow) -> dict[str, str]:
    """What the form shows in the locked cells of this row (the ready cell only when it is locked)."""
    values = {
        ID: f"#{row.item_id}",
        NUMBER: row.number,
        TEXT: row.text,
        # A cooperating unit also sees who leads (and who submits for verification).
        ROLE: "牵头" if row.role == "lead" else f"配合（牵头单位：{row.lead_unit}）",
        DEADLINE: row.deadline,
        STATE: row.state,
        LAST: row.last_progress or NO_PROGRESS,
    }
    if row.role == "cooperating":
        values[READY] = NOT_APPLICABLE
    return values

