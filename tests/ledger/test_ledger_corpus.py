"""Ledgers typed as offices type them (tests/corpus: section rows, merged aspect column, nested problems, audit
with amounts, header bands, a supervision — with notes, totals and signature rows) import with the document's own counts,
or are refused with every unknown thing named and nothing written."""
from collections import Counter

import pytest
from corpus import audit_amounts, header_bands, merged_aspect, nested_problems, section_rows, supervision_items
from openpyxl import load_workbook
from sqlalchemy import func, select

from models.directory.apply import import_directory
from models.directory.org_file import OrgDoc, UnitDoc
from models.domain.problems import LedgerFileInvalid
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import State
from models.ledger_files import read_ledger
from models.ledger_files.load import import_ledger_doc
from models.store.database import reading
from models.tables.ledger import Campaign, Item

# What each status word of the corpus means: decided here, from domain.md, not by the reader under test.
MEANING = {"已整改": State.closed, "已完成（长期坚持）": State.closed, "正在整改": State.in_progress,
           "部分整改": State.in_progress, "长期坚持": State.long_term, "未整改": State.assigned,
           "基本完成": State.verified}
SKIPPED = {"subtitle": "副标题", "header band": "表头分组", "note": "注释", "signature": "签字栏", "total": "合计"}
IMPORTABLE = [section_rows, nested_problems, audit_amounts, header_bands, supervision_items]


def _built(module, tmp_path):
    return module.build(tmp_path / f"{module.__name__.rsplit('.', 1)[-1]}.xlsx")


