"""A 巡察 ledger with two levels of problems: 反馈问题 merged over its 具体表现 rows.

Layout (as a district bureau answers a feedback organised 方面 / 问题 / 具体表现): a merged title,
a merged subtitle giving the document's own count ("3个方面6个问题14个具体表现") and the state of
the rectification, then the header
序号|方面|反馈问题|具体表现|整改措施|责任领导|责任单位|整改时限|整改情况.
方面 is merged down over all rows of an aspect, 反馈问题 (「1.关于“……”的问题」) over its concrete
problems (「（1）……」). Every concrete problem has its own measures, unit, deadline and status;
序号 counts concrete problems. Deadlines are Excel dates or text; statuses are
已整改 / 部分整改 / 未整改 / 已完成（长期坚持）.

Content: the structure and first problems follow 婺城区文旅体局's published 巡察整改情况的通报;
further problems come from what inspection groups fed back to 罗庄区文旅局, 博罗县文广旅体局 and
华坪县 bureaus (see README.md). People are fictional.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from ._sheet import (
    CENTER,
    DATE_FORMAT,
    LEFT,
    SUBTITLE_FONT,
    TITLE_FONT,
    aspect_title,
    body,
    header,
    merge_down,
    merged_line,
    set_widths,
)

TITLE = "区文化和旅游体育局党组落实区委第二巡察组反馈意见整改台账"
HEADER = ["序号", "方面", "反馈问题", "具体表现", "整改措施", "责任领导", "责任单位", "整改时限", "整改情况"]
MEANINGS = ["number", "aspect", "parent_problem", "text", "measures", "leader", "lead_unit", "deadline", "status"]
WIDTHS = [6, 16, 22, 40, 52, 10, 16, 14, 14]
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
ASPECT_COLUMN, PARENT_COLUMN = 2, 3

DONE, PARTLY, NOT_DONE, ONGOING = "已整改", "部分整改", "未整改", "已完成（长期坚持）"


@dataclass(frozen=True)
class Concrete:
    text: str
    measures: str
    leader: str
    unit: str
    deadline: str | date
    status: str


@dataclass(frozen=True)
class Parent:
    title: str
    concretes: list[Concrete]


ASPECTS: list[tuple[str, list[Parent]]] = [
    ("（一）在“贯彻落实上级决策部署不够有力，党组领导核心作用发挥不足”方面", [
        Parent("1.关于“学习贯彻习近平新时代中国特色社会主义思想和上级重大决策部署不够到位”的问题", [
            Concrete(
                "（1）学思践悟习近平总书记关于促进共同富裕的重要论述精神不深不透，局党组未组织学习《关于高质量打造新时代文化高地推进共同富裕示范区建设行动方案》，结合本区公共文化实际研究不够。",
                "一是局党组理论学习中心组专题学习《行动方案》，班子成员结合分管工作交流研讨。"
                "二是制定本区公共文化服务促进共同富裕实施意见，明确年度任务清单。",
                "方建平", "办公室", date(2026, 12, 31), DONE,
            ),
            Concrete(
                "（2）理论学习有计划无行动，党组理论学习中心组年度学习计划中部分专题未按期开展。",
                "1.对照年度学习计划逐项补学，按月公示学习安排。2.落实“第一议题”制度，学习情况纳入班子成员述职内容。",
                "方建平", "办公室", "长期坚持", ONGOING,
            ),
        ]),
        Parent("2.关于“推动文旅体事业发展有短板”的问题", [
            Concrete(
                "（1）非遗文化工作推动滞后，非遗代表性项目保护传承缺乏有效载体，传承人队伍老化。",
                "一是开展非遗资源普查，更新区级非遗代表性项目名录。二是建设非遗传承体验基地2处。"
                "三是组织非遗进校园、进社区活动，培养青年传承人。",
                "俞晓婷", "文化艺术科", date(2027, 6, 30), PARTLY,
            ),
            Concrete(
                "（2）落实文化赋能乡村振兴缺乏有效抓手，部分村级综合文化服务中心使用效率不高。",
                "1.制定文化赋能乡村振兴工作方案，每个镇街打造1个文化示范村。\n"
                "2.对村级综合文化服务中心开放情况开展暗访，结果每季度通报。",
                "俞晓婷", "公共服务科", "2027年3月底", DONE,
            ),
            Concrete(
                "（3）推动体育事业发展有短板，全民健身设施布局不均衡，部分健身路径器材损坏未及时维修。",
                "一是全面摸排全区健身路径器材，建立损坏器材维修更换台账。二是新建、改建社区多功能运动场4处。",
                "祝国强", "体育科", "2027年6月底", PARTLY,
            ),
        ]),
    ]),
    ("（二）在“落实全面从严治党责任不够到位，重点领域监管存在短板”方面", [
        Parent("3.关于“行政审批和市场监管不够规范”的问题", [
            Concrete(
                "（1）行政审批程序不规范，部分文化经营许可事项现场核查记录缺失，审批档案不完整。",
                "1.对近两年文化经营许可审批档案逐卷检查，补齐现场核查记录。\n"
                "2.修订行政审批事项办事指南，实行审批“一事一档”。",
                "祝国强", "政策法规科", date(2027, 1, 25), DONE,
            ),
            Concrete(
                "（2）对文化市场、旅游市场日常巡查不到位，对A级旅游景区安全检查流于形式。",
                "一是制定文化和旅游市场“双随机、一公开”年度抽查计划。二是联合应急、消防部门对A级旅游景区开展安全检查。",
                "祝国强", "文化市场综合执法大队", "长期坚持", ONGOING,
            ),
        ]),
        Parent("4.关于“落实中央八项规定精神和财经纪律不严格”的问题", [
            Concrete(
                "（1）局属个别单位违规发放加班补助，财务审核把关不严。",
                "1.对局属单位近三年津补贴发放情况开展全面清查，违规发放款项全部追缴。\n"
                "2.修订局属单位财务管理办法，报销实行“经办人、审核人、审批人”三级签字。",
                "方建平", "财务室", "立行立改", DONE,
            ),
            Concrete(
                "（2）公务接待、差旅费报销审核把关不严，个别接待无公函、无清单。",
                "一是严格执行公务接待“一函一单一审批”。二是对近两年公务接待费、差旅费逐笔复核，不合规支出责令退回。",
                "方建平", "财务室", date(2026, 12, 31), NOT_DONE,
            ),
        ]),
    ]),
    ("（三）在“基层党组织建设和干部队伍建设存在薄弱环节”方面", [
        Parent("5.关于“基层党组织建设不够规范”的问题", [
            Concrete(
                "（1）部分党支部“三会一课”记录不规范，主题党日活动内容单一。",
                "1.对各党支部组织生活记录逐本检查，统一使用规范记录本。2.每季度开展1次主题党日观摩。",
                "王芸", "机关党委", date(2027, 1, 25), DONE,
            ),
            Concrete(
                "（2）党员发展和教育管理不够规范，个别党员组织关系转接不及时。",
                "一是开展党员组织关系集中排查，对转接不及时的限期办理。二是严格执行发展党员工作流程，实行全程纪实。",
                "王芸", "机关党委", "2027年3月底", DONE,
            ),
            Concrete(
                "（3）党建与业务融合不紧，存在“两张皮”现象。",
                "1.每个党支部确定1个党建业务融合项目。2.将党建工作成效纳入科室、局属单位年度考核。",
                "王芸", "机关党委", "长期坚持", ONGOING,
            ),
        ]),
        Parent("6.关于“干部队伍建设存在短板”的问题", [
            Concrete(
                "（1）干部队伍年龄结构老化，文物保护、体育等专业技术人才和后备干部储备不足。",
                "一是制定年度干部培养计划，选派年轻干部到业务一线锻炼。二是通过公开招聘补充专业技术人员。",
                "方建平", "办公室", "2027年上半年", PARTLY,
            ),
            Concrete(
                "（2）部分重点岗位干部长期未交流轮岗。",
                "1.排查重点岗位人员任职年限，建立交流轮岗台账。2.分批实施交流轮岗，暂不具备条件的落实替代措施。",
                "方建平", "办公室", date(2027, 6, 30), NOT_DONE,
            ),
        ]),
    ]),
]


def _concretes() -> list[Concrete]:
    return [c for _, parents in ASPECTS for parent in parents for c in parent.concretes]


def _count_phrase() -> str:
    """The document's own count, "3个方面6个问题14个具体表现": 问题 are parents, 具体表现 concrete problems."""
    parents = sum(len(ps) for _, ps in ASPECTS)
    return f"{len(ASPECTS)}个方面{parents}个问题{len(_concretes())}个具体表现"


