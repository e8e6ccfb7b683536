"""The sample files shipped for `rectiflow demo` read cleanly and agree with each other."""
from collections import Counter
from pathlib import Path

import yaml

from models.ledger_files import read_ledger
from rectiflow.samples import build_seed003_ledger

SAMPLES = Path(build_seed003_ledger.__file__).parent
SEED003_LEDGER = SAMPLES / "seed003_ledger.xlsx"
SAMPLE_YAML = SAMPLES / "sample_ledger.yaml"
ORG = yaml.safe_load((SAMPLES / "seed003_org.yaml").read_text(encoding="utf-8"))


def test_shipped_sample_reads_seed_003s_three_aspects_sixteen_problems_38_concrete_ones():
    ledger = read_ledger(SEED003_LEDGER)
    assert ledger.campaign.title == "市退役军人事务局落实市委第一巡察组反馈意见整改台账"
    assert ledger.campaign.source_type == "巡察"
    assert ledger.campaign.feedback_date.isoformat() == "2026-10-26"
    assert ledger.aspects == [
        "关于落实中央决策部署、履行职能职责方面",
        "关于管党治党、整治不正之风和腐败问题方面",
        "关于党建工作、队伍建设和管理方面",
    ]
    assert list(Counter(i.aspect for i in ledger.items).values()) == [3, 21, 14]  # seed 003: 3大方面38个具体问题
    assert [len([i for i in ledger.items if i.aspect == a and i.parent]) for a in ledger.aspects] == [3, 21, 14]
    assert list(Counter(i.parent for i in ledger.items).values()) == [1, 1, 1, 1, 2, 4, 2, 3, 3, 2, 4, 2, 3, 4, 3, 2]
    assert [i.number for i in ledger.items] == [str(n) for n in range(1, 39)]
    assert all(i.measures and i.initial_state is None for i in ledger.items)
    assert {i.deadline_kind for i in ledger.items} == {"date", "immediate", "ongoing"}
    # the 整改目标 merged over a feedback problem's rows is the heading seed 003 gives it
    assert [m.text for m in ledger.items[0].measures if m.kind == "target"] == ["充分发挥党组领导作用"]


def test_shipped_sample_has_a_long_term_item():
    ledger = read_ledger(SEED003_LEDGER)
    [long_term] = [i for i in ledger.items if i.deadline_kind == "ongoing"]
    assert long_term.number == "2"
    assert "信息化平台二期建设" in [m for m in long_term.measures if m.kind == "measure"][-1].text


def test_shipped_xlsx_is_what_the_builder_writes(tmp_path):
    rebuilt = build_seed003_ledger.build(tmp_path / "rebuilt.xlsx")
    assert read_ledger(rebuilt) == read_ledger(SEED003_LEDGER)


def test_sample_yaml_ledger_has_two_aspects_and_four_items():
    ledger = read_ledger(SAMPLE_YAML)
    assert (len(ledger.aspects), len(ledger.items)) == (2, 4)


def test_org_file_names_every_unit_and_leader_of_the_samples():
    units = {u["name"] for u in ORG["units"]}
    people = {p["name"]: p for p in ORG["people"]}
    for path in (SEED003_LEDGER, SAMPLE_YAML):
        for item in read_ledger(path).items:
            named = {item.lead_unit, *item.cooperating_units, *(m.unit for m in item.measures if m.unit)}
            assert named <= units, item.number
            assert "leader" in people[item.leader]["roles"]


def test_org_file_has_a_liaison_and_a_head_for_every_responsible_unit():
    roles_by_unit = {}
    for person in ORG["people"]:
        roles_by_unit.setdefault(person.get("unit"), set()).update(person["roles"])
    for item in read_ledger(SEED003_LEDGER).items:
        for unit in (item.lead_unit, *item.cooperating_units):
            assert {"liaison", "unit_head"} <= roles_by_unit[unit], unit


def test_org_file_has_one_chair_and_an_office():
    roles = [set(p["roles"]) for p in ORG["people"]]
    assert sum("chair" in r for r in roles) == 1
    assert sum("office" in r for r in roles) == 2
    assert all(p.get("unit") in {u["name"] for u in ORG["units"]} for p in ORG["people"])
