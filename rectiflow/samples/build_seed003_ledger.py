"""Writes seed003_ledger.xlsx: the ledger an office would keep after the inspection in seed 003.

Run with ``python -m rectiflow.samples.build_seed003_ledger``. The layout is what offices really
send: a merged title row and subtitle, a header with a line break in a cell, the aspect column
merged down over its problems, a leader merged over the consecutive items in their portfolio,
deadlines as Excel dates and as text (2026年12月底, 立行立改, 长期坚持), 完成情况 left empty.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

OUTPUT = Path(__file__).with_name("seed003_ledger.xlsx")

TITLE = "市退役军人事务局落实市委第一巡察组反馈意见整改台账"
SUBTITLE = "填报单位：局巡察整改办　　反馈时间：2026年10月26日　　填报时间：2026年11月2日"
HEADER = ["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改\n时限", "完成情况", "备注"]
DEADLINE_COLUMN = HEADER.index("整改\n时限") + 1
COLUMN_WIDTHS = [6, 16, 36, 70, 10, 12, 16, 14, 10, 16]

# The leaders named in the ledger; seed003_org.yaml lists the same people.
LEADERS = {
    "王建国": "局长（党组书记）",
    "李明华": "副局长",
    "陈志强": "副局长",
    "刘芳": "副局长",
    "赵立新": "机关党委书记",
    "孙卫东": "纪检组长",
}

ASPECTS = [
    "一、关于落实中央决策部署、履行职能职责方面",
    "二、关于管党治党、整治不正之风和腐败问题方面",
    "三、关于党建工作、队伍建设和管理方面",
]


@dataclass(frozen=True)
class SampleItem:
    aspect: int  # index into ASPECTS
    problem: str
    measures: str
    leader: str
    lead_unit: str
    cooperating: str
    deadline: str | date
    remarks: str = ""


ITEMS = [
    SampleItem(
        0,
        "党组领导作用发挥不够充分，第一议题制度落实不够到位，重要法律和文件规定学习不够系统，重大事项决策制度执行不够严格。",
        "一是认真落实第一议题制度。修订完善局党组会议第一议题学习指引，严格落实“班子成员领学解读、中层正职参学践读、主要领导评学导读”学习机制，每季度对第一议题学习情况进行回顾总结。"
        "二是加强重要法律和文件规定的学习。制定局党组会议重要法律、文件规定学习规范，从学习内容安排、议题报送要求、学习贯彻机制、检查督导机制4个方面进行规范明确。"
        "三是严格执行重大事项决策制度。及时出台军休干部服务管理机构用房建设补助资金使用和走访慰问退役军人有关制度，严格重大事项决策审核程序。",
        "王建国", "办公室", "机关党委、政策法规处", "2026年12月底",
    ),
    SampleItem(
        0,
        "信息化建设推进缓慢，信息化平台建设项目未按期验收，运维管理机制不健全。",
        "1.组织完成信息化平台建设项目验收。\n"
        "2.建立信息化平台运维管理常态机制。\n"
        "3.按照退役军人事务部《关于加强退役军人事务信息化建设的指导意见》和国家相关规划，积极推进信息化平台二期建设。",
        "陈志强", "信息中心", "规划财务处", "长期坚持", "信息化平台二期建设需跨年度推进，列为长期整改",
    ),
    SampleItem(
        0,
        "退役军人服务中心（站）建设不够规范，基层服务站作用发挥不充分，工作人员业务能力有待提高。",
        "1.梳理更新全市退役军人服务中心（站）通讯录，通过实地走访、视频抽查等方式，督促推进基层退役军人服务站规范化建设，发现问题立即整改。\n"
        "2.推动在全市退役军人服务中心（站）设置“老班长工作室”，开展“政策宣讲、思想疏导、信息联络、感情联系”等暖心服务。\n"
        "3.编制退役军人法规政策题库，举办全市服务中心（站）能力提升培训班，提高工作人员业务能力。\n"
        "4.制定《关于加强和改进退役军人服务体系作风建设的若干措施》。",
        "李明华", "服务中心", "政策法规处", date(2027, 3, 31),
    ),
    SampleItem(
        1,
        "全面从严治党政治责任履行不够到位，对招投标、自行采购、财务管理等重点领域存在的问题研究解决不够。",
        "一是局党组书记切实履行全面从严治党第一责任人职责，认真组织学习中央、省、市有关文件会议精神和有关党内法规。"
        "二是紧盯招投标、自行采购、财务管理等重点领域，认真研究解决存在问题，推动全面从严治党常态化长效化。"
        "三是局党组领导班子其他成员按照“一岗双责”要求，抓紧抓实抓细分管部门全面从严治党工作。",
        "王建国", "机关党委", "办公室", date(2026, 12, 31),
    ),
    SampleItem(
        1,
        "落实中央八项规定及其实施细则精神不够严格，公务用车管理不规范。",
        "1.认真组织学习公务用车管理有关规定，深入开展“以案说法”，警醒教育相关人员强化思想认识。\n"
        "2.细化完善公务用车管理制度，健全公务用车管理台账，切实规范公务用车管理使用。",
        "孙卫东", "办公室", "", "立行立改",
    ),
    SampleItem(
        1,
        "形式主义、官僚主义现象仍有发生，文风会风有待改进，咨询投诉办理不规范，“XXXX”APP推广使用不够，物业历史遗留问题处置迟缓。",
        "一是进一步改进文风会风。着力控制会议数量，严控会议规模，从源头把好文件起草关。"
        "二是进一步规范咨询投诉办理。制定出台咨询投诉处理试行办法，明确咨询投诉事项办理的责任分工、工作机制和审批权限。"
        "三是加大“XXXX”APP推广力度。建立健全APP信息更新维护工作机制，不断丰富APP的功能和内容。"
        "四是加快处置物业历史遗留问题。依法终止房屋搬迁补偿安置协议，积极追缴安置补助费，推进军休二所老旧小区改造项目。",
        "李明华", "办公室", "信息中心、服务中心、军休管理处", "2027年3月31日前",
    ),
    SampleItem(
        1,
        "履职能力建设不足，存在主责主业项目违规外包问题。",
        "印发《关于做好杜绝主责主业项目违规外包工作的通知》，认真组织开展自查，要求各部门各单位强化履职尽职意识，坚决杜绝主责主业项目违规外包问题。",
        "刘芳", "规划财务处", "办公室", "立行立改",
    ),
    SampleItem(
        1,
        "招标项目把关不严，评标审核、信息公示、项目验收等环节存在薄弱点。",
        "一是加强评标审核。及时修订评标项目管理、评标小组成员培训等制度，健全招标和工程建设管理长效机制。"
        "二是加强信息公示。修订完善采购管理办法，把招标公告、中标公告公示信息作为合同审核必备附件。"
        "三是加强项目验收。及时组织完成工程项目验收，修订完善基建项目管理办法。",
        "刘芳", "规划财务处", "办公室", "2026年12月底",
    ),
    SampleItem(
        1,
        "自行采购程序不规范，单一来源采购控制不严，重大采购事项办理不够规范。",
        "一是进一步完善采购制度。修订完善采购管理办法，明确邀请招标的适用情形和条件，明确社会采购代理机构选用规则。"
        "二是严格控制单一来源采购。对于非公开招投标的项目，必须提供充分的依据和理由。"
        "三是规范重大采购事项办理。对春节和“八一”慰问物资集中采购事项，认真执行走访慰问活动管理办法。",
        "刘芳", "规划财务处", "", "2027年1月31日前",
    ),
    SampleItem(
        1,
        "物资管理存在漏洞，慰问物资和办公用品入库、申领、发放管理不严。",
        "严格按照规定的慰问范围和形式开展慰问活动，严格按照规定的办公用品范围开展采购，严格落实慰问物资和办公用品入库、申领、发放等各环节管理要求。",
        "刘芳", "办公室", "规划财务处", date(2026, 12, 31),
    ),
    SampleItem(
        1,
        "财务管理不够规范，预算编制和执行约束不强，报销单据审核不严。",
        "一是规范预算编制和预算执行。按项目、科目分类编制各类项目预算，逐项审核，层层把关。"
        "二是规范财务管理。认真执行财经纪律和财务管理规定，所有报销凭证必须是符合财政规定的结算票据。"
        "三是规范报销单据审核。编制财务工作手册，启用财政资金安全管理系统，常态化开展内部审计和财务业务能力培训。",
        "刘芳", "规划财务处", "", "2027年3月31日前",
    ),
    SampleItem(
        2,
        "党组理论学习中心组学习不够扎实，年度学习计划制定不及时，会议记录不规范。",
        "1.及时制定印发局党组理论学习中心组年度学习计划，落实每季度至少组织一次集中学习的要求。\n"
        "2.严格按照会议记录的要素、结构和格式，实事求是现场记录，规范做好会议记录工作。",
        "赵立新", "机关党委", "办公室", "2026年12月底",
    ),
    SampleItem(
        2,
        "机关党建工作抓得不够实，党建和纪检工作力量薄弱，党支部组织生活不够规范。",
        "一是进一步加强机关党建和纪检工作。成立局党组党的建设工作领导小组及办公室，推进直属单位纪委委员补选。"
        "二是认真落实党支部组织生活。每季度制定“三会一课”工作指引，开展“争创模范机关、争建五星支部、争做五星党员”行动。",
        "赵立新", "机关党委", "", "2027年第一季度",
    ),
    SampleItem(
        2,
        "选人用人工作存在薄弱环节，“凡提四必”执行不够严格，回避规定落实不到位，干部考察工作不够深入。",
        "一是深入开展配偶移居境外的干部问题整治。举办人事干部业务培训班，把好前置审核关。"
        "二是认真执行“凡提四必”要求。对干部人事档案“三龄两历一身份”信息进行全覆盖专项审核。"
        "三是严格落实回避规定。在讨论干部任免事项和相关材料审核签发时落实回避要求。"
        "四是不断加强干部考察工作。落实延伸考察有关要求，选拔建立干部考察员队伍。",
        "王建国", "人事处", "", date(2027, 2, 28),
    ),
    SampleItem(
        2,
        "机构编制管理不够严格，人员借调和干部轮训不规范，编外聘用人员管理不到位。",
        "一是规范人员借调和干部轮训工作。修订完善借调人员管理办法，制定出台干部轮训管理办法。"
        "二是科学统筹人员力量。修订完善岗位标准化指引，坚持以责定岗、以岗定人。"
        "三是清理规范编外聘用人员。详细梳理排查编外用人情况，制定出台编外聘用人员管理办法。",
        "陈志强", "人事处", "服务中心、军休管理处", "2027年3月底",
    ),
    SampleItem(
        2,
        "干部监督管理不够严格，部分干部请休假、离深、出国（境）未严格履行审批程序。",
        "（1）全面核查局成立以来的干部请休假、离深、出国（境）情况，对未严格履行审批程序的同志按规定处理。\n"
        "（2）专门印发通知，严格执行因私证照办理、领用申报、归档登记等制度，把在编干部职工纳入出国（境）登记备案范围。",
        "孙卫东", "人事处", "机关党委", "立行立改，长期坚持",
    ),
]


def build(path: Path = OUTPUT) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    last_column = get_column_letter(len(HEADER))
    sheet.append([TITLE])
    sheet.append([SUBTITLE])
    sheet.append(HEADER)
    sheet.merge_cells(f"A1:{last_column}1")
    sheet.merge_cells(f"A2:{last_column}2")
    first_data_row = sheet.max_row + 1
    for number, item in enumerate(ITEMS, start=1):
        sheet.append([number, ASPECTS[item.aspect], item.problem, item.measures, item.leader,
                      item.lead_unit, item.cooperating or None, item.deadline, None, item.remarks or None])
    _merge_runs(sheet, "B", [ASPECTS[item.aspect] for item in ITEMS], first_data_row)
    _merge_runs(sheet, "E", [item.leader for item in ITEMS], first_data_row)
    _style(sheet, first_data_row)
    workbook.save(path)
    return path


def _merge_runs(sheet, column: str, values: list[str], first_row: int) -> None:
    """Merge each run of equal consecutive values down the column, as offices do by hand."""
    start = 0
    for end in range(1, len(values) + 1):
        if end == len(values) or values[end] != values[start]:
            if end - start > 1:
                sheet.merge_cells(f"{column}{first_row + start}:{column}{first_row + end - 1}")
            start = end


def _style(sheet, first_data_row: int) -> None:
    thin = Side(style="thin")
    sheet["A1"].font = Font(name="方正小标宋简体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=first_data_row - 1):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if cell.row == first_data_row - 1:
                cell.font = Font(bold=True)
            elif cell.column == DEADLINE_COLUMN and isinstance(cell.value, date):
                cell.number_format = 'yyyy"年"m"月"d"日"'


if __name__ == "__main__":
    print(build())
