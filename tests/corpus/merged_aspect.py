"""A 巡察 ledger whose 问题类别 column is merged down over each aspect's rows.

Layout (as a township party committee office types it): a merged title row directly above the
header 序号|问题类别|存在问题|整改措施|整改目标|牵头单位|配合单位|责任领导|完成时限|整改进展, no subtitle.
序号 runs on through the whole sheet; 问题类别 is written once per aspect and merged down over its
rows; where two consecutive problems of an aspect share a leader, the 责任领导 cell is merged over
both. Both 整改目标 and 整改措施 are filled. 完成时限 is partly real Excel dates, partly text
(2027年6月底, 2027年第一季度, 2027年上半年, 2027年预算编制时, 长期坚持). 整改进展 holds a short
narrative, empty where work has not started. One row has an empty 牵头单位 although its 配合单位 is
filled: an importer must refuse the file and name that row.

Content: the problems the 市委第一巡察组 fed back to 沫河口镇党委 and those fed back to three
townships of 太康县 (see README.md); the town's name and all people are fictional.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ._sheet import CENTER, DATE_FORMAT, TITLE_FONT, aspect_title, body, header, merge_down, merged_line, set_widths

TITLE = "白沙镇党委落实市委第一巡察组反馈意见整改台账"
HEADER = ["序号", "问题类别", "存在问题", "整改措施", "整改目标", "牵头单位", "配合单位", "责任领导", "完成时限", "整改进展"]
MEANINGS = ["number", "aspect", "text", "measures", "targets", "lead_unit", "cooperating_units", "leader",
            "deadline", "progress"]
WIDTHS = [6, 14, 34, 52, 30, 14, 18, 10, 14, 30]
TITLE_ROW, HEADER_ROW = 1, 2
ASPECT_COLUMN = HEADER.index("问题类别") + 1
LEADER_COLUMN = HEADER.index("责任领导") + 1
DEADLINE_COLUMN = HEADER.index("完成时限") + 1


@dataclass(frozen=True)
class Problem:
    text: str
    measures: str
    targets: str
    lead_unit: str  # "" where the office left it empty
    cooperating: str
    leader: str
    deadline: str | date
    progress: str = ""


ASPECTS: list[tuple[str, list[Problem]]] = [
    ("贯彻落实党的路线方针政策和上级决策部署方面", [
        Problem(
            "学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神不深不透，党委理论学习中心组学习以读原文为主，研讨交流不充分。",
            "1.修订镇党委理论学习中心组学习制度，每月确定1个专题，班子成员轮流领学、交流发言。\n"
            "2.落实“第一议题”制度，党委会议首先传达学习习近平总书记最新重要讲话精神，研究贯彻措施。\n"
            "3.班子成员每人每年撰写调研报告不少于1篇。",
            "党委理论学习中心组全年集中学习不少于12次，其中专题研讨不少于6次；班子成员研讨发言全覆盖。",
            "党政综合办公室", "党建工作办公室", "李卫东", date(2026, 12, 31),
            "已修订学习制度1项，组织专题研讨2次。",
        ),
        Problem(
            "党的政治建设弱化，党委把方向、管大局、保落实作用发挥不充分，重大事项请示报告不及时。",
            "一是制定镇党委重大事项请示报告清单，明确请示报告的事项、程序和时限。"
            "二是严格执行民主集中制，“三重一大”事项一律提交党委会集体研究。"
            "三是每半年向区委报告一次全面从严治党和重点工作情况。",
            "重大事项请示报告及时率100%，“三重一大”事项集体决策率100%。",
            "党政综合办公室", "", "李卫东", "2027年第一季度",
        ),
        Problem(
            "贯彻上级重大决策部署不到位，污染防治统筹力度不够，散乱污企业整治、秸秆禁烧等工作存在反复。",
            "1.成立由镇长任组长的污染防治攻坚专班，每月召开一次调度会。\n"
            "2.对辖区散乱污企业开展“回头看”，建立整治销号台账，防止死灰复燃。\n"
            "3.落实网格化巡查，夏秋两季秸秆禁烧期间实行包村干部24小时值守。",
            "散乱污企业整治销号率100%，秸秆禁烧期间火点“零发生”。",
            "生态环境保护办公室", "农业农村办公室、综合行政执法队", "王海涛", "2027年6月底",
            "已完成“回头看”排查，发现反弹企业3家并全部关停。",
        ),
        Problem(
            "破解复杂问题能力不足，征地拆迁遗留问题、信访积案化解进展缓慢。",
            "一是对征地拆迁遗留问题逐件梳理，实行“一案一专班、一案一方案”。"
            "二是落实领导干部接访下访制度，班子成员每人包案化解信访积案。"
            "三是对确有困难的群众依法依规纳入救助。",
            "2027年底前化解信访积案80%以上，征地拆迁遗留问题全部建立台账。",
            "", "综治中心、自然资源所", "张丽萍", "2027年上半年",
        ),
        Problem(
            "落实惠民政策有偏差，农村危房改造、低保认定等政策执行不够精准，存在应纳未纳、应退未退情况。",
            "1.会同民政、住建部门对全镇低保对象、危房改造户逐户复核。\n"
            "2.对不符合条件的低保对象依规停保，对符合条件的困难群众及时纳入。\n"
            "3.建立惠民政策落实情况季度公示制度。",
            "低保、危房改造对象认定准确率100%，公示率100%。",
            "社会事务办公室", "财政所、村镇建设办公室", "孙志强", date(2027, 3, 31),
            "已完成逐户复核，清退不符合条件低保对象11户。",
        ),
    ]),
    ("落实全面从严治党主体责任方面", [
        Problem(
            "落实全面从严治党主体责任不严不实，党委书记第一责任人责任和班子成员“一岗双责”落实不到位。",
            "一是制定镇党委落实全面从严治党主体责任清单，班子成员逐一签订责任书。"
            "二是党委每季度专题研究一次党风廉政建设工作。"
            "三是班子成员每半年向党委报告一次履行“一岗双责”情况。",
            "责任清单覆盖全部班子成员，党委专题研究全年不少于4次。",
            "党政综合办公室", "镇纪委", "李卫东", date(2026, 12, 31),
            "已制定主体责任清单并签订责任书。",
        ),
        Problem(
            "镇纪委监督责任聚焦不够，日常监督以参加会议、陪同检查为主，执纪问责偏软偏宽。",
            "1.镇纪委聚焦主责主业，退出与监督职责无关的议事协调机构。\n"
            "2.围绕惠民资金、“三资”管理等重点领域开展专项监督。\n"
            "3.对巡察发现的问题线索逐件核查，依规依纪严肃处理。",
            "镇纪委年度专项监督不少于4项，问题线索办结率100%。",
            "镇纪委", "党建工作办公室", "刘俊", "长期坚持",
        ),
        Problem(
            "违反中央八项规定精神问题依然存在，个别村（社区）存在违规列支招待费、发放津补贴问题。",
            "一是对近三年镇村两级公务接待、津补贴发放情况开展专项清查，违规款项一律清退。"
            "二是严格执行公务接待“公函+清单”制度。"
            "三是节假日前开展廉洁提醒，节后开展监督检查。",
            "违规款项清退率100%，全年未发生违反中央八项规定精神问题。",
            "镇纪委", "财政所", "刘俊", "2027年第一季度",
            "已清查村（社区）账目21个，清退违规发放补贴2.36万元。",
        ),
        Problem(
            "廉政风险防控不到位，“三资”管理混乱，村级财务管理不规范，集体资产底数不清。",
            "1.开展农村集体“三资”清理核查，摸清集体资产、资源底数，建立台账。\n"
            "2.全面推行村级财务“村账镇代管”和非现金结算。\n"
            "3.集体资产发包、租赁一律进入农村产权交易平台公开交易。",
            "“三资”清查全覆盖，集体资产台账建账率100%。",
            "财政所", "农业农村办公室、三资代理服务中心", "孙志强", "2027年预算编制时",
        ),
        Problem(
            "担当尽责、为民服务意识不强，群众反映的问题办理不及时，12345热线工单按期办结率偏低。",
            "一是建立热线工单“首接负责、限时办结、回访问效”机制。"
            "二是对办理超期的工单每周通报，连续超期的约谈责任单位负责人。"
            "三是开展“走村入户”活动，班子成员每月下村不少于4天。",
            "热线工单按期办结率达到98%以上，群众满意率达到95%以上。",
            "党政综合办公室", "综治中心", "王海涛", "长期坚持",
            "工单按期办结率已由86%提升至95%。",
        ),
    ]),
    ("基层党组织建设和选人用人方面", [
        Problem(
            "基层党组织建设不规范，部分村党组织“三会一课”落实不到位，党费收缴不规范。",
            "1.对各村（社区）党组织“三会一课”、主题党日开展情况逐一检查，督促补齐短板。\n"
            "2.规范党费收缴，按月收缴、按季上缴，建立党费收缴台账。\n"
            "3.镇党委班子成员每人联系2个村党组织，每季度指导一次组织生活。",
            "村（社区）党组织标准化规范化建设达标率100%，党费收缴及时准确。",
            "党建工作办公室", "各村（社区）党组织", "赵磊", date(2027, 3, 31),
            "已完成全部村（社区）党组织检查，补缴党费1.08万元。",
        ),
        Problem(
            "执行新时代党的组织路线有差距，部分村级班子弱化，村“两委”成员年龄偏大，后备力量储备不足。",
            "一是实施村级后备力量“培育工程”，每村储备后备力量不少于2人。"
            "二是对软弱涣散村党组织实行镇领导包联、选派第一书记整顿。"
            "三是加强村干部教育培训，每年集中培训不少于2次。",
            "每村后备力量不少于2人，软弱涣散村党组织全部完成整顿转化。",
            "党建工作办公室", "", "赵磊", "2027年上半年",
        ),
        Problem(
            "干部人事档案“三超两乱”“三龄两历”专项整治不彻底，部分档案材料缺失、信息不一致。",
            "1.对全镇干部人事档案再次开展专项审核，逐卷核对“三龄两历”。\n"
            "2.缺失材料限期补充，信息不一致的按程序认定。\n"
            "3.建立干部人事档案材料定期收集归档制度。",
            "干部人事档案专项审核全覆盖，问题档案整改率100%。",
            "党建工作办公室", "党政综合办公室", "赵磊", "2027年6月底",
        ),
        Problem(
            "对巡察等监督检查指出问题以及主题教育检视问题整改落实不到位，存在整改不彻底、反弹回潮现象。",
            "一是对近年来巡察、审计、督查检查反馈问题建立总台账，逐项对账销号。"
            "二是对已整改问题开展“回头看”，防止反弹回潮。"
            "三是将整改落实情况纳入各站所、各村年度考核。",
            "历次反馈问题整改销号率100%，无反弹回潮。",
            "党政综合办公室", "镇纪委、党建工作办公室", "李卫东", date(2027, 6, 30),
            "已建立问题总台账，梳理历次反馈问题46个。",
        ),
    ]),
]


def _rows() -> list[tuple[int, str, int, Problem]]:
    """(excel row, aspect heading, 序号, problem) for every problem, in sheet order."""
    rows, row, number = [], HEADER_ROW + 1, 1
    for heading, problems in ASPECTS:
        for problem in problems:
            rows.append((row, heading, number, problem))
            row += 1
            number += 1
    return rows


def _leader_runs(rows) -> list[tuple[int, int]]:
    """Consecutive rows of one aspect with the same leader: the 责任领导 cells an office merges."""
    runs, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or (rows[i][1], rows[i][3].leader) != (rows[start][1], rows[start][3].leader):
            if i - start > 1:
                runs.append((rows[start][0], rows[i - 1][0]))
            start = i
    return runs


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, 1, len(HEADER), TITLE, TITLE_FONT, height=36)
    header(ws, HEADER_ROW, HEADER)
    rows = _rows()
    for row, heading, number, p in rows:
        values = [number, heading, p.text, p.measures, p.targets, p.lead_unit or None, p.cooperating or None,
                  p.leader, p.deadline, p.progress or None]
        for column, value in enumerate(values, start=1):
            date_format = DATE_FORMAT if isinstance(value, date) else None
            body(ws, row, column, value, center=column in (1, 2, 6, 7, 8, 9), number_format=date_format)
    for heading, _ in ASPECTS:
        aspect_rows = [row for row, h, _, _ in rows if h == heading]
        merge_down(ws, ASPECT_COLUMN, aspect_rows[0], aspect_rows[-1])
        ws.cell(row=aspect_rows[0], column=ASPECT_COLUMN).alignment = CENTER
    for first, last in _leader_runs(rows):
        merge_down(ws, LEADER_COLUMN, first, last)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    wb.save(path)
    return path


def _expected() -> dict:
    rows = _rows()
    problems = [p for _, _, _, p in rows]
    return {
        "title": TITLE,
        "source_type": "巡察",
        "aspects": [[aspect_title(heading), len(ps)] for heading, ps in ASPECTS],
        "problems": len(problems),
        "parents": None,
        "columns": dict(zip(HEADER, MEANINGS)),
        "skipped_rows": {},
        "refused": [[row, f"牵头单位为空，配合单位却已填写（{p.cooperating}）"]
                    for row, _, _, p in rows if not p.lead_unit and p.cooperating],
        "statuses": {},  # no status column: 整改进展 holds narrative progress
        "deadline_texts": list(dict.fromkeys(p.deadline for p in problems if isinstance(p.deadline, str))),
        "deadline_dates": sorted({p.deadline.isoformat() for p in problems if isinstance(p.deadline, date)}),
        "merged_leader_rows": [list(run) for run in _leader_runs(rows)],
    }


EXPECTED: dict = _expected()
