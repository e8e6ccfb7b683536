"""Done when: the seed-003 ledger walked to its real end state gives a report that reads like seed 003 section by
section, with the same numbers, and what the office still has to write is only what is marked as a draft."""
import re

import docx
import pytest
from docx.shared import Cm
from sqlalchemy import select

from deploy.migrate import upgrade
from models.reports.files import write_progress_report
from models.reports.progress import build_progress_report
from models.reports.text import report_text
from models.store.database import engine_for, reading
from models.tables.ledger import Campaign
from rectiflow import seed003_story as story

pytestmark = pytest.mark.slow

# Seed 003, 二、巡察整改任务落实情况: its aspects and the heading of each numbered problem, as the seed writes them.
SEED_TASKS = {
    "（一）关于落实中央决策部署、履行职能职责方面": [
        "充分发挥党组领导作用", "扎实推进信息化建设", "全面加强退役军人服务中心（站）建设"],
    "（二）关于管党治党、整治不正之风和腐败问题方面": [
        "认真履行全面从严治党政治责任", "认真落实中央八项规定及其实施细则精神", "坚决杜绝形式主义、官僚主义现象",
        "切实加强履职能力建设", "严格把关招标项目", "切实规范自行采购程序", "有效堵住物资管理漏洞", "切实规范财务管理"],
    "（三）关于党建工作、队伍建设和管理方面": [
        "扎实开展党组理论中心组学习", "抓实抓好机关党建工作", "不断提升选人用人工作水平", "严格执行机构编制规定",
        "严格落实干部监督管理要求"],
}
SEED_SECTIONS = ["一、党组履行巡察整改主体责任情况", "二、巡察整改任务落实情况", "三、下一步工作打算"]
SEED_TOTALS = "已完成整改34项，基本完成整改3项，长期整改并取得重大进展的1项。"  # of seed 003's 38 problems


@pytest.fixture(scope="module")
def end_state(tmp_path_factory):
    home = tmp_path_factory.mktemp("seed003")
    db_url = f"sqlite:///{home / 'rectiflow.db'}"
    upgrade(db_url)
    day = story.walk_to_end_state(db_url, home / "data", home, say=lambda _: None)
    with reading(db_url) as session:
        report = build_progress_report(session, session.scalars(select(Campaign)).one(), day)
    yield db_url, day, report, report_text(report), home
    engine_for(db_url).dispose()


def test_title_and_opening_say_who_inspected_whom_when_as_seed_003_does(end_state):
    _, _, _, text, _ = end_state
    assert text.title == "中共市退役军人事务局党组关于市委第一巡察组反馈意见整改进展情况的报告"
    assert text.blocks[0].text == (
        "据市委统一部署，2026年9月14日至2026年9月22日，市委第一巡察组对市退役军人事务局党组开展了巡察。2026年10月26日，"
        "市委巡察组向市退役军人事务局党组反馈了巡察意见。按照巡察工作有关要求，现将截至2026年11月27日的巡察整改进展"
        "情况报告如下。")
    assert not text.missing


def test_the_sections_and_the_numbers_are_seed_003s(end_state):
    _, _, report, text, _ = end_state
    assert [b.text for b in text.blocks if b.kind == "heading1"] == SEED_SECTIONS
    assert report.counts["已完成整改"] == 34 and report.counts["基本完成整改"] == 3 and report.counts["长期整改"] == 1
    assert report.totals_sentence == f"巡察反馈的3大方面16个问题38个具体表现，{SEED_TOTALS}"
    one = blocks_between(text, SEED_SECTIONS[0], SEED_SECTIONS[1])
    subsections = [b for b in one if re.match(r"^（[一二三四]）", b.text)]
    assert len(subsections) == 4  # seed 003: 统一思想认识 / 加强组织领导 / 强力跟踪督办 / 注重成效转化
    assert subsections[2].text.endswith(report.totals_sentence)  # the totals close （三）, as in seed 003


