"""Ledgers written as YAML or JSON, in the shape documented in structured_reader."""
import json
from datetime import date

import pytest
import yaml

from models.domain.problems import LedgerFileInvalid
from models.ledger_files import read_ledger
from models.ledger_files.structured_reader import read_ledger_structured

LEDGER = {
    "campaign": {"title": "落实市委巡察反馈意见整改台账", "source_type": "巡察", "feedback_date": "2026-10-26"},
    "aspects": [
        {
            "title": "一、关于履行职能职责方面",
            "items": [
                {
                    "number": 1,
                    "text": "信息化建设推进缓慢",
                    "measures": ["组织完成项目验收。", {"text": "推进二期建设", "unit": "信息中心", "deadline": "长期坚持"}],
                    "lead_unit": "信息中心",
                    "cooperating_units": ["规划财务处"],
                    "leader": "陈志强",
                    "deadline": "2026年12月底",
                    "status": "正在整改",
                    "progress": "已完成验收",
                },
            ],
        },
        {
            "title": "关于队伍建设方面",
            "items": [
                {"number": "2", "text": "借调不规范", "measures": "1.修订办法\n2.清理借调", "lead_unit": "人事处、机关党委",
                 "deadline": "立行立改", "remarks": "—"},
            ],
        },
    ],
}


@pytest.fixture
def yaml_and_json(tmp_path):
    yaml_path = tmp_path / "ledger.yaml"
    yaml_path.write_text(yaml.safe_dump(LEDGER, allow_unicode=True), encoding="utf-8")
    json_path = tmp_path / "ledger.json"
    json_path.write_text(json.dumps(LEDGER, ensure_ascii=False), encoding="utf-8")
    return yaml_path, json_path


def test_yaml_and_json_in_same_shape(yaml_and_json):
    from_yaml, from_json = (read_ledger(path) for path in yaml_and_json)
    assert from_yaml == from_json
    first, second = from_yaml.items
    assert from_yaml.campaign.feedback_date == date(2026, 10, 26)
    assert from_yaml.aspects == ["关于履行职能职责方面", "关于队伍建设方面"]
    assert (first.row, first.number, first.deadline) == (None, "1", date(2026, 12, 31))
    assert first.initial_state == "in_progress"
    assert [(m.text, m.unit, m.deadline_text) for m in first.measures] == [
        ("组织完成项目验收", None, None),
        ("推进二期建设", "信息中心", "长期坚持"),
    ]
    assert [m.text for m in second.measures] == ["修订办法", "清理借调"]
    assert (second.lead_unit, second.cooperating_units, second.deadline_kind) == ("人事处", ["机关党委"], "immediate")


def test_yaml_dates_may_be_native_dates(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text(
        "aspects:\n  - title: 关于作风方面\n    items:\n"
        "      - {text: 问题甲, lead_unit: 办公室, deadline: 2026-12-31}\n",
        encoding="utf-8",
    )
    [only] = read_ledger_structured(path).items
    assert (only.number, only.deadline, only.deadline_kind) == ("1", date(2026, 12, 31), "date")


def test_structured_problems_name_the_path(tmp_path):
    path = tmp_path / "ledger.yaml"
    path.write_text(
        """
campaign: {source_type: 巡查}
aspects:
  - title: 关于作风方面
    items:
      - {number: 1, text: 问题甲, lead_unit: 办公室}
      - {number: 2, text: 问题乙, lead_unit: 办公室, deadline: 2023年13月}
      - {number: 3, text: "", lead_unit: 办公室, status: 差不多, owner: 张三}
""",
        encoding="utf-8",
    )
    with pytest.raises(LedgerFileInvalid) as raised:
        read_ledger(path)
    assert [(p.column, p.message) for p in raised.value.problems] == [
        ("campaign.source_type", "「campaign.source_type」：来源应为巡视、巡察、审计、督查、自查之一，而不是「巡查」"),
        ("aspects[1].items[2].deadline", "「aspects[1].items[2].deadline」：无法识别的日期「2023年13月」"),
        ("aspects[1].items[3].owner", "「aspects[1].items[3].owner」：未知字段（可用字段：cooperating_units、deadline、"
         "lead_unit、leader、measures、number、parent、problem_amount、progress、rectified_amount、remarks、status、"
         "targets、text）"),
        ("aspects[1].items[3].text", "「aspects[1].items[3].text」：问题内容为空"),
        ("aspects[1].items[3].status", "「aspects[1].items[3].status」：无法识别的完成情况「差不多」（可填：已整改、部分整改、未整改、正在整改、长期整改、基本完成、未启动）"),
    ]
    assert all(p.row is None for p in raised.value.problems)


def test_broken_yaml_is_one_clear_problem(tmp_path):
    path = tmp_path / "ledger.yaml"
    path.write_text("aspects: [\n  - title: x\n", encoding="utf-8")
    with pytest.raises(LedgerFileInvalid) as raised:
        read_ledger(path)
    [problem] = raised.value.problems
    assert problem.message.startswith("YAML 格式错误")


@pytest.mark.parametrize(
    "name, reason",
    [
        ("台账.xls", "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入"),
        ("台账.csv", "不支持的文件类型「.csv」，请使用 .xlsx、.yaml、.yml 或 .json"),
    ],
)
def test_unknown_extension_is_reported(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(LedgerFileInvalid) as raised:
        read_ledger(path)
    assert [p.message for p in raised.value.problems] == [reason]
