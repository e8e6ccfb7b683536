"""The progress report (整改进展情况报告) as Word and Markdown, in seed 003's shape."""
import re
import struct
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from models.reports.docx import write_progress_docx
from models.reports.model import ProgressLine, ProgressReport, ReportAspect, ReportItem, StageTargetLine
from models.reports.text import progress_markdown

TITLE = "关于市委第一巡察组巡察反馈意见整改进展情况的报告"
TOTALS = "巡察反馈的3大方面7个具体问题，已完成整改4项，基本完成整改2项，长期整改并取得重大进展的1项。"
ASPECTS = {
    "关于落实中央决策部署、履行职能职责方面": ["党组领导作用发挥不够充分", "信息化平台建设推进缓慢",
                                               "退役军人服务站建设不够规范"],
    "关于管党治党、整治不正之风和腐败问题方面": ["公务用车管理不够规范", "招标项目把关不严"],
    "关于党建工作、队伍建设和管理方面": ["理论中心组学习不够规范", "编外聘用人员管理不够规范"],
}
STATES = {"closed": "已完成整改", "verified": "基本完成整改", "long_term": "长期整改"}


def _item(item_id: int, text: str, state: str = "closed", measures: list[str] | None = None,
          progress: list[ProgressLine] | None = None, evidence: list[str] | None = None,
          stage_targets: list[StageTargetLine] | None = None) -> ReportItem:
    return ReportItem(item_id=item_id, number=str(item_id), text=text, state=state, state_label=STATES[state],
                      lead_unit="办公室", cooperating_units=["机关党委"], leader="王建国", deadline_text="2026年12月底",
                      measures=measures if measures is not None else [f"{text}的第一条措施", f"{text}的第二条措施"],
                      progress=progress or [], evidence=evidence or [], stage_targets=stage_targets or [])


