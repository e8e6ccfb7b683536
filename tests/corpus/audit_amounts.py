"""An 审计 (audit) rectification ledger with amounts in 万元 and a 合计 row of real formulas.

Layout (as a finance bureau fills in the audit office's form): a merged title, a subtitle with the
reporting unit and date, the header
序号|问题类别|审计发现问题|问题金额（万元）|整改措施|整改责任单位|整改期限|整改情况|整改结果|整改到位金额（万元）|备注,
问题类别 merged down over its rows, amounts as numbers (「—」 where a problem has no amount),
整改情况 holding the narrative ("已追缴16.8亿元……") and 整改结果 the status word
(已整改 / 部分整改 / 未整改), deadlines as Excel dates or text, and at the bottom a 合计 row whose
amount cells are =SUM(D4:D20) and =SUM(J4:J20).

Content: problems, amounts and rectification wording from published audit reports — 江西省2021年度
省级预算执行审计查出问题整改情况, 瑞金市2020年度审计整改报告, a county's 2019 部门预算执行审计结果公告,
兰考县公路事业发展中心审计结果公告 and 滕州市 审计整改 figures (see README.md); the city is fictional.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ._sheet import (
    AMOUNT_FORMAT,
    BORDER,
    CENTER,
    DATE_FORMAT,
    HEADER_FONT,
    LEFT,
    SUBTITLE_FONT,
    TITLE_FONT,
    aspect_title,
    body,
    header,
    merge_categories,
    merged_line,
    numbered_rows,
    set_widths,
)

TITLE = "清源市2025年度预算执行审计发现问题整改台账"
SUBTITLE = "填报单位（盖章）：清源市财政局　　　　　　　　　　　　　　填报时间：2026年11月30日"
HEADER = ["序号", "问题类别", "审计发现问题", "问题金额（万元）", "整改措施", "整改责任单位", "整改期限", "整改情况",
          "整改结果", "整改到位金额（万元）", "备注"]
MEANINGS = ["number", "aspect", "text", "problem_amount", "measures", "lead_unit", "deadline", "progress",
            "status", "rectified_amount", "remarks"]
WIDTHS = [6, 12, 40, 12, 44, 18, 14, 44, 10, 12, 16]
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
ASPECT_COLUMN = HEADER.index("问题类别") + 1
AMOUNT_COLUMNS = {"问题金额": HEADER.index("问题金额（万元）") + 1, "整改到位金额": HEADER.index("整改到位金额（万元）") + 1}
NO_AMOUNT = "—"

DONE, PARTLY, NOT_DONE = "已整改", "部分整改", "未整改"


@dataclass(frozen=True)
class Finding:
    text: str
    amount: str | None  # 万元 as written, None for a finding without an amount
    measures: str
    unit: str
    deadline: str | date
    progress: str
    result: str
    rectified: str | None
    remarks: str = ""


CATEGORIES: list[tuple[str, list[Finding]]] = [
    ("财政管理方面", [
        Finding(
            "提前下达转移支付比例未达到规定要求，部分专项转移支付未按规定提前下达至县（区）。", "3260.00",
            "1.严格按照预算法规定比例提前下达转移支付预计数；2.建立转移支付提前下达台账，按月调度。",
            "市财政局", date(2026, 12, 31),
            "截至2026年11月底，已提前下达2027年转移支付项目42个、金额3260万元，提前下达比例达到规定要求。",
            DONE, "3260.00",
        ),
        Finding(
            "政府性基金预算分配下达缓慢，3项政府性基金在6月30日前仅分配下达预算安排数的58.46%。", "1875.40",
            "1.加强一般公共预算与政府性基金预算统筹；2.提前下达彩票公益金预算控制数，督促主管部门及时提出分配意见。",
            "市财政局", date(2026, 12, 31),
            "已提前下达彩票公益金预算控制数，督促市民政局、市红十字会等部门及时提出资金分配意见，1875.40万元已全部分配下达。",
            DONE, "1875.40", "涉及市民政局、市红十字会",
        ),
        Finding(
            "市级预算内基建投资部分项目进度缓慢，资金滞留在项目单位。", "2410.00",
            "1.对8个进度滞后项目逐个分析原因，倒排工期；2.按工程进度拨付资金，对长期滞留资金收回统筹。",
            "市发展改革委、市财政局", "2027年6月底前",
            "1个项目已完工，3个项目已开工，4个项目正在积极推进；已支付项目资金1560万元，剩余850万元按工程进度拨付。",
            PARTLY, "1560.00",
        ),
        Finding(
            "国库现金管理实施细则的具体评分指标和评分标准设置与上级要求存在偏差。", None,
            "对照财政部、人民银行要求修订国库现金管理量化指标评分体系。",
            "市财政局", "立行立改",
            "已会同人民银行清源市分行联合印发国库现金管理量化指标评分体系和专家库管理规程，评分指标已修订完善。",
            DONE, None,
        ),
        Finding(
            "部分土地出让收入未及时足额征缴入库。", "201340.00",
            "1.对欠缴土地出让收入逐宗建立台账，限期追缴；2.对无法一次缴清的签订分期缴纳协议并收取滞纳金；"
            "3.建立自然资源、财政、税务部门土地出让收入征缴信息共享机制。",
            "市自然资源局、市财政局", "2027年6月底前",
            "已追缴16.8亿元缴入国库；其余3.334亿元涉及4宗地块，已与竞得企业签订分期缴纳协议，约定2027年6月底前缴清。",
            PARTLY, "168000.00", "跟踪督办",
        ),
        Finding(
            "财政存量资金统筹盘活不到位，部分结转两年以上的资金未收回统筹使用。", "4946.72",
            "1.全面清理结转结余资金；2.结转两年以上资金一律收回总预算统筹使用。",
            "市财政局", date(2026, 12, 31),
            "已收回结转两年以上存量资金4946.72万元，统筹用于教育、养老等民生支出。",
            DONE, "4946.72",
        ),
    ]),
    ("部门预算执行方面", [
        Finding(
            "部门预算批复不规范，8家单位以表格形式将部门预算下发下属单位，未规范书面批复。", None,
            "以正式文件批复下属单位预算，建立预算批复备案制度。",
            "市教育局等8家单位", "2027年部门预算批复时",
            "8家单位已按规定以正式文件批复2026年下属单位预算，并向市财政局备案。",
            DONE, None,
        ),
        Finding(
            "项目预算执行率低，13家单位24个项目预算执行率低于80%，其中3家单位6个项目预算执行率为0。", "3125.60",
            "1.督促相关单位加快项目实施和资金支出；2.对确无支出需求的项目收回预算指标；3.将预算执行率与下年度预算安排挂钩。",
            "市财政局、相关预算单位", "长期坚持",
            "已督促相关单位支出1980万元；其余1145.60万元涉及的项目正在履行政府采购程序。",
            PARTLY, "1980.00",
        ),
        Finding(
            "2家单位违规发放信息宣传奖励。", "12.36",
            "收回违规发放的奖励并上缴国库，对相关责任人进行提醒谈话。",
            "市融媒体中心、市文联", "立行立改",
            "已收回违规发放的信息宣传奖励12.36万元并上缴国库，对2名相关责任人进行了提醒谈话。",
            DONE, "12.36",
        ),
        Finding(
            "1家单位超标准报销24小时应急值班夜餐费。", "3.84",
            "追回超标准报销部分，修订值班补助管理规定。",
            "市应急管理局", "立行立改",
            "已追回超标准报销的夜餐费3.84万元，并修订《机关值班管理规定》。",
            DONE, "3.84",
        ),
        Finding(
            "4家单位部分政府采购项目管理不规范，存在未编制采购计划、化整为零规避公开招标等问题。", "286.50",
            "1.修订单位内部采购管理制度；2.组织政府采购法规培训；3.纳入年度内部审计重点。",
            "市住房城乡建设局等4家单位", date(2027, 3, 31),
            "4家单位已修订内部采购管理制度，对相关人员开展政府采购法规培训2场。",
            DONE, None, "管理不规范金额，无需收回",
        ),
        Finding(
            "1家单位超范围报销保教费，5家单位保教费挤占其他专项经费。", "94.20",
            "将挤占资金归还原资金渠道，规范保教费收支管理。",
            "市教育局", date(2026, 12, 31),
            "5家单位中4家已将挤占资金71.80万元归还原资金渠道，1家单位正在筹措资金。",
            PARTLY, "71.80",
        ),
    ]),
    ("下属单位财务收支方面", [
        Finding(
            "市公路事业发展中心无预算列支会议费0.33万元。", "0.33",
            "调整账务，规范编制会议费预算。",
            "市公路事业发展中心", "立行立改",
            "已调整账务，并在2027年部门预算中规范编制会议费预算。",
            DONE, "0.33",
        ),
        Finding(
            "市公路事业发展中心支出手续不完善，部分支出缺少审批单、验收单等附件，涉及7.36万元。", "7.36",
            "补齐审批、验收手续，完善报销审核流程。",
            "市公路事业发展中心", "立行立改",
            "已补齐相关支出的审批单、验收单等手续。",
            DONE, "7.36",
        ),
        Finding(
            "市公路事业发展中心应入未入固定资产50.15万元。", "50.15",
            "全部登记入账并纳入资产管理信息系统，定期开展资产盘点。",
            "市公路事业发展中心", date(2026, 12, 31),
            "已将50.15万元固定资产全部登记入账，并纳入行政事业单位资产管理信息系统。",
            DONE, "50.15",
        ),
        Finding(
            "市公路事业发展中心应退未退履约保证金68.73万元。", "68.73",
            "逐笔核对履约保证金，及时清退。",
            "市公路事业发展中心", "2027年6月底前",
            "已退还履约保证金45.20万元；其余23.53万元因施工单位注销，正在办理提存手续。",
            PARTLY, "45.20",
        ),
        Finding(
            "市公路事业发展中心工会经费未通过工会经费银行账户独立核算。", None,
            "开设工会经费独立账户，工会经费单独核算。",
            "市公路事业发展中心", date(2027, 3, 31),
            "正在向市总工会申请办理工会经费独立账户，尚未完成。",
            NOT_DONE, None,
        ),
    ]),
]


def _rows() -> list[tuple[int, str, int, Finding]]:
    return numbered_rows(HEADER_ROW + 1, CATEGORIES)


FIRST_DATA_ROW = HEADER_ROW + 1
LAST_DATA_ROW = FIRST_DATA_ROW + sum(len(f) for _, f in CATEGORIES) - 1
TOTAL_ROW = LAST_DATA_ROW + 1


def _sum_formula(column: int) -> str:
    letter = get_column_letter(column)
    return f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW})"


def _amount(value: str | None):
    return float(Decimal(value)) if value is not None else NO_AMOUNT


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "审计整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, 1, len(HEADER), TITLE, TITLE_FONT, height=36)
    merged_line(ws, SUBTITLE_ROW, 1, len(HEADER), SUBTITLE, SUBTITLE_FONT, LEFT, height=22)
    header(ws, HEADER_ROW, HEADER, height=36)
    rows = _rows()
    for row, category, number, f in rows:
        values = [number, category, f.text, _amount(f.amount), f.measures, f.unit, f.deadline, f.progress, f.result,
                  _amount(f.rectified), f.remarks or None]
        for column, value in enumerate(values, start=1):
            number_format = (DATE_FORMAT if isinstance(value, date)
                             else AMOUNT_FORMAT if isinstance(value, float) else None)
            body(ws, row, column, value, center=column in (1, 2, 4, 6, 7, 9, 10), number_format=number_format)
    merge_categories(ws, rows, ASPECT_COLUMN)
    ws.merge_cells(start_row=TOTAL_ROW, start_column=1, end_row=TOTAL_ROW, end_column=3)
    total = ws.cell(row=TOTAL_ROW, column=1, value="合计")
    total.font, total.alignment = HEADER_FONT, CENTER
    for column in range(1, len(HEADER) + 1):
        ws.cell(row=TOTAL_ROW, column=column).border = BORDER
    for column in AMOUNT_COLUMNS.values():
        cell = ws.cell(row=TOTAL_ROW, column=column, value=_sum_formula(column))
        cell.font, cell.alignment, cell.number_format = HEADER_FONT, CENTER, AMOUNT_FORMAT
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    wb.save(path)
    return path


def _total(values) -> float:
    return float(sum((Decimal(v) for v in values if v is not None), Decimal("0")))


def _expected() -> dict:
    findings = [f for _, _, _, f in _rows()]
    return {
        "title": TITLE,
        "source_type": "审计",
        "aspects": [[aspect_title(category), len(fs)] for category, fs in CATEGORIES],
        "problems": len(findings),
        "parents": None,
        "columns": dict(zip(HEADER, MEANINGS)),
        "skipped_rows": {SUBTITLE_ROW: "subtitle", TOTAL_ROW: "total"},
        "refused": [],
        "amounts": {"问题金额": _total(f.amount for f in findings),
                    "整改到位金额": _total(f.rectified for f in findings)},
        "total_formulas": {name: _sum_formula(column) for name, column in AMOUNT_COLUMNS.items()},
        "statuses": dict(Counter(f.result for f in findings)),
        "deadline_texts": list(dict.fromkeys(f.deadline for f in findings if isinstance(f.deadline, str))),
    }


EXPECTED: dict = _expected()