def _subtitle() -> str:
    statuses = Counter(c.status for c in _concretes())
    return (f"区委第二巡察组共反馈{_count_phrase()}。"
            f"截至2027年1月25日，已整改{statuses[DONE]}个，部分整改{statuses[PARTLY]}个，"
            f"未整改{statuses[NOT_DONE]}个，已完成并长期坚持{statuses[ONGOING]}个。")


def _rows() -> list[tuple[int, str, str, int, Concrete]]:
    """(excel row, aspect heading, parent title, 序号, concrete problem) in sheet order."""
    rows, row, number = [], HEADER_ROW + 1, 1
    for heading, parents in ASPECTS:
        for parent in parents:
            for concrete in parent.concretes:
                rows.append((row, heading, parent.title, number, concrete))
                row += 1
                number += 1
    return rows


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, 1, len(HEADER), TITLE, TITLE_FONT, height=36)
    merged_line(ws, SUBTITLE_ROW, 1, len(HEADER), _subtitle(), SUBTITLE_FONT, LEFT, height=36)
    header(ws, HEADER_ROW, HEADER)
    rows = _rows()
    for row, heading, parent, number, c in rows:
        values = [number, heading, parent, c.text, c.measures, c.leader, c.unit, c.deadline, c.status]
        for column, value in enumerate(values, start=1):
            date_format = DATE_FORMAT if isinstance(value, date) else None
            body(ws, row, column, value, center=column in (1, 6, 7, 8, 9), number_format=date_format)
    for column, key in ((ASPECT_COLUMN, 1), (PARENT_COLUMN, 2)):
        groups: dict[str, list[int]] = {}
        for entry in rows:
            groups.setdefault(entry[key], []).append(entry[0])
        for group_rows in groups.values():
            merge_down(ws, column, group_rows[0], group_rows[-1])
            ws.cell(row=group_rows[0], column=column).alignment = CENTER if column == ASPECT_COLUMN else LEFT
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    wb.save(path)
    return path


def _expected() -> dict:
    concretes = _concretes()
    return {
        "title": TITLE,
        "source_type": "巡察",
        "aspects": [[aspect_title(heading), sum(len(p.concretes) for p in parents)] for heading, parents in ASPECTS],
        "problems": len(concretes),
        "parents": sum(len(parents) for _, parents in ASPECTS),
        "parent_problems": [[p.title, len(p.concretes)] for _, parents in ASPECTS for p in parents],
        "columns": dict(zip(HEADER, MEANINGS)),
        "skipped_rows": {SUBTITLE_ROW: "subtitle"},
        "refused": [],
        "statuses": dict(Counter(c.status for c in concretes)),
        "deadline_texts": list(dict.fromkeys(c.deadline for c in concretes if isinstance(c.deadline, str))),
        "document_count": _count_phrase(),
    }


EXPECTED: dict = _expected()
