"""What is wrong with a ledger file, said so that the office can fix it."""
from pydantic import BaseModel


class Problem(BaseModel):
    """One thing wrong with the file.

    ``message`` is the complete Chinese sentence shown to users, location included,
    e.g. ``第12行「整改时限」：无法识别的日期「2023年13月」``.
    """

    row: int | None
    column: str | None
    message: str

    @classmethod
    def at(cls, row: int | None, column: str | None, reason: str) -> "Problem":
        location = (f"第{row}行" if row is not None else "") + (f"「{column}」" if column else "")
        return cls(row=row, column=column, message=f"{location}：{reason}" if location else reason)

    def __str__(self) -> str:
        return self.message


class FileInvalid(Exception):
    """A file a user handed in cannot be taken; ``problems`` lists everything found, not just the first."""

    kind = "文件"  # how the heading names the file

    def __init__(self, problems: list[Problem], source: str | None = None):
        self.problems = list(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        name = f"「{self.source}」" if self.source else ""
        heading = f"{self.kind}{name}有{len(self.problems)}处问题："
        return "\n".join([heading, *(p.message for p in self.problems)])


class LedgerFileInvalid(FileInvalid):
    kind = "台账文件"


class ProblemLog:
    """Collects problems while a file is read; raises them all at the end."""

    def __init__(self, source: str | None = None):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, row: int | None, column: str | None, reason: str) -> None:
        self.problems.append(Problem.at(row, column, reason))

    def raise_if_any(self) -> None:
        if self.problems:
            raise LedgerFileInvalid(self.problems, self.source)


_VALIDATION_MESSAGES = {
    "missing": "缺少此项", "string_type": "应为文本", "list_type": "应为列表", "dict_type": "应为映射（key: value）",
    "model_type": "应为映射（key: value）", "model_attributes_type": "应为映射（key: value）", "int_type": "应为整数",
    "int_parsing": "应为整数", "enum": "取值无法识别", "literal_error": "取值无法识别", "extra_forbidden": "未知字段",
    "date_parsing": "应为日期，如 2026-12-31", "date_from_datetime_parsing": "应为日期，如 2026-12-31",
    "bool_parsing": "应为是或否", "string_too_long": "过长", "too_long": "项数过多",
    "float_parsing": "应为数字", "float_type": "应为数字", "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}", "greater_than": "应大于 {gt}", "less_than": "应小于 {lt}",
}


def validation_message(error: dict) -> str:
    """One of pydantic's validation errors as a Chinese phrase (its own messages are English)."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return _VALIDATION_MESSAGES.get(error["type"], "取值有误").format(**error.get("ctx", {}))
