"""The progress report (整改进展情况报告) as Word and Markdown, in seed 003's shape."""
import re
import struct
import zlib
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from models.domain.campaign_facts import CampaignFacts
from models.queries.campaign_record import CampaignRecord, LeadingGroup, MeetingsRecord
from models.reports.docx import write_progress_docx
from models.reports.model import ProgressReport, ReportAspect, ReportItem, StageTargetLine
from models.reports.text import progress_markdown

TITLE = "中共市退役军人事务局党组关于市委第一巡察组反馈意见整改进展情况的报告"
TOTALS = "巡察反馈的3大方面7个具体问题，已完成整改4项，基本完成整改2项，长期整改并取得重大进展的1项。"
ASPECTS = {
    "关于落实中央决策部署、履行职能职责方面": ["党组领导作用发挥不够充分", "信息化平台建设推进缓慢",
                                               "退役军人服务站建设不够规范"],
    "关于管党治党、整治不正之风和腐败问题方面": ["公务用车管理不够规范", "招标项目把关不严"],
    "关于党建工作、队伍建设和管理方面": ["理论中心组学习不够规范", "编外聘用人员管理不够规范"],
}
STATES = {"closed": "已完成整改", "verified": "基本完成整改", "long_term": "长期整改"}
FACTS = CampaignFacts(source_type="巡察", inspecting_body="市委第一巡察组", inspected_body="市退役军人事务局党组",
                      inspection_start=date(2026, 9, 14), inspection_end=date(2026, 9, 22),
                      feedback_date=date(2026, 10, 26))


def _item(item_id: int, text: str, state: str = "closed", work: list[str] | None = None,
          evidence: list[str] | None = None, stage_targets: list[StageTargetLine] | None = None) -> ReportItem:
    return ReportItem(item_id=item_id, number=str(item_id), text=text, state=state, state_label=STATES[state],
                      lead_unit="办公室", cooperating_units=["机关党委"], leader="王建国", deadline_text="2026年12月底",
                      work=work if work is not None else [f"{text}的第一项工作", f"{text}的第二项工作"],
                      evidence=evidence or [], stage_targets=stage_targets or [], progress_in_period=True)


def make_report(facts: CampaignFacts = FACTS) -> ProgressReport:
    titles = list(ASPECTS)
    first = [
        _item(1, "党组领导作用发挥不够充分",
              work=["认真落实第一议题制度。修订完善第一议题学习指引。", "加强重要法律和文件规定的学习；",
                    "严格执行重大事项决策制度"],
              evidence=["党组会议纪要.pdf", "第一议题学习指引.docx"]),
        _item(2, "信息化平台建设推进缓慢", state="long_term", work=["组织完成信息化平台建设项目验收"],
              stage_targets=[StageTargetLine(text="完成二期建设方案论证", due=date(2027, 3, 31)),
                             StageTargetLine(text="二期平台上线试运行。", due=date(2027, 12, 31))]),
        _item(3, "退役军人服务站建设不够规范", state="verified"),
    ]
    second = [_item(4, "公务用车管理不够规范"), _item(5, "招标项目把关不严", state="verified")]
    third = [_item(6, "理论中心组学习不够规范"), _item(7, "编外聘用人员管理不够规范", work=[])]
    return ProgressReport(
        campaign="市退役军人事务局落实市委第一巡察组反馈意见整改台账", facts=facts, period_end=date(2027, 1, 31),
        as_of=date(2026, 12, 1), counts={"已完成整改": 4, "基本完成整改": 2, "长期整改": 1}, total=7,
        totals_sentence=TOTALS,
        record=CampaignRecord(leading_group=LeadingGroup(chair="王建国", members=["李明华", "陈志强"]),
                              meetings=MeetingsRecord(held=2, decided={"对账销号": 4}, approved=4)),
        aspects=[ReportAspect(position=n, title=title, items=items)
                 for n, (title, items) in enumerate(zip(titles, [first, second, third], strict=True), 1)])


