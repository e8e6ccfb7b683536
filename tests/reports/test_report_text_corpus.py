"""The progress report's words on real-shaped ledgers of each source type (tests/corpus, written from public
reports): the title and opening from the campaign's facts, the totals sentence exact and without 「尚未启动」, the
work done in 一是…二是… form without file names, the money an audit leads with, the facts nobody gave named."""
from datetime import UTC, date, datetime

import pytest
from corpus import audit_amounts, header_bands, nested_problems, section_rows, supervision_items
from sqlalchemy import select

from models.directory.apply import import_directory
from models.directory.org_file import OrgDoc
from models.domain.commands import (
    ActionCommand,
    CampaignFactsCommand,
    Change,
    DecisionCommand,
    EvidenceRef,
    ProgressCommand,
)
from models.engine.operations import perform_action, perform_campaign_facts, perform_decision, perform_progress
from models.ledger_files import read_ledger
from models.ledger_files.load import import_ledger_doc
from models.reports.progress import build_progress_report
from models.reports.tasks_text import aspect_heading
from models.reports.text import report_text
from models.store.database import reading
from models.tables.ledger import Campaign, Item
from models.tables.organisation import Unit

DAY = date(2026, 11, 30)
IMPORTED, LATER = datetime(2026, 10, 28, 2, 0, tzinfo=UTC), datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
# what the corpus's collective units (各科室, 各股室) stand for in the bodies' directories
UNITS = {section_rows: ["办公室", "医政医管科", "规划财务科", "人事科"],
         header_bands: ["办公室", "财务股", "运输管理股", "城关交管站", "河口交管站"]}


def imported(module, db_url, tmp_path, **facts) -> int:
    """The corpus ledger imported into a body whose directory has an office, a leading group and a liaison for
    every unit; the campaign's facts set when given. Returns the campaign's id."""
    import_directory(db_url, OrgDoc.model_validate({"units": [{"name": u} for u in UNITS.get(module, [])]}), "测试")
    summary = import_ledger_doc(db_url, read_ledger(module.build(tmp_path / "ledger.xlsx")), actor_name="整改办甲",
                                now=IMPORTED)
    with reading(db_url) as session:
        units = session.scalars(select(Unit.name)).all()
    people = [{"name": "整改办甲", "unit": "整改办", "roles": ["office"]},
              {"name": "组长", "unit": "领导", "roles": ["chair", "member"]},
              {"name": "成员甲", "unit": "领导", "roles": ["member"]}]
    people += [{"name": f"{unit}联络员", "unit": unit, "roles": ["liaison"]} for unit in units]
    import_directory(db_url, OrgDoc.model_validate({"people": people}), "测试")
    if facts:
        perform_campaign_facts(db_url, CampaignFactsCommand(campaign=str(summary.campaign_id), actor="整改办甲",
                                                            **facts), now=IMPORTED)
    return summary.campaign_id


def report_of(db_url, day: date = DAY):
    with reading(db_url) as session:
        report = build_progress_report(session, session.scalars(select(Campaign)).one(), day)
    return report, report_text(report)


def prose(text) -> str:
    """Everything the report says before its annex."""
    return "\n".join(block.text for block in text.blocks)


def paragraph_starting(text, start: str) -> str:
    return next(block.text for block in text.blocks if block.text.startswith(start))


def test_an_inspection_report_opens_with_who_inspected_whom_and_counts_only_what_applies(sqlite_url, tmp_path):
    imported(section_rows, sqlite_url, tmp_path, inspecting_body="区委第二巡察组", inspected_body="区卫生健康局党组",
             inspection_start=date(2026, 9, 1), inspection_end=date(2026, 9, 30),
             instruction="区委巡察办《关于报送巡察整改进展情况的通知》")
    report, text = report_of(sqlite_url)
    assert text.title == "中共区卫生健康局党组关于区委第二巡察组反馈意见整改进展情况的报告"
    assert text.blocks[0].text == (
        "据区委统一部署，2026年9月1日至2026年9月30日，区委第二巡察组对区卫生健康局党组开展了巡察。2026年10月26日，"
        "区委巡察组向区卫生健康局党组反馈了巡察意见。按照区委巡察办《关于报送巡察整改进展情况的通知》要求，现将截至"
        "2026年11月30日的巡察整改进展情况报告如下。")
    # the ledger's statuses: 已整改 6, 正在整改 5, 长期坚持 3, 未整改 1 — nothing started is not reported upward
    assert report.totals_sentence == "巡察反馈的3大方面15个具体问题，已完成整改6项，长期整改3项，正在整改6项。"
    assert "尚未启动" not in prose(text) and not text.missing
    assert [b.text for b in text.blocks if b.kind == "heading1"] == [
        "一、党组履行巡察整改主体责任情况", "二、巡察整改任务落实情况", "三、下一步工作打算"]
    assert [b.text for b in text.blocks if b.kind == "heading2"] == [
        f"（{n}）{title}" for n, (title, _) in zip("一二三", section_rows.EXPECTED["aspects"])]


