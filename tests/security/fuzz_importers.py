"""Generated hostile input for every importer (run by test_fuzz_importers.py in a process of its own, under a
memory limit): each reader either returns what it read or refuses by name — never another exception — and a
refused import writes nothing."""
import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parents[1]))
from hostile_files import FORMULA, rewrite_part, with_far_cell, with_merge  # noqa: E402

from models.collection.form_reader import read_form  # noqa: E402
from models.collection.form_spec import FormRow, FormSpec  # noqa: E402
from models.collection.form_writer import write_form  # noqa: E402
from models.directory.apply import import_directory  # noqa: E402
from models.directory.org_file import read_org  # noqa: E402
from models.domain.checkpoint_note import find_checkpoints  # noqa: E402
from models.domain.holiday_notice import read_holiday_notice  # noqa: E402
from models.domain.problems import FileInvalid  # noqa: E402
from models.domain.refusals import InvalidInput, Refused  # noqa: E402
from models.files.checkpoint_text import checkpoint_text  # noqa: E402
from models.files.structured import load_structured  # noqa: E402
from models.ledger_files import read_ledger  # noqa: E402
from models.ledger_files.load import import_ledger_doc  # noqa: E402
from models.store.database import engine_for, reading  # noqa: E402
from models.tables.audit import AuditEntry  # noqa: E402
from models.tables.schema import Base  # noqa: E402

NAMED = (FileInvalid, Refused)
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEADERS = ["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限", "完成情况", "备注",
           "整改进展", "姓名", "单位", "角色", "通知地址", "未知列", ""]

text = st.one_of(st.text(max_size=40), st.sampled_from([FORMULA, "=1+1", "\x01\x02控制", "长期坚持", "9999-12-31",
                                                         "2027年春节前", "办公室、财务处", "周建华（局长）", "a" * 40_000,
                                                         "../../etc/passwd", "1", "一、关于……方面", "合计"]))
cell = st.one_of(text, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.none(), st.booleans(),
                 st.dates(date(1, 1, 1), date(9999, 12, 31)), st.datetimes(datetime(1900, 1, 1)))
rows = st.lists(st.lists(cell, max_size=12), max_size=25)


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="rectiflow-fuzz-"))


def a_database() -> str:
    url = f"sqlite:///{workdir() / 'fuzz.db'}"
    Base.metadata.create_all(engine_for(url))
    return url


def entries(url: str) -> int:
    with reading(url) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def storable(value):
    """What openpyxl will write: no NaN, no characters XML cannot hold (a file holding them does not parse)."""
    if isinstance(value, float) and value != value:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def workbook(path: Path, header: list[str], body: list[list], merges: list[str]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["区委第二巡察组反馈意见整改台账"])
    sheet.append(header)
    for row in body:
        sheet.append([storable(v) for v in row])
    book.save(path)
    for ref in merges:
        with_merge(path, ref)
    return path


merge = st.builds(lambda r1, c1, h, w: f"{chr(65 + c1)}{r1}:{chr(65 + c1 + w)}{r1 + h}",
                  st.integers(1, 40), st.integers(0, 10), st.integers(0, 30), st.integers(0, 5))
far = st.sampled_from(["XFD1048576", "A1048576", "ZZ99", "B200001", "IV65536"])


def survive(read, path: Path):
    """Either what the reader read, or None after a named refusal; anything else fails the test."""
    try:
        return read(path)
    except NAMED:
        return None


@FUZZ
@given(header=st.lists(st.sampled_from(HEADERS), min_size=2, max_size=12), body=rows,
       merges=st.lists(merge, max_size=3), far_cell=st.none() | far, damage=st.booleans())
def test_ledger_xlsx(header, body, merges, far_cell, damage):
    path = workbook(workdir() / "台账.xlsx", header, body, merges)
    if far_cell:
        with_far_cell(path, far_cell)
    if damage:
        rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    doc = survive(read_ledger, path)
    if doc is not None:
        url = a_database()
        before = entries(url)
        try:
            import_ledger_doc(url, doc)
        except NAMED:
            assert entries(url) == before


structure = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), text),
                         lambda children: st.lists(children, max_size=5) | st.dictionaries(
                             st.sampled_from(["campaign", "aspects", "items", "title", "text", "lead_unit", "measures",
                                              "deadline", "people", "units", "name", "roles", "addresses", "unit",
                                              "leader", "status", "number"]) | text, children, max_size=6),
                         max_leaves=40)
yaml_extra = st.sampled_from(["", "x: &a [1,2]\ny: *a\n", "z: !!python/object/apply:os.system ['true']\n",
                              "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
                              "\x00\x01", "key: 'unterminated\n", ":\n  - : -\n"])


@FUZZ
@given(data=structure, extra=yaml_extra, as_json=st.booleans())
def test_ledger_and_org_yaml_json(data, extra, as_json):
    folder = workdir()
    content = json.dumps(data, ensure_ascii=False, default=str) if as_json else \
        yaml.safe_dump(data, allow_unicode=True) + extra
    for name, read in (("台账", read_ledger), ("org", read_org), ("2027", read_notice)):
        path = folder / f"{name}.{'json' if as_json else 'yaml'}"
        path.write_bytes(content.encode("utf-8", errors="replace"))
        survive(read, path)


def read_notice(path: Path):
    """`rectiflow calendar import`: the file, then the notice in it."""
    return read_holiday_notice(load_structured(path, InvalidInput), path.name)


