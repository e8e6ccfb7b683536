"""Writes seed003_ledger.xlsx: the ledger an office would keep after the inspection in seed 003.

Run with ``python -m rectiflow.samples.build_seed003_ledger``. Seed 003 counts 「3大方面38个具体问题」 and reports
them under 16 headings (1.充分发挥党组领导作用 …); the ledger keeps both levels as offices do: 反馈问题 merged
down over its 具体问题, 整改目标 (the report's heading) merged over the same rows, 一是…二是… measures per
concrete problem taken from the seed's own wording. The layout is what offices really send: a merged title row
and subtitle, a header with a line break in a cell, the aspect column merged down over its problems, a leader
merged over the consecutive rows in their portfolio, deadlines as Excel dates and as text (2026年12月底,
立行立改, 长期坚持), 完成情况 left empty.

The first five rows are the five problems the demo and the command-line tests act on (#1 党组领导作用, #2 the
long-term 信息化 item, #3 服务中心, #4 全面从严治党, #5 公务用车).
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
HEADER = ["序号", "问题类别", "反馈问题", "具体问题", "整改目标", "整改措施", "责任领导", "牵头单位", "配合单位",
          "整改\n时限", "完成情况", "备注"]
DEADLINE_COLUMN = HEADER.index("整改\n时限") + 1
COLUMN_WIDTHS = [6, 16, 24, 36, 18, 70, 10, 12, 16, 14, 10, 16]
MERGED = {"问题类别": "aspect", "反馈问题": "parent", "整改目标": "target", "责任领导": "leader"}

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
class Concrete:
    problem: str
    measures: str
    leader: str
    lead_unit: str
    cooperating: str
    deadline: str | date
    remarks: str = ""


@dataclass(frozen=True)
class Feedback:
    aspect: int  # index into ASPECTS
    problem: str  # 反馈问题
    target: str  # 整改目标: the heading seed 003 gives it
    concretes: list[Concrete]


FEEDBACK = [
    Feedback(0, "党组领导作用发挥不够充分", "充分发挥党组领导作用", [Concrete(
        "第一议题制度落实不够到位，重要法律和文件规定学习不够系统，重大事项决策制度执行不够严格。",
        "一是认真落实第一议题制度。修订完善局党组会议第一议题学习指引，严格落实“班子成员领学解读、中层正职参学践读、"
        "主要领导评学导读”学习机制，每季度对第一议题学习情况进行回顾总结。"
        "二是加强重要法律和文件规定的学习。制定局党组会议重要法律、文件规定学习规范，从学习内容安排、议题报送要求、"
        "学习贯彻机制、检查督导机制4个方面进行规范明确。"
        "三是严格执行重大事项决策制度。及时出台军休干部服务管理机构用房建设补助资金使用和走访慰问退役军人有关制度，"
        "严格重大事项决策审核程序，加强重大事项决策的审核把关力度。",
        "王建国", "办公室", "机关党委、政策法规处", "2026年12月底")]),
    Feedback(0, "信息化建设推进缓慢", "扎实推进信息化建设", [Concrete(
        "信息化平台建设项目未按期验收，运维管理机制不健全，二期建设推进缓慢。",
        "1.组织完成信息化平台建设项目验收。\n"
        "2.建立信息化平台运维管理常态机制。\n"
        "3.按照退役军人事务部《关于加强退役军人事务信息化建设的指导意见》和国家相关规划，积极推进信息化平台二期建设。",
        "陈志强", "信息中心", "规划财务处", "长期坚持", "信息化平台二期建设需跨年度推进，列为长期整改")]),
    Feedback(0, "退役军人服务中心（站）建设不够规范", "全面加强退役军人服务中心（站）建设", [Concrete(
        "基层服务站规范化建设推进不力，作用发挥不充分，工作人员业务能力有待提高。",
        "1.梳理更新全市退役军人服务中心（站）通讯录，通过实地走访、视频抽查等方式，督促推进基层退役军人服务站规范化"
        "建设，发现问题立即整改。\n"
        "2.推动在全市退役军人服务中心（站）设置“老班长工作室”，开展“政策宣讲、思想疏导、信息联络、感情联系”等暖心服务。\n"
        "3.编制退役军人法规政策题库，举办全市（区、街道）服务中心（站）能力提升培训班，提高工作人员业务能力。\n"
        "4.制定《关于加强和改进退役军人服务体系作风建设的若干措施》，从6个方面提出18条措施。",
        "李明华", "服务中心", "政策法规处", date(2027, 3, 31))]),
    Feedback(1, "全面从严治党政治责任履行不够到位", "认真履行全面从严治党政治责任", [Concrete(
        "党组书记第一责任人职责、班子成员“一岗双责”落实不够到位，对招投标、自行采购、财务管理等重点领域存在的问题"
        "研究解决不够。",
        "一是局党组书记切实履行全面从严治党第一责任人职责，认真组织学习中央、省、市有关文件会议精神和有关党内法规，"
        "紧盯招投标、自行采购、财务管理等重点领域，认真研究解决存在问题，推动全面从严治党常态化长效化。"
        "二是局党组领导班子其他成员根据工作分工，切实履行全面从严治党重要领导责任，按照“一岗双责”要求，抓紧抓实抓细"
        "分管部门全面从严治党工作。",
        "王建国", "机关党委", "办公室", date(2026, 12, 31))]),
    Feedback(1, "落实中央八项规定及其实施细则精神不够严格", "认真落实中央八项规定及其实施细则精神", [
        Concrete("对公务用车管理有关规定学习教育不够，警示教育不到位。",
                 "认真组织学习公务用车管理有关规定，深入开展“以案说法”，警醒教育相关人员强化思想认识。",
                 "孙卫东", "办公室", "", "立行立改"),
        Concrete("公务用车管理制度不够完善，管理台账不健全。",
                 "细化完善公务用车管理制度，健全公务用车管理台账，切实规范公务用车管理使用。",
                 "孙卫东", "办公室", "", date(2026, 11, 20)),
    ]),
    Feedback(1, "形式主义、官僚主义现象仍有发生", "坚决杜绝形式主义、官僚主义现象", [
        Concrete("会议多、文件长，文风会风有待改进。",
                 "进一步改进文风会风。严格落实中央关于解决形式主义突出问题为基层减负的工作要求，着力控制会议数量，严控"
                 "会议规模；着力从源头把好文件起草关，确保行文的政策依据充分、措施合理可行、内容简洁明了、格式正确规范。",
                 "李明华", "办公室", "", date(2026, 12, 31)),
        Concrete("咨询投诉办理不规范，回复不及时。",
                 "进一步规范咨询投诉办理。制定出台咨询投诉处理试行办法，明确咨询投诉事项办理的责任分工、工作机制，根据"
                 "时效要求和复杂程序，分类设置咨询投诉事项办理的流程和审批权限，确保咨询投诉回复及时、准确。",
                 "李明华", "服务中心", "政策法规处", date(2026, 12, 31)),
        Concrete("“XXXX”APP推广使用不够，信息更新不及时。",
                 "加大“XXXX”APP推广力度。建立健全“XXXX”APP信息更新维护工作机制，加大APP宣传推广力度，围绕退役军人"
                 "所思所想所盼，不断丰富“XXXX”APP的功能和内容。",
                 "陈志强", "信息中心", "服务中心", "2027年3月31日前"),
        Concrete("物业历史遗留问题处置迟缓，旧改房屋搬迁补偿安置问题久拖未决。",
                 "加快处置物业历史遗留问题。加快处置旧改房屋搬迁补偿安置历史遗留问题，及时通过法律手段，与地产公司终止"
                 "房屋搬迁补偿安置协议，积极追缴安置补助费。积极推进军休二所老旧小区改造项目，稳妥做好军休安置房使用工作。",
                 "陈志强", "军休管理处", "规划财务处", "2027年3月31日前"),
    ]),
    Feedback(1, "履职能力建设不足", "切实加强履职能力建设", [
        Concrete("存在主责主业项目违规外包问题。",
                 "印发《关于做好杜绝主责主业项目违规外包工作的通知》，认真组织开展自查，坚决杜绝主责主业项目违规外包问题。",
                 "刘芳", "规划财务处", "办公室", "立行立改"),
        Concrete("部分部门履职尽职意识不强，主要负责同志把关不严。",
                 "要求各部门各单位强化履职尽职意识，主要负责同志切实把好关，真正把担子担起来，种好自己的“责任田”，干好自己"
                 "的分内事。",
                 "刘芳", "办公室", "", "立行立改"),
    ]),
    Feedback(1, "招标项目把关不严", "严格把关招标项目", [
        Concrete("评标审核不严，评标小组成员培训缺失。",
                 "加强评标审核。认真组织学习政府采购有关文件规定，及时修订评标项目管理、评标小组成员培训等制度，明确项目"
                 "评审内容和评标小组成员培训措施，健全招标和工程建设管理长效机制。",
                 "刘芳", "规划财务处", "", "2026年12月底"),
        Concrete("招标公告、中标公告信息公示不到位。",
                 "加强信息公示。修订完善采购管理办法，把招标公告、中标公告公示信息作为合同审核必备附件，在合同审核环节进行"
                 "严格审核把关，每年梳理比对招标公示、中标公示情况，强化制度约束。",
                 "刘芳", "规划财务处", "办公室", "2026年12月底"),
        Concrete("部分工程项目未及时组织验收。",
                 "加强项目验收。及时组织完成工程项目验收，认真组织学习基建项目管理有关规定，修订完善基建项目管理办法，确保"
                 "严格按规定开展好工程项目建设。",
                 "刘芳", "规划财务处", "军休管理处", "2026年12月底"),
    ]),
    Feedback(1, "自行采购程序不规范", "切实规范自行采购程序", [
        Concrete("采购制度不完善，邀请招标适用情形和社会采购代理机构选用规则不明确。",
                 "进一步完善采购制度。认真组织研究《中华人民共和国采购法》等法律法规，修订完善采购管理办法，明确邀请招标的"
                 "适用情形和条件，明确社会采购代理机构选用规则，严格按照邀请招标的适用情形和条件进行审核把关。",
                 "刘芳", "规划财务处", "", "2027年1月31日前"),
        Concrete("单一来源采购控制不严。",
                 "严格控制单一来源采购。加强审核把关力度，属于公开招投标的项目，认真组织公开招投标；对于非公开招投标的项目，"
                 "必须提供充分的依据和理由，坚决按照采购管理规定程序办理。",
                 "刘芳", "规划财务处", "", "2027年1月31日前"),
        Concrete("春节、“八一”慰问物资等重大采购事项办理不够规范。",
                 "规范重大采购事项办理。常态化开展党风廉政教育，督促各部门认真遵守招标采购各项制度，对春节和“八一”慰问物资"
                 "集中采购事项，认真执行走访慰问活动管理办法。",
                 "刘芳", "规划财务处", "办公室", "2027年1月31日前"),
    ]),
    Feedback(1, "物资管理存在漏洞", "有效堵住物资管理漏洞", [
        Concrete("慰问物资发放范围和形式把关不严。",
                 "加强慰问物资管理，严格按照规定的慰问范围和形式开展慰问活动，严格落实慰问物资入库、申领、发放等各环节管理"
                 "要求。",
                 "刘芳", "办公室", "规划财务处", date(2026, 12, 31)),
        Concrete("办公用品采购和申领管理不严。",
                 "加强办公用品管理，严格按照规定的办公用品范围开展采购，严格落实入库、申领、发放等各环节管理要求，坚决防止"
                 "财政资金损失。",
                 "刘芳", "办公室", "", date(2026, 12, 31)),
    ]),
    Feedback(1, "财务管理不够规范", "切实规范财务管理", [
        Concrete("预算编制不够精细，预算执行约束不强。",
                 "规范预算编制和预算执行。严格对照《部门预算编制工作指南》，按项目、科目分类编制各类项目预算，逐项审核，"
                 "层层把关，强化预算编制的严肃性和预算执行的约束力。",
                 "刘芳", "规划财务处", "", "2027年3月31日前"),
        Concrete("部分报销凭证不符合财政规定。",
                 "规范财务管理。认真执行财经纪律和财务管理规定，要求所有报销凭证必须是符合财政规定的结算票据。",
                 "刘芳", "规划财务处", "", "2027年3月31日前"),
        Concrete("报销单据审核不严。",
                 "规范报销单据审核。编制财务工作手册，细化各类经费报销的流程指引，启用财政资金安全管理系统，切实加强经费"
                 "报销审核。",
                 "刘芳", "规划财务处", "", "2027年3月31日前"),
        Concrete("内部审计和财务人员培训开展不够经常。",
                 "常态化开展内部审计，避免财务管理不规范、支出不实、会计处理不严谨等问题；常态化开展财务业务能力培训，"
                 "不断提高财务人员业务水平。",
                 "刘芳", "规划财务处", "", "2027年3月31日前"),
    ]),
    Feedback(2, "党组理论学习中心组学习不够扎实", "扎实开展党组理论中心组学习", [
        Concrete("年度学习计划制定不及时，集中学习次数不足。",
                 "按照中央、省、市关于理论学习中心组学习安排，及时制定印发局党组理论学习中心组年度学习计划，落实每季度"
                 "至少组织一次党组理论学习中心组学习的要求。",
                 "赵立新", "机关党委", "办公室", "2026年12月底"),
        Concrete("中心组学习会议记录不规范。",
                 "严格按照会议记录的要素、结构和格式，原汁原味、实事求是现场记录，规范做好会议记录工作。",
                 "赵立新", "机关党委", "", "2026年12月底"),
    ]),
    Feedback(2, "机关党建工作抓得不够实", "抓实抓好机关党建工作", [
        Concrete("党建工作领导机制不健全，专题研究党建工作不够。",
                 "成立局党组党的建设工作领导小组及办公室，印发实施年度党建工作要点，局党组每年专题研究党建工作。",
                 "赵立新", "机关党委", "", "2027年第一季度"),
        Concrete("直属单位纪检工作力量薄弱。",
                 "推进直属单位纪委委员补选，及时调整人员岗位分工，切实加强机关党建和纪检工作力量。",
                 "赵立新", "机关党委", "人事处", "2027年第一季度"),
        Concrete("党支部组织生活不够规范。",
                 "认真落实党支部组织生活。每季度制定“三会一课”工作指引，认真开展“争创模范机关、争建五星支部、争做五星"
                 "党员”行动。",
                 "赵立新", "机关党委", "", "2027年第一季度"),
    ]),
    Feedback(2, "选人用人工作存在薄弱环节", "不断提升选人用人工作水平", [
        Concrete("配偶移居境外的干部问题整治不够深入。",
                 "深入开展配偶移居境外的干部问题整治。举办人事干部业务培训班，把好配偶移居境外的干部前置审核关，及时按"
                 "规定调整职务。",
                 "王建国", "人事处", "", date(2027, 2, 28)),
        Concrete("“凡提四必”执行不够严格，干部人事档案审核不细。",
                 "认真执行“凡提四必”要求。对干部人事档案“三龄两历一身份”信息进行全覆盖专项审核，从严从实从细落实好"
                 "“凡提四必”制度要求。",
                 "王建国", "人事处", "", date(2027, 2, 28)),
        Concrete("回避规定落实不到位。",
                 "严格落实回避规定。既在讨论干部任免事项时落实回避要求，又在相关材料审核签发时落实回避要求，确保履行干部"
                 "回避规定不走样。",
                 "王建国", "人事处", "", date(2027, 2, 28)),
        Concrete("干部考察工作不够深入。",
                 "不断加强干部考察工作。落实延伸考察有关要求，选拔建立干部考察员队伍，开展干部考察业务学习。",
                 "王建国", "人事处", "", date(2027, 2, 28)),
    ]),
    Feedback(2, "机构编制管理不够严格", "严格执行机构编制规定", [
        Concrete("人员借调和干部轮训不规范。",
                 "规范人员借调和干部轮训工作。修订完善借调人员管理办法，制定出台干部轮训管理办法，严格按规定开展人员借调"
                 "和干部轮训工作。",
                 "陈志强", "人事处", "", "2027年3月底"),
        Concrete("岗位设置不够科学，人员力量统筹不够。",
                 "科学统筹人员力量。修订完善岗位标准化指引，科学设置岗位、明晰岗位职责，坚持以责定岗、以岗定人。",
                 "陈志强", "人事处", "", "2027年3月底"),
        Concrete("编外聘用人员管理不到位。",
                 "清理规范编外聘用人员。详细梳理排查编外用人情况，制定出台编外聘用人员管理办法，切实规范编外聘用人员管理"
                 "使用秩序。",
                 "陈志强", "人事处", "服务中心、军休管理处", "2027年3月底"),
    ]),
    Feedback(2, "干部监督管理不够严格", "严格落实干部监督管理要求", [
        Concrete("部分干部请休假、离深、出国（境）未严格履行审批程序。",
                 "全面核查局成立以来的干部请休假、离深、出国（境）情况，对于未严格履行审批程序的同志，按规定给予谈话提醒、"
                 "书面检查、批评教育等处理。",
                 "孙卫东", "人事处", "机关党委", "立行立改"),
        Concrete("因私出国（境）证照管理不严格。",
                 "专门印发通知，重申干部监督管理制度的严肃性，严格执行因私证照办理、领用申报、归档登记等制度，按照应备尽备"
                 "原则把在编干部职工纳入出国（境）登记备案范围。",
                 "孙卫东", "人事处", "", "立行立改，长期坚持"),
    ]),
]


def rows() -> list[tuple[Feedback, Concrete]]:
    """The ledger's rows in order: (feedback problem, concrete problem)."""
    return [(feedback, concrete) for feedback in FEEDBACK for concrete in feedback.concretes]


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
    ledger = rows()
    for number, (feedback, c) in enumerate(ledger, start=1):
        sheet.append([number, ASPECTS[feedback.aspect], feedback.problem, c.problem, feedback.target, c.measures,
                      c.leader, c.lead_unit, c.cooperating or None, c.deadline, None, c.remarks or None])
    keys = {"aspect": [ASPECTS[f.aspect] for f, _ in ledger], "parent": [id(f) for f, _ in ledger],
            "target": [id(f) for f, _ in ledger], "leader": [(id(f), c.leader) for f, c in ledger]}
    for header, key in MERGED.items():
        _merge_runs(sheet, get_column_letter(HEADER.index(header) + 1), keys[key], first_data_row)
    _style(sheet, first_data_row)
    workbook.save(path)
    return path


def _merge_runs(sheet, column: str, values: list, first_row: int) -> None:
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