def test_long_term_items_count_as_major_progress_only_with_progress_in_the_period(sqlite_url, tmp_path):
    imported(section_rows, sqlite_url, tmp_path)
    with reading(sqlite_url) as session:
        first = session.scalars(select(Item).where(Item.state == "long_term")).first()
        item_id, unit = first.id, first.lead_unit.name
    perform_progress(sqlite_url, ProgressCommand(item_id=item_id, actor=f"{unit}联络员",
                                                 text="已完成年度慢性病综合防控示范区复审准备", done=True), now=LATER)
    report, _ = report_of(sqlite_url)
    assert "长期整改3项（其中取得重大进展的1项）" in report.totals_sentence
    earlier, _ = report_of(sqlite_url, date(2026, 11, 19))  # before that report: nothing to call progress
    assert "取得重大进展" not in earlier.totals_sentence


def test_work_done_is_told_as_yishi_ershi_without_dates_or_file_names(sqlite_url, tmp_path):
    imported(section_rows, sqlite_url, tmp_path)
    with reading(sqlite_url) as session:
        item = session.scalars(select(Item).where(Item.state == "assigned")).first()
        item_id, unit, measures = item.id, item.lead_unit.name, [m for m in item.measures if m.kind == "measure"]
    liaison = f"{unit}联络员"
    perform_progress(sqlite_url, ProgressCommand(item_id=item_id, actor=liaison, measure=1, done=True,
                                                 text="已印发整改工作方案，见附件：整改方案.pdf"), now=LATER)
    perform_progress(sqlite_url, ProgressCommand(item_id=item_id, actor=liaison, text="正在修订相关制度，已完成初稿"),
                     now=LATER)
    evidence = EvidenceRef(sha256="cd" * 32, filename="整改方案（印发稿）.pdf", size=2048)
    submitted = perform_action(sqlite_url, ActionCommand(item_id=item_id, action="submit", actor=liaison,
                                                         change=Change(evidence=[evidence])), now=LATER)
    perform_decision(sqlite_url, DecisionCommand(request_id=submitted.request_id, decision="approve",
                                                 actor="整改办甲"), now=LATER)
    _, text = report_of(sqlite_url)
    said = prose(text)
    assert ".pdf" not in said and "附件" not in said
    paragraph = next(b.text for b in text.blocks if "已印发整改工作方案" in b.text)
    assert "2026年" not in paragraph  # no dated log lines
    assert "一是" in paragraph and "二是" in paragraph and len(measures) >= 2  # every measure, as done
    assert "目前已通过检查验收，正在履行对账销号程序。" in paragraph
    assert any("整改方案（印发稿）.pdf" in b.text for b in text.annex)  # the evidence goes to the annex


def test_an_audit_report_leads_with_the_money(sqlite_url, tmp_path):
    imported(audit_amounts, sqlite_url, tmp_path, inspecting_body="市审计局", inspected_body="清源市财政局",
             inspection_start=date(2026, 3, 1), inspection_end=date(2026, 5, 31), feedback_date=date(2026, 6, 20))
    report, text = report_of(sqlite_url)
    wanted = audit_amounts.EXPECTED["amounts"]
    assert text.title == "清源市财政局关于市审计局审计发现问题整改情况的报告"
    assert text.blocks[0].text.startswith("2026年3月1日至2026年5月31日，市审计局对清源市财政局进行了审计。2026年6月20日，"
                                          "市审计局向清源市财政局出具了审计报告。按照审计整改工作有关要求")
    # 已整改 11, 部分整改 5, 未整改 1 (counted as being rectified)
    assert report.totals_sentence == (f"审计发现的3个方面17个问题，涉及问题金额{wanted['问题金额']:,.2f}万元。其中已完成整改11项，"
                                      f"正在整改6项，整改到位资金{wanted['整改到位金额']:,.2f}万元。")
    assert [b.text for b in text.blocks if b.kind == "heading1"][1] == "二、审计发现问题整改情况"
    first_aspect = text.blocks[[b.kind for b in text.blocks].index("heading2") + 1].text
    assert first_aspect.startswith("该方面问题6项，涉及问题金额") and "整改到位资金" in first_aspect
    paragraph = next(b.text for b in text.blocks if "违规发放信息宣传奖励" in b.text)
    # the ledger's 整改情况 of a problem it says is done is what was done
    assert "涉及问题金额12.36万元，已整改到位12.36万元。已收回违规发放的信息宣传奖励12.36万元并上缴国库" in paragraph


