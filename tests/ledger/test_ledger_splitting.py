import pytest

from models.ledger_files.splitting import split_measures, split_units


def test_measures_split_on_yi_shi_er_shi():
    cell = "一是认真落实第一议题制度。修订完善学习指引。二是加强重要法律学习；三是严格执行决策制度。"
    assert split_measures(cell) == ["认真落实第一议题制度。修订完善学习指引", "加强重要法律学习", "严格执行决策制度"]


def test_yi_shi_inside_a_sentence_is_not_a_split_point():
    cell = "一是统一是非标准，坚持一是一、二是二。二是加强监督"
    assert split_measures(cell) == ["统一是非标准，坚持一是一、二是二", "加强监督"]


def test_text_before_yi_shi_is_kept_unless_it_introduces_the_list():
    assert split_measures("充分发挥领导作用。一是甲；二是乙") == ["充分发挥领导作用", "甲", "乙"]
    assert split_measures("整改措施：一是甲；二是乙") == ["甲", "乙"]


@pytest.mark.parametrize(
    "cell",
    [
        "1.组织验收\n2.建立机制\n3.推进二期",
        "1、组织验收；2、建立机制；3、推进二期。",
        "（1）组织验收（2）建立机制（3）推进二期",
        "(1)组织验收 (2)建立机制 (3)推进二期",
        "1）组织验收。2）建立机制。3）推进二期。",
        "①组织验收②建立机制③推进二期",
        "组织验收\n建立机制\n\n推进二期\n",
    ],
)
def test_numbered_measures_split(cell):
    assert split_measures(cell) == ["组织验收", "建立机制", "推进二期"]


def test_decimal_numbers_are_not_list_markers():
    assert split_measures("1.发放折页2.5万份\n2.注册人数增加8000余人") == ["发放折页2.5万份", "注册人数增加8000余人"]


def test_outer_numbering_wins_over_nested_yi_shi():
    cell = "1.完善制度：一是修订办法；二是出台细则。\n2.加强培训"
    assert split_measures(cell) == ["完善制度：一是修订办法；二是出台细则", "加强培训"]


def test_single_measure_stays_whole():
    assert split_measures("严格落实物资入库、申领、发放管理要求。") == ["严格落实物资入库、申领、发放管理要求"]


@pytest.mark.parametrize("cell", [None, "", "  \n "])
def test_empty_measures_cell_gives_no_measures(cell):
    assert split_measures(cell) == []


def test_units_split_on_chinese_and_ascii_separators_and_spaces():
    assert split_units("办公室、人事处，机关党委,信息中心；服务中心;军休管理处 规划财务处\n政策法规处　办公室") == [
        "办公室", "人事处", "机关党委", "信息中心", "服务中心", "军休管理处", "规划财务处", "政策法规处",
    ]
