"""Reading the organisation directory from YAML or .xlsx, with every problem located."""
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator

from models.domain.problems import validation_message
from models.domain.refusals import InvalidInput
from models.domain.text import Text
from models.domain.vocabulary import Role
from models.files.structured import load_structured

XLSX_COLUMNS = {"姓名": "name", "单位": "unit", "角色": "roles", "通知地址": "addresses"}


class PersonDoc(BaseModel):
    name: Text
    unit: Text | None = None
    roles: list[Role] = []
    addresses: list[str] = []

    @field_validator("roles", mode="before")
    @classmethod
    def _roles_by_id_or_label(cls, value):
        if isinstance(value, str):
            value = [v for v in value.replace("，", "、").replace(",", "、").split("、") if v.strip()]
        try:
            return [Role.parse(str(v).strip()) for v in value or []]
        except ValueError as exc:
            known = "、".join(f"{r.value}/{r.label}" for r in Role)
            raise ValueError(f"未知角色「{exc}」，可用：{known}") from None

    @field_validator("addresses", mode="before")
    @classmethod
    def _one_per_line(cls, value):
        if isinstance(value, str):
            return [v.strip() for v in value.splitlines() if v.strip()]
        return value or []


class UnitDoc(BaseModel):
    name: Text


class OrgDoc(BaseModel):
    units: list[UnitDoc] = []
    people: list[PersonDoc] = []


def read_org(path: Path) -> OrgDoc:
    if not path.is_file():
        raise InvalidInput(f"找不到组织目录文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return _validated(load_structured(path, InvalidInput) or {}, _yaml_location)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise InvalidInput(f"不支持的组织目录文件类型「{suffix}」：请用 .yaml、.json 或 .xlsx")


def _yaml_location(loc: tuple) -> str:
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _validated(data: object, locate) -> OrgDoc:
    if not isinstance(data, dict):
        raise InvalidInput("组织目录有误，未写入任何内容：文件应为包含 units / people 的映射")
    try:
        doc = OrgDoc.model_validate(data)
    except ValidationError as exc:
        lines = [f"{locate(e['loc'])}：{validation_message(e)}" for e in exc.errors()]
        raise InvalidInput("组织目录有误，未写入任何内容：\n" + "\n".join(lines)) from None
    names = [p.name for p in doc.people]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidInput(f"组织目录中人员重名：{'、'.join(duplicates)}（请在姓名后加以区分，如「张伟（办公室）」）")
    return doc


def _read_xlsx(path: Path) -> OrgDoc:
    from models.files.opening import open_workbook  # openpyxl: only for an .xlsx directory

    sheet = open_workbook(path, InvalidInput, read_only=True).worksheets[0]
    sheet.reset_dimensions()  # rows as written: a declared A1:XFD1048576 would pad every row to 16,384 cells
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
    missing = [name for name in ("姓名", "角色") if name not in header]
    if missing:
        raise InvalidInput(f"组织目录表第1行缺少列：{'、'.join(missing)}")
    people, row_numbers = [], []
    for number, values in enumerate(rows[1:], start=2):
        record = {XLSX_COLUMNS[h]: v for h, v in zip(header, values) if h in XLSX_COLUMNS and v not in (None, "")}
        if record:
            people.append({k: str(v).strip() if k != "addresses" else str(v) for k, v in record.items()})
            row_numbers.append(number)

    def locate(loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "people":
            column = next((h for h, f in XLSX_COLUMNS.items() if len(loc) > 2 and f == loc[2]), "")
            return f"第{row_numbers[loc[1]]}行「{column}」" if column else f"第{row_numbers[loc[1]]}行"
        return _yaml_location(loc)

    return _validated({"people": people}, locate)