@pytest.mark.parametrize("module", IMPORTABLE, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_corpus_ledger_reads_with_the_documents_own_counts(module, tmp_path):
    expected = module.EXPECTED
    doc = read_ledger(_built(module, tmp_path))
    assert (doc.campaign.title, doc.campaign.source_type) == (expected["title"], expected["source_type"])
    assert [[a, n] for a, n in Counter(i.aspect for i in doc.items).items()] == expected["aspects"]
    assert len(doc.items) == expected["problems"]
    assert {c.header: c.field for c in doc.columns} == expected["columns"]
    assert {s.row: s.why for s in doc.skipped} == {row: SKIPPED[k] for row, k in expected["skipped_rows"].items()}
    wanted_states = Counter()
    for word, count in expected["statuses"].items():
        wanted_states[MEANING[word]] += count
    assert Counter(i.initial_state for i in doc.items if i.initial_state) == wanted_states
    written = [i.deadline_text for i in doc.items if i.deadline_text and i.deadline is None or
               i.deadline_text in expected["deadline_texts"]]
    assert list(dict.fromkeys(written)) == expected["deadline_texts"]


def test_nested_problems_keep_their_parent(tmp_path):
    doc = read_ledger(_built(nested_problems, tmp_path))
    parents = Counter(i.parent for i in doc.items)
    assert [[p, n] for p, n in parents.items()] == nested_problems.EXPECTED["parent_problems"]
    assert all(i.measures and i.lead_unit for i in doc.items)  # each concrete problem keeps its own


def test_header_bands_keep_several_units_and_both_task_columns(tmp_path):
    doc = read_ledger(_built(header_bands, tmp_path))
    rows = {i.row: i for i in doc.items}
    for row in header_bands.EXPECTED["multi_unit_rows"]:
        assert len([rows[row].lead_unit, *rows[row].cooperating_units]) >= 2, row
    for item in doc.items:  # 整改目标 kept beside 整改措施, each labelled
        assert {m.kind for m in item.measures} == {"target", "measure"}, item.row


def test_audit_amounts_are_kept_and_totalled(tmp_path, sqlite_url):
    summary = import_ledger_doc(sqlite_url, read_ledger(_built(audit_amounts, tmp_path)), actor_name="测试")
    assert summary.amounts == pytest.approx(audit_amounts.EXPECTED["amounts"])
    with reading(sqlite_url) as session:
        total = session.scalar(select(func.sum(Item.problem_amount)))
    assert total == pytest.approx(audit_amounts.EXPECTED["amounts"]["问题金额"])


# The units the offices' directories hold beyond those their ledgers name: what the collectives stand for.
DIRECTORY = {"section_rows": ["办公室", "医政医管科", "规划财务科", "人事科"],
             "header_bands": ["办公室", "财务股", "运输管理股", "城关交管站", "河口交管站"]}


def _directory(module, sqlite_url):
    units = DIRECTORY.get(module.__name__.rsplit(".", 1)[-1], [])
    import_directory(sqlite_url, OrgDoc(units=[UnitDoc(name=u) for u in units]), actor_name="测试")
    return units


@pytest.mark.slow
@pytest.mark.parametrize("module", IMPORTABLE, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_corpus_ledger_imports_whole(module, tmp_path, sqlite_url):
    _directory(module, sqlite_url)
    summary = import_ledger_doc(sqlite_url, read_ledger(_built(module, tmp_path)), actor_name="测试")
    assert (summary.aspects, summary.items) == (len(module.EXPECTED["aspects"]), module.EXPECTED["problems"])
    with reading(sqlite_url) as session:
        assert session.scalar(select(func.count()).select_from(Item)) == module.EXPECTED["problems"]


def test_empty_lead_unit_with_a_cooperating_unit_is_refused_by_row_and_nothing_written(tmp_path, sqlite_url):
    path = _built(merged_aspect, tmp_path)
    [[row, _]] = merged_aspect.EXPECTED["refused"]
    with pytest.raises(LedgerFileInvalid) as refused:
        import_ledger_doc(sqlite_url, read_ledger(path), actor_name="测试")
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (row, "牵头单位")
    with reading(sqlite_url) as session:
        assert session.scalar(select(func.count()).select_from(Campaign)) == 0

    # The office writes the lead unit in; the same file then imports whole.
    workbook = load_workbook(path)
    sheet = workbook.active
    lead_column = [c.value for c in sheet[2]].index("牵头单位") + 1
    sheet.cell(row=row, column=lead_column, value="党政综合办公室")
    workbook.save(path)
    doc = read_ledger(path)
    assert [[a, n] for a, n in Counter(i.aspect for i in doc.items).items()] == merged_aspect.EXPECTED["aspects"]
    fixed = next(i for i in doc.items if i.row == row)
    assert fixed.lead_unit == "党政综合办公室" and fixed.cooperating_units == ["综治中心", "自然资源所"]


def test_collective_lead_unit_is_refused_by_row_until_the_directory_says_what_it_means(tmp_path, sqlite_url):
    doc = read_ledger(_built(section_rows, tmp_path))
    [row] = [i.row for i in doc.items if i.lead_unit == "各科室"]
    with pytest.raises(InvalidInput) as refused:
        import_ledger_doc(sqlite_url, doc, actor_name="测试")
    assert f"第{row}行：「各科室」是统称" in str(refused.value)
    with reading(sqlite_url) as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 0

    units = _directory(section_rows, sqlite_url)
    summary = import_ledger_doc(sqlite_url, doc, actor_name="测试")
    offices = [u for u in units if u.endswith(("科", "室"))]
    assert summary.collectives == {"各科室": offices}
    with reading(sqlite_url) as session:
        item = session.scalar(select(Item).where(Item.source_row == row))
        assert [item.lead_unit.name, *(u.name for u in item.cooperating_units)][:len(offices)] == offices
        assert "各科室" not in {u.name for u in item.cooperating_units}


def test_cooperating_collective_with_no_units_is_kept_as_written_and_listed(tmp_path, sqlite_url):
    doc = read_ledger(_built(audit_amounts, tmp_path))
    summary = import_ledger_doc(sqlite_url, doc, actor_name="测试")
    [row] = [i.row for i in doc.items if "相关预算单位" in i.cooperating_units]
    assert summary.kept_as_written == {"相关预算单位": row}
    assert "相关预算单位" not in summary.units_created
    with reading(sqlite_url) as session:
        item = session.scalar(select(Item).where(Item.source_row == row))
        assert item.cooperating_names == ["相关预算单位"] and item.cooperating_units == []