def tiny_png(path: Path, width: int = 4, height: int = 3) -> Path:
    """A valid PNG written from plain bytes (grey pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


@pytest.fixture
def written(tmp_path):
    path = write_progress_docx(make_report(), tmp_path / "report.docx")
    return docx.Document(str(path))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def problems_by_aspect(document) -> dict[str, list[str]]:
    """Each （一）… heading with the bold problem lead-ins (1.… 2.…) under it, in document order."""
    found: dict[str, list[str]] = {}
    current = None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2":
            current = paragraph.text
            found[current] = []
        elif paragraph.style.name == "Heading 1":
            current = None
        elif current and re.match(r"^\d+\.", paragraph.text):
            lead = paragraph.runs[0]
            assert lead.style.name == "Strong" and lead.style.font.bold
            found[current].append(lead.text)
    return found


EXPECTED_PROBLEMS = {f"（{n}）{title}": [f"{i}.关于“{problem}”的问题。" for i, problem in enumerate(problems, 1)]
                     for n, (title, problems) in zip("一二三", ASPECTS.items(), strict=True)}


# ---- Word -------------------------------------------------------------------------------------

def test_title_opening_and_totals(written):
    paragraphs = written.paragraphs
    assert paragraphs[0].text == TITLE
    assert paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[0].style.font.size == Pt(22)
    assert paragraphs[1].text == ("据市委统一部署，2026年9月14日至2026年9月22日，市委第一巡察组对市退役军人事务局党组开展了"
                                  "巡察。2026年10月26日，市委巡察组向市退役军人事务局党组反馈了巡察意见。按照巡察工作有关"
                                  "要求，现将截至2026年12月1日的巡察整改进展情况报告如下。")
    assert paragraphs[2].text == "一、党组履行巡察整改主体责任情况" and paragraphs[2].style.name == "Heading 1"
    assert any(p.text.endswith(TOTALS) for p in paragraphs)
    assert texts(written).index("二、巡察整改任务落实情况") > texts(written).index("一、党组履行巡察整改主体责任情况")


def test_missing_facts_are_named_never_invented(tmp_path):
    facts = CampaignFacts(source_type="巡察", feedback_date=date(2026, 10, 26))
    document = docx.Document(str(write_progress_docx(make_report(facts), tmp_path / "r.docx")))
    opening = document.paragraphs[1]
    assert opening.text == ("【待补充：检查时间】，【待补充：检查主体】对【待补充：被检查单位】开展了巡察。2026年10月26日，"
                            "【待补充：检查主体】向【待补充：被检查单位】反馈了巡察意见。按照巡察工作有关要求，现将截至"
                            "2026年12月1日的巡察整改进展情况报告如下。")
    assert {r.text for r in opening.runs if r.style.name == "草稿"} >= {"【待补充：检查时间】", "【待补充：检查主体】"}
    assert document.paragraphs[0].text == "关于市退役军人事务局落实市委第一巡察组反馈意见整改进展情况的报告"


def test_aspects_in_order_each_with_its_problems_in_order(written):
    headings = [p for p in written.paragraphs if re.match(r"^（[一二三四五六七八九十]+）关于", p.text)]
    assert [p.text for p in headings] == list(EXPECTED_PROBLEMS)
    assert {p.style.name for p in headings} == {"Heading 2"}
    assert problems_by_aspect(written) == EXPECTED_PROBLEMS


def test_work_done_follows_the_heading_as_yishi_ershi(written):
    lines = texts(written)
    assert ("1.关于“党组领导作用发挥不够充分”的问题。一是认真落实第一议题制度。修订完善第一议题学习指引。"
            "二是加强重要法律和文件规定的学习。三是严格执行重大事项决策制度。") in lines
    assert ("1.关于“公务用车管理不够规范”的问题。一是公务用车管理不够规范的第一项工作。"
            "二是公务用车管理不够规范的第二项工作。") in lines
    assert not [line for line in lines if ".pdf" in line and not line.startswith("（")]  # files only in the annex
    assert not [line for line in lines if re.search(r"（(已完成整改|长期整改|基本完成整改)）", line)]  # no state tags


def test_long_term_item_states_its_stage_targets(written):
    assert ("2.关于“信息化平台建设推进缓慢”的问题。组织完成信息化平台建设项目验收。该问题需长期整改，已明确阶段目标："
            "到2027年3月31日，完成二期建设方案论证；到2027年12月31日，二期平台上线试运行。目前阶段性任务正有序推进。"
            ) in texts(written)


def test_drafts_are_highlighted_for_the_office(written):
    drafts = [p for p in written.paragraphs if any(r.style.name in ("草稿", "小标题草稿") for r in p.runs)]
    assert drafts and all(written.styles[name].font.highlight_color == WD_COLOR_INDEX.YELLOW
                          for name in ("草稿", "小标题草稿"))
    next_steps = texts(written).index("三、下一步工作打算")
    after = written.paragraphs[next_steps + 1:]
    body = after[:[p.style.name for p in after].index("附件标识")]
    assert body and all(all(r.style.name in ("草稿", "小标题草稿") for r in p.runs) for p in body)


def test_evidence_goes_to_an_annex(written):
    lines = texts(written)
    annex = lines.index("附件1")
    assert written.paragraphs[annex].style.name == "附件标识"
    assert written.paragraphs[annex].style.paragraph_format.page_break_before
    assert lines[annex + 1] == "佐证材料清单"
    assert lines[annex + 2] == "（一）1.关于“党组领导作用发挥不够充分”的问题：党组会议纪要.pdf、第一议题学习指引.docx"


def test_a4_page_with_official_margins(written):
    section = written.sections[0]
    for actual, expected in [(section.page_width, Cm(21)), (section.page_height, Cm(29.7)),
                             (section.top_margin, Cm(3.7)), (section.bottom_margin, Cm(3.5)),
                             (section.left_margin, Cm(2.8)), (section.right_margin, Cm(2.6))]:
        assert abs(actual - expected) < Cm(0.01)


def east_asian_font(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_named_styles_carry_the_official_fonts(written):
    styles = written.styles
    assert east_asian_font(styles["Normal"]) == "仿宋_GB2312"
    assert east_asian_font(styles["Heading 1"]) == "黑体"
    assert east_asian_font(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asian_font(styles["报告标题"]) == "方正小标宋简体"
    body = styles["Normal"]
    assert body.font.size == Pt(16)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert styles["Heading 1"].font.size == styles["Heading 2"].font.size == Pt(16)
    assert not styles["Heading 1"].font.bold
    # body paragraphs use the style, with no fonts of their own
    assert all(run.element.rPr is None or run.element.rPr.rFonts is None
               for p in written.paragraphs for run in p.runs)


def test_footer_numbers_pages_with_a_page_field(written):
    footer = written.sections[0].footer
    paragraph = footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    simple = [f.get(qn("w:instr")).strip() for f in footer._element.iter(qn("w:fldSimple"))]
    assert "PAGE" in instructions + simple
    assert paragraph.text == "— 1 —"
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_no_charts_no_pictures(written):
    assert len(written.inline_shapes) == 0
    assert not [t for t in texts(written) if re.match(r"图\d+", t)]


def test_charts_go_to_an_annex_of_their_own_with_captions(tmp_path):
    charts = [tiny_png(tmp_path / "by_aspect.png"), tiny_png(tmp_path / "图2-未办结问题周趋势-2026-12-01.png", 8, 5)]
    document = docx.Document(str(write_progress_docx(make_report(), tmp_path / "report.docx", charts=charts)))
    assert len(document.inline_shapes) == 2
    assert all(abs(shape.width - Cm(15)) < Cm(0.01) for shape in document.inline_shapes)
    lines = texts(document)
    captions = [t for t in lines if re.match(r"图\d+", t)]
    assert captions == ["图1", "图2 未办结问题周趋势"]
    assert {p.style.name for p in document.paragraphs if p.text in captions} == {"Caption"}
    annex = lines.index("附件2")
    assert lines[annex + 1] == "统计图" and all(lines.index(c) > annex > lines.index("附件1") for c in captions)


# ---- Markdown ---------------------------------------------------------------------------------

def test_markdown_says_the_same(written):
    markdown = progress_markdown(make_report())
    lines = markdown.splitlines()
    assert lines[0] == f"# {TITLE}"
    assert written.paragraphs[1].text in lines
    assert "## 一、党组履行巡察整改主体责任情况" in lines and "## 三、下一步工作打算" in lines
    headings = [line.removeprefix("### ") for line in lines if line.startswith("### ")]
    assert headings == list(EXPECTED_PROBLEMS)
    flat = markdown.replace("**", "").replace("\n", "").replace("【草稿】", "")
    for paragraph in written.paragraphs[1:]:
        if paragraph.style.name not in ("附件标识", "报告标题") and paragraph.text:
            assert paragraph.text in flat  # every paragraph of the Word file says the same in Markdown
    assert "## 附件1：佐证材料清单" in lines
    assert "\n\n\n" not in markdown


def test_markdown_marks_drafts_and_ends_bold_lead_ins_before_the_text():
    """CommonMark does not close ** between 。 and a Chinese character: a lead-in ends its line."""
    markdown = progress_markdown(make_report())
    for line in markdown.splitlines():
        if "**" in line:
            assert re.fullmatch(r"(【草稿】)?\*\*[^*]+\*\*", line), line  # the text follows on the next line
    drafted = [line for line in markdown.splitlines() if line.startswith("【草稿】")]
    assert drafted and all(line.startswith("【草稿】**（") for line in drafted if "**" in line)


def test_aspects_past_ten_are_numbered_shiyi(tmp_path):
    report = make_report()
    item = report.aspects[0].items[2]
    report.aspects = [ReportAspect(position=n, title=f"第{n}方面", items=[item]) for n in range(1, 13)]
    headings = [line for line in progress_markdown(report).splitlines() if line.startswith("### ")]
    assert headings[9:] == ["### （十）第10方面", "### （十一）第11方面", "### （十二）第12方面"]
    document = docx.Document(str(write_progress_docx(report, tmp_path / "r.docx")))
    assert "（十一）第11方面" in texts(document)


@pytest.mark.parametrize("campaign", ["区委第二巡察组反馈意见整改落实台账", "区委第二巡察组反馈意见整改台账",
                                      "区委第二巡察组反馈意见"])
def test_without_the_facts_the_title_does_not_repeat_the_ledger_words(tmp_path, campaign):
    report = make_report(CampaignFacts(source_type="巡察"))
    report.campaign = campaign
    title = "关于区委第二巡察组反馈意见整改进展情况的报告"
    assert progress_markdown(report).splitlines()[0] == f"# {title}"
    assert docx.Document(str(write_progress_docx(report, tmp_path / "r.docx"))).paragraphs[0].text == title