def make_report(feedback_date: date | None = date(2026, 10, 26)) -> ProgressReport:
    titles = list(ASPECTS)
    first = [
        _item(1, "党组领导作用发挥不够充分",
              measures=["一是认真落实第一议题制度。修订完善第一议题学习指引",  # the ledger kept its marker
                        "加强重要法律和文件规定的学习；", "严格执行重大事项决策制度"],
              progress=[ProgressLine(at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC), unit="办公室",
                                     text="修订完善局党组会议第一议题学习指引"),
                        # 17:30 UTC on 30 November is already 1 December in Beijing
                        ProgressLine(at=datetime(2026, 11, 30, 17, 30, tzinfo=UTC), unit="政策法规处",
                                     text="制定重要法律、文件规定学习规范。")],
              evidence=["党组会议纪要.pdf", "第一议题学习指引.docx"]),
        _item(2, "信息化平台建设推进缓慢", state="long_term",
              measures=["组织完成信息化平台建设项目验收，积极推进信息化平台二期建设"],
              progress=[ProgressLine(at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC), unit="信息中心",
                                     text="完成一期项目验收")],
              stage_targets=[StageTargetLine(text="完成二期建设方案论证", due=date(2027, 3, 31)),
                             StageTargetLine(text="二期平台上线试运行。", due=date(2027, 12, 31)),
                             StageTargetLine(text="建立运维管理长效机制", due=None)]),
        _item(3, "退役军人服务站建设不够规范", state="verified"),
    ]
    second = [_item(4, "公务用车管理不够规范"), _item(5, "招标项目把关不严", state="verified")]
    third = [_item(6, "理论中心组学习不够规范"), _item(7, "编外聘用人员管理不够规范", measures=[])]
    return ProgressReport(
        campaign="市委第一巡察组巡察反馈意见", source_type="巡察", feedback_date=feedback_date,
        period_end=date(2027, 1, 31), as_of=date(2026, 12, 1),
        counts={"已完成整改": 4, "基本完成整改": 2, "长期整改": 1}, total=7, totals_sentence=TOTALS,
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
        if re.match(r"^（[一二三四五六七八九十]+）", paragraph.text):
            current = paragraph.text
            found[current] = []
        elif paragraph.text.startswith("三、"):
            current = None
        elif current and re.match(r"^\d+\.", paragraph.text):
            lead = paragraph.runs[0]
            assert lead.style.name == "Strong" and lead.style.font.bold
            found[current].append(lead.text)
    return found


EXPECTED_PROBLEMS = {f"（{n}）{title}": [f"{i}.{problem}。" for i, problem in enumerate(problems, 1)]
                     for n, (title, problems) in zip("一二三", ASPECTS.items(), strict=True)}


# ---- Word -------------------------------------------------------------------------------------

def test_title_opening_and_totals(written):
    paragraphs = written.paragraphs
    assert paragraphs[0].text == TITLE
    assert paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[0].style.font.size == Pt(22)
    assert paragraphs[1].text == ("2026年10月26日，巡察反馈了意见。集中整改期至2027年1月31日。"
                                  "现将截至2026年12月1日的整改进展情况报告如下。")
    assert paragraphs[2].text == "一、整改工作总体情况" and paragraphs[2].style.name == "Heading 1"
    assert paragraphs[3].text == TOTALS
    assert paragraphs[4].text == "二、整改任务落实情况" and paragraphs[4].style.name == "Heading 1"


def test_without_feedback_date_the_opening_says_only_what_is_known(tmp_path):
    document = docx.Document(str(write_progress_docx(make_report(feedback_date=None), tmp_path / "r.docx")))
    assert document.paragraphs[1].text == "集中整改期至2027年1月31日。现将截至2026年12月1日的整改进展情况报告如下。"


def test_aspects_in_order_each_with_its_problems_in_order(written):
    headings = [p for p in written.paragraphs if re.match(r"^（[一二三四五六七八九十]+）", p.text)]
    assert [p.text for p in headings] == list(EXPECTED_PROBLEMS)
    assert {p.style.name for p in headings} == {"Heading 2"}
    assert problems_by_aspect(written) == EXPECTED_PROBLEMS


def test_measures_follow_the_problem_as_yishi_ershi(written):
    lines = texts(written)
    assert ("1.党组领导作用发挥不够充分。一是认真落实第一议题制度。修订完善第一议题学习指引。"
            "二是加强重要法律和文件规定的学习。三是严格执行重大事项决策制度。") in lines
    # one measure stands alone, as seed 003 writes "2.扎实推进信息化建设。组织完成…"
    assert "2.信息化平台建设推进缓慢。组织完成信息化平台建设项目验收，积极推进信息化平台二期建设。" in lines
    assert ("1.公务用车管理不够规范。一是公务用车管理不够规范的第一条措施。"
            "二是公务用车管理不够规范的第二条措施。（已完成整改）") in lines


def test_progress_evidence_and_state_of_an_item(written):
    lines = texts(written)
    start = lines.index("1.党组领导作用发挥不够充分。一是认真落实第一议题制度。修订完善第一议题学习指引。"
                        "二是加强重要法律和文件规定的学习。三是严格执行重大事项决策制度。")
    assert lines[start + 1:start + 4] == [
        "2026年11月3日，办公室：修订完善局党组会议第一议题学习指引。",
        "2026年12月1日，政策法规处：制定重要法律、文件规定学习规范。",  # dated in Beijing time
        "佐证材料：党组会议纪要.pdf、第一议题学习指引.docx。（已完成整改）",
    ]
    assert "2.编外聘用人员管理不够规范。（已完成整改）" in lines  # no measures, no progress: nothing invented


def test_long_term_item_lists_its_stage_targets(written):
    lines = texts(written)
    start = lines.index("2.信息化平台建设推进缓慢。组织完成信息化平台建设项目验收，积极推进信息化平台二期建设。")
    assert lines[start + 1:start + 3] == [
        "2026年11月20日，信息中心：完成一期项目验收。",
        ("阶段目标：1.完成二期建设方案论证（2027年3月31日前）；2.二期平台上线试运行（2027年12月31日前）；"
         "3.建立运维管理长效机制。（长期整改）"),
    ]


def test_next_steps_heading_with_a_placeholder_ends_the_report(written):
    paragraphs = written.paragraphs
    assert paragraphs[-2].text == "三、下一步工作打算" and paragraphs[-2].style.name == "Heading 1"
    assert paragraphs[-1].text == "（由整改办填写）"


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


def test_charts_are_embedded_under_the_overview_with_captions(tmp_path):
    charts = [tiny_png(tmp_path / "by_aspect.png"), tiny_png(tmp_path / "图2-未办结问题周趋势-2026-12-01.png", 8, 5)]
    document = docx.Document(str(write_progress_docx(make_report(), tmp_path / "report.docx", charts=charts)))
    assert len(document.inline_shapes) == 2
    assert all(abs(shape.width - Cm(15)) < Cm(0.01) for shape in document.inline_shapes)
    lines = texts(document)
    overview, tasks = lines.index("一、整改工作总体情况"), lines.index("二、整改任务落实情况")
    captions = [t for t in lines if re.match(r"图\d+", t)]
    assert captions == ["图1", "图2 未办结问题周趋势"]
    assert {p.style.name for p in document.paragraphs if p.text in captions} == {"Caption"}
    assert all(overview < lines.index(c) < tasks for c in captions)


# ---- Markdown ---------------------------------------------------------------------------------

def test_markdown_says_the_same():
    markdown = progress_markdown(make_report())
    lines = markdown.splitlines()
    assert lines[0] == f"# {TITLE}"
    assert ("2026年10月26日，巡察反馈了意见。集中整改期至2027年1月31日。"
            "现将截至2026年12月1日的整改进展情况报告如下。") in lines
    assert lines[lines.index("## 一、整改工作总体情况") + 2] == TOTALS
    headings = [line.removeprefix("### ") for line in lines if line.startswith("### ")]
    assert headings == list(EXPECTED_PROBLEMS)
    by_aspect: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("### "):
            by_aspect[line.removeprefix("### ")] = []
        elif line.startswith("**"):
            by_aspect[list(by_aspect)[-1]].append(re.match(r"^\*\*(.+?)\*\*", line).group(1))
    assert by_aspect == EXPECTED_PROBLEMS
    text = markdown.replace("\n", "")
    assert ("**1.党组领导作用发挥不够充分。**一是认真落实第一议题制度。修订完善第一议题学习指引。"
            "二是加强重要法律和文件规定的学习。三是严格执行重大事项决策制度。") in text
    assert "2026年12月1日，政策法规处：制定重要法律、文件规定学习规范。" in lines
    assert "佐证材料：党组会议纪要.pdf、第一议题学习指引.docx。（已完成整改）" in lines
    assert ("阶段目标：1.完成二期建设方案论证（2027年3月31日前）；2.二期平台上线试运行（2027年12月31日前）；"
            "3.建立运维管理长效机制。（长期整改）") in lines
    assert "**2.编外聘用人员管理不够规范。**（已完成整改）" in lines
    assert lines[-3:] == ["## 三、下一步工作打算", "", "（由整改办填写）"]
    assert "\n\n\n" not in markdown


def test_markdown_bold_lead_in_ends_its_line():
    """CommonMark does not close ** between 。 and a Chinese character, so the lead-in ends its line."""
    for line in progress_markdown(make_report()).splitlines():
        if line.startswith("**"):
            assert re.fullmatch(r"\*\*\d+\.[^*]+\*\*(（[^）]+）)?", line), line


def test_markdown_without_feedback_date():
    markdown = progress_markdown(make_report(feedback_date=None))
    assert "反馈了意见" not in markdown
    assert "集中整改期至2027年1月31日。现将截至2026年12月1日的整改进展情况报告如下。" in markdown.splitlines()


def test_aspects_past_ten_are_numbered_shiyi(tmp_path):
    report = make_report()
    item = report.aspects[0].items[2]
    report.aspects = [ReportAspect(position=n, title=f"第{n}方面", items=[item]) for n in range(1, 13)]
    headings = [line for line in progress_markdown(report).splitlines() if line.startswith("### ")]
    assert headings[9:] == ["### （十）第10方面", "### （十一）第11方面", "### （十二）第12方面"]
    document = docx.Document(str(write_progress_docx(report, tmp_path / "r.docx")))
    assert "（十一）第11方面" in texts(document)


@pytest.mark.parametrize("campaign", ["市委第一巡察组巡察反馈意见", "市委第一巡察组巡察反馈意见整改台账",
                                      "市委第一巡察组巡察反馈意见整改"])
def test_title_does_not_repeat_the_ledger_words(tmp_path, campaign):
    report = make_report()
    report.campaign = campaign
    assert progress_markdown(report).splitlines()[0] == f"# {TITLE}"
    assert docx.Document(str(write_progress_docx(report, tmp_path / "r.docx"))).paragraphs[0].text == TITLE