def test_section_one_is_written_from_what_the_system_recorded(end_state):
    _, _, _, text, _ = end_state
    said = "".join(b.text for b in blocks_between(text, SEED_SECTIONS[0], SEED_SECTIONS[1]))
    assert "由王建国同志任组长，李明华、陈志强、刘芳、赵立新、孙卫东等5名同志为成员" in said
    assert f"领导小组召开会议{len(story.MEETINGS)}次" in said
    assert "集体审议对账销号申请34项、列为长期整改申请1项、延期申请1项，同意36项" in said
    assert "2026年11月2日，市退役军人事务局党组建立整改台账，将3个方面16个问题38个具体问题逐项明确整改措施" in said
    assert f"共开展{len(story.WEEKS)}轮" in said and "逾期报送" in said and "催报" in said
    assert "整改办检查验收37项，领导小组审签对账销号34项；对整改不到位的退回重新整改1次" in said
    assert "1个问题列为长期整改、1个问题延长整改时限" in said
    assert "向责任领导督办" in said  # the item left past its deadline was escalated


def test_section_two_has_seed_003s_headings_and_work_done(end_state):
    _, _, _, text, _ = end_state
    two = blocks_between(text, SEED_SECTIONS[1], SEED_SECTIONS[2])
    found: dict[str, list[str]] = {}
    for block in two:
        if block.kind == "heading2":
            found[block.text] = []
        elif block.runs and block.runs[0].style == "strong":
            found[list(found)[-1]].append(re.sub(r"^\d+\.|。$", "", block.runs[0].text))
    assert found == SEED_TASKS
    said = "\n".join(b.text for b in two)
    assert ("1.充分发挥党组领导作用。一是认真落实第一议题制度。修订完善局党组会议第一议题学习指引") in said
    assert "二是加强重要法律和文件规定的学习。制定局党组会议重要法律、文件规定学习规范，从学习内容安排、议题报送要求、" \
           "学习贯彻机制、检查督导机制4个方面进行了规范明确。" in said
    assert "三是加大“XXXX”APP推广力度。建立健全“XXXX”APP信息更新维护工作机制，加大APP宣传推广力度，累计发放宣传海报" \
           "1000份、折页2.5万份，APP注册人数增加8000余人。" in said
    assert "从思想有高度、服务有温度、办事有速度、保障有力度、尊崇有厚度、督导有强度等6个方面提出了18条措施。" in said
    assert "该问题需长期整改，已明确阶段目标：到2027年3月31日，完成二期建设方案论证" in said
    assert "因采购管理办法需经党组会审议，经领导小组同意，整改时限延长至2027年4月30日。" in said
    assert said.count("目前已通过检查验收，正在履行对账销号程序。") == 3
    assert ".pdf" not in said and "尚未启动" not in said and not re.search(r"\d{4}年\d+月\d+日，\S+：", said)


def test_the_office_edits_only_what_is_marked_as_a_draft(end_state):
    _, _, _, text, _ = end_state
    drafts = [b for b in text.blocks if b.draft]
    three = blocks_between(text, SEED_SECTIONS[2], None)
    assert all(b.draft for b in three)  # the next steps: drafted from what is open, for the office to edit
    one = blocks_between(text, SEED_SECTIONS[0], SEED_SECTIONS[1])
    assert [b for b in one if b.draft] == [one[0], one[-1]]  # the preamble and （四）成效转化
    assert len(drafts) == len(three) + 2
    assert not [b for b in text.blocks if "【待补充" in b.text]


def test_the_word_file_is_an_official_document(end_state):
    db_url, day, _, _, home = end_state
    path = home / "整改进展情况报告.docx"
    written = write_progress_report(db_url, None, day, "docx", path)
    assert written.totals_sentence.endswith(SEED_TOTALS) and not written.missing
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "报告标题" and paragraphs[0].text.startswith("中共市退役军人事务局党组")
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == SEED_SECTIONS
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == list(SEED_TASKS)
    highlighted = [p for p in paragraphs if any(r.style.name in ("草稿", "小标题草稿") for r in p.runs)]
    assert highlighted and paragraphs.index(highlighted[-1]) < [p.text for p in paragraphs].index("附件1")


def blocks_between(text, start: str, end: str | None):
    headings = [b.text for b in text.blocks]
    first = headings.index(start) + 1
    return text.blocks[first:headings.index(end) if end else None]