def test_a_supervision_report_and_its_opening(sqlite_url, tmp_path):
    imported(supervision_items, sqlite_url, tmp_path, inspecting_body="市政府第三督查组", inspected_body="青石县人民政府",
             inspection_start=date(2026, 9, 21), inspection_end=date(2026, 9, 25))
    report, text = report_of(sqlite_url)
    assert text.title == "青石县人民政府关于市政府第三督查组督查反馈问题整改情况的报告"
    assert text.blocks[0].text == (
        "2026年9月21日至2026年9月25日，市政府第三督查组对青石县人民政府开展了督查。2026年10月12日，市政府第三督查组向"
        "青石县人民政府反馈了督查意见。按照督查工作有关要求，现将截至2026年11月30日的督查反馈问题整改情况报告如下。")
    assert report.totals_sentence == "督查反馈的2大方面5个具体问题，已完成整改3项，基本完成整改1项，正在整改1项。"
    said = prose(text)
    assert supervision_items.EVIDENCE_NOTE not in said and ".pdf" not in said and "见附件" not in said
    assert "已推行“一窗受理、并行办理”，一般登记办理时限压缩至3个工作日。" in said
    assert "目前，已成立项目推进专班，用地手续正在报批。" in said  # where an open problem stands


def test_a_self_inspection_report(sqlite_url, tmp_path):
    imported(header_bands, sqlite_url, tmp_path, inspected_body="县交通运输局党组",
             instruction="县委办《关于开展形式主义问题自查整改的通知》")
    report, text = report_of(sqlite_url)
    assert text.title == "中共县交通运输局党组关于自查问题整改情况的报告"
    assert text.blocks[0].text == ("县交通运输局党组开展了自查，按照县委办《关于开展形式主义问题自查整改的通知》要求，现将截至"
                                   "2026年11月30日的自查问题整改情况报告如下。")
    assert report.totals_sentence == "自查发现的4个方面13个问题，正在整改13项。"
    assert [b.text for b in text.blocks if b.kind == "heading1"] == [
        "一、自查整改工作开展情况", "二、自查问题整改情况", "三、下步工作措施"]
    assert not text.missing


def test_the_facts_nobody_gave_are_named_not_invented(sqlite_url, tmp_path):
    imported(nested_problems, sqlite_url, tmp_path)
    report, text = report_of(sqlite_url)
    assert text.missing == ["检查主体", "被检查单位", "检查时间", "反馈时间"]
    opening = text.blocks[0]
    assert [run.text for run in opening.runs if run.draft] == [
        "【待补充：检查时间】", "【待补充：检查主体】", "【待补充：被检查单位】", "【待补充：反馈时间】",
        "【待补充：检查主体】", "【待补充：被检查单位】"]
    assert "区委" not in opening.text  # the ledger's title names the group; the opening does not guess from it
    assert text.title == "关于区文化和旅游体育局党组落实区委第二巡察组反馈意见整改进展情况的报告"
    # two levels: one heading per feedback problem, its concrete problems its 一是…二是…
    first = paragraph_starting(text, "1.关于“学习贯彻")
    assert "一是" in first and "二是" in first
    assert report.parents == 6


@pytest.mark.parametrize("heading, shown", [("财政管理方面（6项）", "（一）财政管理方面"),
                                            ("部门预算执行方面 (13个)", "（一）部门预算执行方面")])
def test_aspect_headings_lose_a_count_written_after_them(heading, shown):
    assert aspect_heading(1, heading) == shown
