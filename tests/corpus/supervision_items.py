"""A 督查 (supervision) rectification ledger: what a county government keeps after the city's supervision group
fed back the matters it checked.

Layout (as a county government office fills it in): a merged title naming the supervision, a subtitle with the
feedback date, the header 序号|问题类别|存在问题|整改措施|责任单位|配合单位|责任领导|整改时限|整改进展|完成情况,
问题类别 merged down over its rows, deadlines as Excel dates or text, 整改进展 narratives (one naming the
file it sends along, as offices do), statuses 已整改 / 基本完成 / 正在整改.

Content: the supervised matters follow what the provincial supervision group checked in 周口 (房产交易中群众
“办事难”, a 养老产业综合服务园 project, 一村一警, 交通运输执法体制改革成果) and what 郫都区's supervision groups
checked at enterprises (原料堆场异味, 排水污染物达标) — see README.md. People are fictional.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ._sheet import (
    DATE_FORMAT,
    LEFT,
    SUBTITLE_FONT,
    TITLE_FONT,
    body,
    header,
    merge_categories,
    merged_line,
    numbered_rows,
    set_widths,
)

TITLE = "青石县人民政府落实市政府第三督查组反馈问题整改台账"
SUBTITLE = "填报单位：县政府督查室　　督查反馈时间：2026年10月12日"
HEADER = ["序号", "问题类别", "存在问题", "整改措施", "责任单位", "配合单位", "责任领导", "整改时限", "整改进展",
          "完成情况"]
MEANINGS = ["number", "aspect", "text", "measures", "lead_unit", "cooperating_units", "leader", "deadline", "progress",
            "status"]
WIDTHS = [6, 16, 40, 52, 14, 16, 10, 14, 40, 10]
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
ASPECT_COLUMN = 2
DONE, MOSTLY, UNDER_WAY = "已整改", "基本完成", "正在整改"
EVIDENCE_NOTE = "不动产登记“一窗受理”操作规程.pdf"  # named in a progress cell: never in the report's prose


@dataclass(frozen=True)
class Matter:
    text: str
    measures: str
    unit: str
    cooperating: str
    leader: str
    deadline: str | date
    progress: str
    status: str


CATEGORIES: list[tuple[str, list[Matter]]] = [
    ("政务服务和民生实事方面", [
        Matter("房产交易和不动产登记办理环节多、时间长，群众反映“办事难”。",
               "1.推行不动产登记、交易和缴税“一窗受理、并行办理”。2.压缩一般登记办理时限至3个工作日。",
               "县自然资源局", "县税务局、县住房城乡建设局", "刘建军", date(2026, 11, 30),
               f"已推行“一窗受理、并行办理”，一般登记办理时限压缩至3个工作日，见附件：{EVIDENCE_NOTE}。", DONE),
        Matter("养老产业综合服务园建设项目推进缓慢，未按计划节点开工。",
               "一是成立项目推进专班，倒排工期。二是协调解决用地和资金问题，确保项目开工建设。",
               "县民政局", "县发展改革委", "刘建军", "2027年6月底",
               "已成立项目推进专班，用地手续正在报批。", UNDER_WAY),
    ]),
    ("基层治理和改革落实方面", [
        Matter("“一村一警”警务机制落实不到位，部分驻村民警到岗履职不经常。",
               "1.建立驻村民警工作日志和每月考核制度。2.开展驻村民警到岗履职专项检查。",
               "县公安局", "", "孙志华", "立行立改",
               "已建立驻村民警工作日志和月度考核制度，开展专项检查2次。", DONE),
        Matter("交通运输执法体制改革成果巩固不够，执法人员培训和执法装备配备不到位。",
               "一是组织执法人员轮训。二是按标准配齐执法记录仪等执法装备。",
               "县交通运输局", "县财政局", "孙志华", date(2026, 12, 31),
               "已完成执法人员轮训，执法装备采购合同已签订，正在等待交付。", MOSTLY),
        Matter("个别企业原料堆场异味扰民，排水污染物达标排放监管不严。",
               "1.督促企业对原料堆场实施封闭改造。2.对重点排水企业开展在线监测比对和执法检查。",
               "县生态环境局", "", "孙志华", "2027年3月底",
               "已督促1家企业完成原料堆场封闭改造，对5家重点排水企业开展了执法检查。", DONE),
    ]),
]


def _rows() -> list[tuple[int, str, int, Matter]]:
    return numbered_rows(HEADER_ROW + 1, CATEGORIES)


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "督查问题整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, 1, len(HEADER), TITLE, TITLE_FONT, height=36)
    merged_line(ws, SUBTITLE_ROW, 1, len(HEADER), SUBTITLE, SUBTITLE_FONT, LEFT, height=22)
    header(ws, HEADER_ROW, HEADER)
    rows = _rows()
    for row, category, number, m in rows:
        values = [number, category, m.text, m.measures, m.unit, m.cooperating or None, m.leader, m.deadline,
                  m.progress, m.status]
        for column, value in enumerate(values, start=1):
            body(ws, row, column, value, center=column in (1, 2, 5, 7, 8, 10),
                 number_format=DATE_FORMAT if isinstance(value, date) else None)
    merge_categories(ws, rows, ASPECT_COLUMN)
    wb.save(path)
    return path


def _expected() -> dict:
    matters = [m for _, _, _, m in _rows()]
    return {
        "title": TITLE,
        "source_type": "督查",
        "aspects": [[category, len(ms)] for category, ms in CATEGORIES],
        "problems": len(matters),
        "parents": None,
        "columns": dict(zip(HEADER, MEANINGS)),
        "skipped_rows": {SUBTITLE_ROW: "subtitle"},
        "refused": [],
        "statuses": dict(Counter(m.status for m in matters)),
        "deadline_texts": list(dict.fromkeys(m.deadline for m in matters if isinstance(m.deadline, str))),
    }


EXPECTED: dict = _expected()
