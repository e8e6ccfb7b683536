"""A 自查 (self-inspection) ledger with a two-row header: group bands above the column names.

Layout (as a county bureau lays out the "三张清单" form): a merged title, a subtitle with the filing
unit and date, then a band row with 「问题清单」 merged over 序号/问题表现, 「任务清单」 merged over
整改目标/整改措施, 「责任清单」 merged over 责任领导/整改责任单位/配合单位/整改时限 and 「备注」 merged
down over both header rows; the second header row carries the column names. Areas are section rows
("一、文件管理领域") merged across the table; 序号 runs on through the sheet. Several
整改责任单位 cells list more than one unit (「办公室、财务股」). Deadlines are Excel dates or text.
A merged 备注 row closes the sheet.

Content: the self-inspection lists of 隐形变异作风问题 published for bureaus' leading groups
(局党组领导班子, 市交通运输局领导班子, 市人大常委会领导班子) and the problems named in reporting on
整治形式主义为基层减负 (see README.md); people are fictional.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ._sheet import (
    BODY_FONT,
    BORDER,
    CENTER,
    DATE_FORMAT,
    HEADER_FONT,
    LEFT,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    aspect_title,
    body,
    header,
    merged_line,
    set_widths,
)

TITLE = "县交通运输局领导班子隐形变异作风问题自查整改台账"
SUBTITLE = "填报单位：县交通运输局办公室　　　　　　　　填报时间：2026年11月20日"
BANDS = [("问题清单", 1, 2), ("任务清单", 3, 4), ("责任清单", 5, 8)]  # (text, first column, last column)
REMARKS = "备注"
HEADER = ["序号", "问题表现", "整改目标", "整改措施", "责任领导", "整改责任单位", "配合单位", "整改时限"]
MEANINGS = ["number", "text", "targets", "measures", "leader", "lead_unit", "cooperating_units", "deadline"]
WIDTHS = [6, 42, 30, 50, 10, 18, 16, 14, 14]
TITLE_ROW, SUBTITLE_ROW, BAND_ROW, HEADER_ROW = 1, 2, 3, 4
LAST_COLUMN = len(HEADER) + 1  # the 备注 column
NOTE = ("备注：1.整改时限为“长期坚持”的事项，每半年向局党组报告一次整改进展；"
        "2.本台账由局办公室动态更新，每月5日前报县委作风建设领导小组办公室。")


@dataclass(frozen=True)
class Problem:
    text: str
    target: str
    measures: str
    leader: str
    units: str
    cooperating: str
    deadline: str | date
    remarks: str = ""


AREAS: list[tuple[str, list[Problem]]] = [
    ("一、文件管理领域", [
        Problem(
            "“红头转白头”规避监管，统计口径内正式文件数量压减，但情况简报、工作提示等“白头文件”数量明显增长。",
            "口径外文件纳入发文计划管理，全年发文总量只减不增。",
            "一是将情况简报、工作提示等纳入年度发文计划备案；二是限定情况简报单篇字数不超过800字；"
            "三是每季度统计一次口径内外发文数量并通报。",
            "刘志宏", "办公室", "各股室", date(2026, 12, 31),
        ),
        Problem(
            "“以通知代文件”弱化效力，需正式行文的决策事项通过微信工作群通知分散传达，基层执行标准不一。",
            "需正式行文的决策事项一律以正式文件印发。",
            "一是明确必须正式行文的事项清单；二是工作群只用于工作提醒，不得发布政策性、决策性内容；"
            "三是对已通过工作群下发的事项进行梳理，需要的补发正式文件。",
            "刘志宏", "办公室", "法规股", "立行立改",
        ),
        Problem(
            "文件篇幅冗长、内容偏虚，“穿靴戴帽”现象突出，部分工作方案未明确量化指标和责任分工。",
            "专项工作文件一般不超过4000字，任务分工具体到股室和时限。",
            "一是建立发文前审核把关制度，由办公室对篇幅、内容进行审核；二是工作方案必须列明量化指标、责任股室和完成时限。",
            "刘志宏", "办公室、法规股", "", "长期坚持",
        ),
        Problem(
            "政策文件“上下一般粗”，制定行业管理文件时照搬上级模板，未结合本县交通运输实际细化措施。",
            "本县行业管理文件结合实际制定，可操作性明显增强。",
            "一是制定文件前开展调查研究并征求乡镇、运输企业意见；二是对近两年印发的行业管理文件开展清理评估。",
            "陈建勇", "综合规划股、运输管理股", "法规股", date(2027, 3, 31),
        ),
    ]),
    ("二、会议活动领域", [
        Problem(
            "会议数量有所下降但时长未压缩，以会议落实会议、层层陪会现象仍然存在。",
            "全局性会议原则上每年不超过1次，一般会议不超过1.5小时。",
            "一是实行会议计划管理，能合并的合并、能套开的套开；二是严控参会范围，不搞层层陪会；三是推行“开短会、讲短话”。",
            "刘志宏", "办公室", "", "长期坚持",
        ),
        Problem(
            "“电话通知”“便签交办”等隐性方式替代正式部署，基层实际任务量不降反增。",
            "交办基层事项全部登记备案，杜绝隐性交办。",
            "一是建立向乡镇交办事项登记制度；二是未经登记的事项基层可不予办理；三是每季度清理一次交办事项。",
            "陈建勇", "办公室、运输管理股", "", date(2026, 12, 31),
        ),
    ]),
    ("三、督查检查考核领域", [
        Problem(
            "到基层督查检查频次偏多，存在多头检查、重复检查，动辄要求乡镇主要负责同志陪同。",
            "督查检查事项压减三分之一以上，实行年度计划和审批备案管理。",
            "一是制定年度督查检查计划，未列入计划的原则上不开展；二是同类检查合并进行；三是不要求乡镇主要负责同志陪同。",
            "张伟", "办公室", "建设管理股、运输管理股", "2027年第一季度",
        ),
        Problem(
            "频繁要求基层填表格、报材料，同一信息在不同系统中反复录入。",
            "基层报表精简一半以上，同一数据只采集一次。",
            "一是全面清理向乡镇、运输企业下发的报表；二是整合农村公路、客运等数据填报系统，实现一次采集、多方共用。",
            "张伟", "办公室、财务股", "综合规划股", date(2027, 6, 30),
        ),
        Problem(
            "把拍照留痕、制作台账作为评判工作优劣的标准，存在“重痕不重绩”倾向。",
            "考核以工作实绩为主，不以留痕多少评判工作。",
            "一是修订乡镇交通运输工作考核细则，删除留痕类考核指标；二是考核以实地查看和群众评价为主。",
            "张伟", "综合规划股", "", "立行立改",
        ),
    ]),
    ("四、数字化和基层负担领域", [
        Problem(
            "政务App、工作群数量多、功能重复，存在“指尖上的形式主义”。",
            "整合清理政务App和工作群，保留的实行清单管理。",
            "一是全面排查本系统政务App、公众号、工作群；二是功能重复的一律整合，长期不用的一律关停。",
            "王丽娟", "办公室", "运输管理股", date(2026, 12, 31),
        ),
        Problem(
            "要求路段巡查人员每日打卡、上传巡查照片，“线下实干+线上留痕”双重负担。",
            "取消非必要的打卡、截图等留痕要求。",
            "一是清理农村公路巡查留痕要求，保留必要的病害上报功能；二是巡查考核以路况实际改善为准。",
            "陈建勇", "建设管理股", "公路养护中心", "立行立改",
        ),
        Problem(
            "农村公路“路长制”公示牌、交通服务站等牌子多、标准不一，存在“滥挂牌”问题。",
            "村级挂牌按规定统一规范，不合规牌子全部摘除。",
            "一是对本系统在村（社区）设置的标识标牌全面清理；二是今后设置标牌一律报县委作风办备案。",
            "陈建勇", "建设管理股、办公室", "各乡镇交管站", "2027年上半年",
        ),
        Problem(
            "要求村（社区）为农村客运补贴申领、道路占用审批等出具不合理证明。",
            "不应由村级组织出具的证明事项全部取消。",
            "一是梳理本部门要求村级出具的证明事项，形成保留和取消清单；二是取消事项通过部门间信息共享核验。",
            "王丽娟", "法规股、财务股", "运输管理股", date(2027, 3, 31), "结合证明事项清理工作推进",
        ),
    ]),
]


def _layout() -> list[tuple[int, str, object]]:
    """Every row below the two header rows: (excel row, kind, payload)."""
    rows, row, number = [], HEADER_ROW + 1, 1
    for heading, problems in AREAS:
        rows.append((row, "section", heading))
        row += 1
        for problem in problems:
            rows.append((row, "problem", (number, problem)))
            row += 1
            number += 1
    rows.append((row, "note", NOTE))
    return rows


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "自查整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, 1, LAST_COLUMN, TITLE, TITLE_FONT, height=36)
    merged_line(ws, SUBTITLE_ROW, 1, LAST_COLUMN, SUBTITLE, SUBTITLE_FONT, LEFT, height=22)
    for text, first, last in BANDS:
        merged_line(ws, BAND_ROW, first, last, text, HEADER_FONT, bordered=True, height=24)
    header(ws, HEADER_ROW, HEADER)
    ws.merge_cells(start_row=BAND_ROW, start_column=LAST_COLUMN, end_row=HEADER_ROW, end_column=LAST_COLUMN)
    remarks = ws.cell(row=BAND_ROW, column=LAST_COLUMN, value=REMARKS)
    remarks.font, remarks.alignment = HEADER_FONT, CENTER
    for row in (BAND_ROW, HEADER_ROW):
        ws.cell(row=row, column=LAST_COLUMN).border = BORDER
    for row, kind, payload in _layout():
        if kind == "section":
            merged_line(ws, row, 1, LAST_COLUMN, payload, SECTION_FONT, LEFT, bordered=True, height=22)
        elif kind == "problem":
            number, p = payload
            values = [number, p.text, p.target, p.measures, p.leader, p.units, p.cooperating or None, p.deadline,
                      p.remarks or None]
            for column, value in enumerate(values, start=1):
                date_format = DATE_FORMAT if isinstance(value, date) else None
                body(ws, row, column, value, center=column in (1, 5, 6, 7, 8), number_format=date_format)
        else:
            merged_line(ws, row, 1, LAST_COLUMN, payload, BODY_FONT, LEFT, height=36)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{BAND_ROW}:{HEADER_ROW}"
    wb.save(path)
    return path


def _expected() -> dict:
    problems = [p for _, ps in AREAS for p in ps]
    return {
        "title": TITLE,
        "source_type": "自查",
        "aspects": [[aspect_title(heading), len(ps)] for heading, ps in AREAS],
        "problems": len(problems),
        "parents": None,
        "columns": {**dict(zip(HEADER, MEANINGS)), REMARKS: "remarks"},
        "header_rows": [BAND_ROW, HEADER_ROW],
        "bands": {text: [HEADER[i] for i in range(first - 1, last)] for text, first, last in BANDS},
        "skipped_rows": {SUBTITLE_ROW: "subtitle", BAND_ROW: "header band",
                         **{row: kind for row, kind, _ in _layout() if kind == "note"}},
        "refused": [],
        "statuses": {},  # a self-inspection list at filing time: no status column
        "deadline_texts": list(dict.fromkeys(p.deadline for p in problems if isinstance(p.deadline, str))),
        "multi_unit_rows": [row for row, kind, payload in _layout()
                            if kind == "problem" and "、" in payload[1].units],
    }


EXPECTED: dict = _expected()