day = st.one_of(st.dates(date(1990, 1, 1), date(2110, 12, 31)), text,
                st.builds(lambda a, b: f"{a} 至 {b}", st.dates(date(2026, 1, 1), date(2028, 12, 31)),
                          st.dates(date(2026, 1, 1), date(2028, 12, 31))))
notice = st.fixed_dictionaries({}, optional={
    "year": st.one_of(st.integers(1900, 2200), text, st.none(), st.booleans()),
    "holidays": st.one_of(st.dictionaries(text, st.one_of(day, st.lists(day, max_size=4)), max_size=6), text, st.none()),
    "workdays": st.one_of(st.lists(day, max_size=6), day, st.none())})


@FUZZ
@given(data=notice, extra=yaml_extra)
def test_holiday_notice(data, extra):
    path = workdir() / "2027.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) + extra, encoding="utf-8", errors="replace")
    survive(read_notice, path)


address = st.one_of(text, st.builds(lambda scheme, rest: f"{scheme}://{rest}",
                                    st.sampled_from(["dingtalk", "wecombot", "feishu", "lark", "mailto", "json", "sink",
                                                     "nosuch"]), text))


@FUZZ
@given(addresses=st.lists(address, max_size=4))
def test_org_addresses_at_import(addresses):
    """Whatever an address holds, the directory import takes it or refuses it by name; nothing half-written."""
    from models.directory.org_file import OrgDoc

    url = a_database()
    doc = OrgDoc.model_validate({"people": [{"name": "张三", "unit": "办公室", "roles": ["liaison"],
                                             "addresses": addresses}]})
    try:
        import_directory(url, doc, "模糊测试")
    except NAMED:
        assert entries(url) == 0


@FUZZ
@given(lines=st.lists(st.one_of(text, st.sampled_from(["rectiflow-audit-1", "18", "0oB40u0+rjdAQUtSrWk94ynx7CyM/vHghYsqtm"
                                                                                "vsmK0=", "", "— rectiflow-audit-1 AAAA",
                                                       "— x 5FzzlVZxlV7xOMxgw3JNwEPefrhP6BxDDP5si9eo=="])), max_size=12),
       as_docx=st.booleans())
def test_checkpoint_files(lines, as_docx):
    """`audit verify --checkpoint FILE`: any file is read, or refused by name; the checkpoints in it are found."""
    path = workdir() / ("报告.docx" if as_docx else "检查点.txt")
    if as_docx:
        from docx import Document

        document = Document()
        for line in lines:
            document.sections[0].footer.add_paragraph(ILLEGAL_CHARACTERS_RE.sub("", line))
        document.save(path)
    else:
        path.write_text("\n".join(lines), encoding="utf-8", errors="replace")
    content = survive(checkpoint_text, path)
    if content is not None:
        find_checkpoints(content)


@FUZZ
@given(body=st.lists(st.lists(cell, max_size=4), max_size=10), merges=st.lists(merge, max_size=2))
def test_org_xlsx(body, merges):
    path = workbook(workdir() / "org.xlsx", ["姓名", "单位", "角色", "通知地址"], body, merges)
    doc = survive(read_org, path)
    if doc is not None:
        url = a_database()
        try:
            import_directory(url, doc, "模糊测试")
        except NAMED:
            assert entries(url) == 0


SPEC = FormSpec(round_id=1, campaign="区委巡察整改", week="2026-W48", unit_id=1, unit="办公室", due="2026年11月26日 17:00",
                rows=[FormRow(item_id=n, number=str(n), text=f"问题{n}", role="lead" if n % 2 else "cooperating",
                              lead_unit="办公室", deadline="2026年12月底", state="正在整改", last_progress="")
                      for n in range(1, 5)])


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 14), cell), max_size=12),
       far_cell=st.none() | far, merges=st.lists(merge, max_size=2))
def test_weekly_form(edits, far_cell, merges):
    path = workdir() / "报送表.xlsx"
    write_form(SPEC, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row, column, value in edits:
        try:
            sheet.cell(row, column).value = storable(value)
        except (AttributeError, ValueError):  # a merged cell, or a value openpyxl will not store
            pass
    book.save(path)
    for ref in merges:
        with_merge(path, ref)
    if far_cell:
        with_far_cell(path, far_cell)
    survive(lambda p: read_form(p, SPEC), path)


outline_line = st.one_of(text, st.sampled_from(["一、关于……方面", "（一）问题", "1.在理论学习方面，不深不透", "（1）要点",
                                                  "整改措施：一是……；二是……", "责任单位：办公室、财务处", "责任领导：周建华（局长）",
                                                  "整改时限：2027年春节前", "三、保障措施", "此外，问题线索已移交", "一是甲；二是乙"]))


@FUZZ
@given(lines=st.lists(outline_line, max_size=30), as_docx=st.booleans())
def test_draft(lines, as_docx):
    from docx import Document

    from models.drafting.draft_ledger import draft_ledger

    folder = workdir()
    source = folder / ("反馈意见.docx" if as_docx else "反馈意见.txt")
    if as_docx:
        document = Document()
        for line in lines:
            document.add_paragraph(ILLEGAL_CHARACTERS_RE.sub("", line))
        document.save(source)
    else:
        source.write_text("\n".join(lines), encoding="utf-8", errors="replace")
    output = folder / "草稿.xlsx"
    try:
        draft_ledger(source, output)
    except NAMED:
        assert not output.exists()
        return
    survive(read_ledger, output)  # the draft reads, or is refused by name (its cells to fill)
