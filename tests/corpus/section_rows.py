"""A 巡察 ledger whose aspects are section rows spanning the whole table.

Layout (as a district bureau types it): a merged title row, a merged subtitle with the feedback
date and the end of the concentrated rectification period, the header
序号|具体问题|整改措施|责任领导|责任科室|配合股室|整改期限|完成情况, then for every aspect a row
"一、关于……方面的问题" merged across all columns followed by its problems numbered again from 1.
Measures are written "1.…2.…" (with or without line breaks) or "一是…二是…"; deadlines are text
(2026年12月底, 2027年春节前, 长期坚持, 立行立改, 2027年1月25日前集中整改完毕). One leader is written
with his posts in brackets, one row names the collective unit 各科室, and the sheet ends with a
merged 注 row and a signature row.

Content: the problems are those the district inspection groups fed back to health bureaus
(琼山区卫健委, 铜陵郊区卫计局) and to county bureaus (华坪县) — see README.md; people are fictional.
"""
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from ._sheet import (
    BODY_FONT,
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

TITLE = "区卫生健康局落实区委第二巡察组反馈意见整改台账"
SUBTITLE = "（巡察反馈时间：2026年10月26日　集中整改期限：2027年1月25日）"
HEADER = ["序号", "具体问题", "整改措施", "责任领导", "责任科室", "配合股室", "整改期限", "完成情况"]
MEANINGS = ["number", "text", "measures", "leader", "lead_unit", "cooperating_units", "deadline", "status"]
WIDTHS = [6, 38, 62, 14, 14, 18, 16, 11]
NOTE = ("注：1.本台账按巡察反馈意见逐条建立，实行“挂账督办、对账销号”管理；2.整改期限为“长期坚持”的事项，"
        "集中整改期满后每季度向局党组报告一次进展；3.完成情况按“已整改”“正在整改”“长期坚持”“未整改”填写。")
SIGNATURE = "填表人：刘晓燕　　联系电话：0736-7221458　　审核人：陈立明"

LONG_TERM = "长期坚持"
IMMEDIATE = "立行立改"
END_OF_YEAR = "2026年12月底"
SPRING_FESTIVAL = "2027年春节前"
CONCENTRATED = "2027年1月25日前集中整改完毕"

SECRETARY = "周建华（党组书记、局长）"  # written once with the posts, elsewhere as the bare name


@dataclass(frozen=True)
class Problem:
    text: str
    measures: str
    leader: str
    lead_unit: str
    cooperating: str
    deadline: str
    status: str


ASPECTS: list[tuple[str, list[Problem]]] = [
    ("一、关于贯彻落实上级决策部署和履行职能职责方面的问题", [
        Problem(
            "落实上级决策部署不够到位，紧密型医疗集团建设进展缓慢，牵头医院与成员单位人员、财务、药品统一管理尚未实质运行。",
            "1.制定紧密型医疗集团建设年度推进方案，明确时间表、路线图，局党组每月调度一次建设进度。\n"
            "2.推动集团内人员统筹使用、财务统一管理、药品耗材统一采购配送，实现集团内检查检验结果互认。\n"
            "3.将医疗集团建设成效纳入对牵头医院的年度绩效考核。",
            SECRETARY, "医政医管科", "规划发展与信息化科、财务科", END_OF_YEAR, "正在整改",
        ),
        Problem(
            "谋划提升医疗保障能力用心不足，国家级慢性病综合防控示范区创建工作开展滞后，部分创建指标未达到要求。",
            "一是对照国家级慢性病综合防控示范区建设指标体系逐项梳理短板，形成问题清单和责任清单。"
            "二是成立创建工作专班，每季度召开一次推进会，通报各镇街、各医疗机构创建进度。"
            "三是在各社区卫生服务中心设置自助健康检测点，规范开展高血压、糖尿病患者健康管理。",
            "陈立明", "疾病预防控制科", "基层卫生科", CONCENTRATED, "正在整改",
        ),
        Problem(
            "健康扶贫成果同乡村振兴有效衔接质效仍有差距，脱贫人口家庭医生签约服务履约不到位，医疗救助工作还需进一步加强。",
            "1.逐户核查脱贫人口和监测对象家庭医生签约履约情况，对未履约的限期补签补访。"
            "2.会同区医保局、区民政局建立因病返贫致贫风险监测预警机制，每月比对一次数据。"
            "3.严格落实县域内住院“先诊疗后付费”和“一站式”结算政策。",
            "吴海燕", "基层卫生科", "财务科", LONG_TERM, "长期坚持",
        ),
        Problem(
            "统筹推进医疗卫生基础设施建设用力不够，区人民医院综合楼、2所乡镇卫生院改扩建等项目推进缓慢。",
            "一是建立重点项目“一项目一专班”推进机制，倒排工期、挂图作战。"
            "二是会同区发改局、区财政局协调解决项目资金缺口，加快前期手续办理。"
            "三是每月向局党组报告项目建设进度，对滞后项目约谈建设单位负责人。",
            "黄志刚", "规划发展与信息化科", "财务科", SPRING_FESTIVAL, "正在整改",
        ),
        Problem(
            "对药品集中招标采购、基层医疗卫生机构药品零差率销售和价格公示等制度执行监管不到位，对下辖卫生院、村卫生室监管缺失。",
            "1.对全区卫生院、村卫生室药品网上集中采购、零差率销售情况开展全覆盖专项检查，发现问题当场督促整改。\n"
            "2.督促各医疗机构在显著位置公示药品和医疗服务价格。\n"
            "3.建立药品采购使用季度抽查通报制度。",
            "陈立明", "医政医管科", "基层卫生科", IMMEDIATE, "已整改",
        ),
    ]),
    ("二、关于落实全面从严治党责任方面的问题", [
        Problem(
            "医药领域腐败问题集中整治工作责任压得不够紧实，自查自纠组织领导不到位，部分医疗机构自查流于形式。",
            "一是调整充实局医药领域腐败问题集中整治工作领导小组，局党组每月专题听取一次整治工作汇报。"
            "二是对各医疗机构自查自纠情况开展“回头看”，对自查不认真的单位约谈主要负责人。"
            "三是建立医药购销领域廉洁风险台账，动态更新防控措施。",
            "周建华", "机关党委", "医政医管科、财务科", CONCENTRATED, "已整改",
        ),
        Problem(
            "党风廉政建设责任制落实不够有力，领导班子党政同责、“一岗双责”意识不强，廉政风险排查防控不到位。",
            "1.修订局党组落实全面从严治党主体责任清单，班子成员逐一签订党风廉政建设责任书。"
            "2.每半年开展一次廉政风险点排查，更新防控措施。"
            "3.班子成员每年到分管科室、联系单位讲廉政党课不少于1次。",
            "周建华", "机关党委", "办公室", LONG_TERM, "长期坚持",
        ),
        Problem(
            "形式主义仍然存在，党建工作内容空洞，与卫生健康业务工作结合不紧，存在“重业务、轻党建”现象。",
            "一是制定党建与业务深度融合实施方案，每个党支部确定1个党建品牌项目。"
            "二是将党建工作纳入局属单位年度目标考核，权重不低于20%。"
            "三是开展党支部书记抓党建述职评议。",
            "郑国平", "机关党委", "办公室", END_OF_YEAR, "已整改",
        ),
        Problem(
            "执行财经纪律不严格，差旅费、接待费报销审核把关不严，个别公务接待无公函、无接待清单。",
            "1.修订《局机关财务报销管理办法》，明确差旅费、公务接待费报销审核要件。\n"
            "2.对近三年差旅费、公务接待费报销凭证逐笔清查，对不合规支出责令个人退还。\n"
            "3.严格执行公务接待“一函一单一审批”。",
            "黄志刚", "财务科", "办公室", IMMEDIATE, "已整改",
        ),
    ]),
    ("三、关于党的建设和干部队伍建设方面的问题", [
        Problem(
            "党的领导有弱化现象，党组成员分工不明确，党组议事规则不健全，党组织活动缺失。",
            "一是重新明确党组成员分工并在局机关公示。"
            "二是修订《局党组工作规则》《局党组议事决策规则》，严格执行“三重一大”集体决策制度。"
            "三是按规定召开党组会议，会议记录由专人负责、规范归档。",
            "周建华", "办公室", "机关党委", END_OF_YEAR, "已整改",
        ),
        Problem(
            "政治理论学习松懈，党组理论学习中心组专题学习开展不正常，学习记录不完整。",
            "1.制定党组理论学习中心组年度学习计划，每月至少开展1次集中学习。\n"
            "2.严格落实“第一议题”制度，党组会议首先学习习近平总书记最新重要讲话和重要指示批示精神。\n"
            "3.规范学习档案，专人记录、按季度归档。",
            "周建华", "办公室", "机关党委", LONG_TERM, "长期坚持",
        ),
        Problem(
            "党内政治生活不规范，部分党支部未能正常落实“三会一课”等制度，党务工作人员配备不到位。",
            "一是对局属各党支部近两年“三会一课”落实情况开展专项检查，对缺项漏项的限期补正。"
            "二是按要求配齐配强专兼职党务干部。"
            "三是各党支部书记每年向机关党委述职一次。",
            "郑国平", "机关党委", "人事科", CONCENTRATED, "已整改",
        ),
        Problem(
            "部分干部存在不担当、慢作为现象，为民服务意识有待增强，群众办事“多头跑”问题仍有发生。",
            "1.在全局开展作风建设专项整治，各科室对照查摆问题、建立清单。"
            "2.推行首问负责制、限时办结制，医师执业注册等高频事项实行“一次办好”。"
            "3.将群众满意度纳入科室年度考核。",
            "吴海燕", "各科室", "机关党委", SPRING_FESTIVAL, "正在整改",
        ),
        Problem(
            "基层党组织建设仍有差距，部分医疗卫生单位党建工作薄弱，党组织书记抓党建主业意识不强。",
            "一是推行公立医院党委领导下的院长负责制，完善党委会议、院长办公会议议事规则。"
            "二是开展基层党组织标准化规范化建设，年内全部达标。"
            "三是对党建工作薄弱的党组织实行局班子成员包联整顿。",
            "郑国平", "机关党委", "医政医管科", END_OF_YEAR, "正在整改",
        ),
        Problem(
            "落实选人用人规定不严格，财务、药品采购等部分重点岗位干部长期未交流轮岗。",
            "1.全面排查重点岗位人员任职年限，建立轮岗台账。\n"
            "2.制定重点岗位干部交流轮岗实施方案，分批实施交流。\n"
            "3.对暂不具备轮岗条件的岗位，落实强制休假、专项审计等替代措施。",
            "周建华", "人事科", "财务科", SPRING_FESTIVAL, "未整改",
        ),
    ]),
]

FIRST_COLUMN, LAST_COLUMN = 1, len(HEADER)
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3


def _layout() -> list[tuple[int, str, object]]:
    """Every row below the header, in order: (excel row, kind, payload)."""
    rows, row = [], HEADER_ROW + 1
    for heading, problems in ASPECTS:
        rows.append((row, "section", heading))
        row += 1
        for number, problem in enumerate(problems, start=1):
            rows.append((row, "problem", (number, problem)))
            row += 1
    rows.append((row, "note", NOTE))
    rows.append((row + 1, "signature", SIGNATURE))
    return rows


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    set_widths(ws, WIDTHS)
    merged_line(ws, TITLE_ROW, FIRST_COLUMN, LAST_COLUMN, TITLE, TITLE_FONT, height=36)
    merged_line(ws, SUBTITLE_ROW, FIRST_COLUMN, LAST_COLUMN, SUBTITLE, SUBTITLE_FONT, height=22)
    header(ws, HEADER_ROW, HEADER)
    for row, kind, payload in _layout():
        if kind == "section":
            merged_line(ws, row, FIRST_COLUMN, LAST_COLUMN, payload, SECTION_FONT, LEFT, bordered=True, height=24)
        elif kind == "problem":
            number, p = payload
            values = [number, p.text, p.measures, p.leader, p.lead_unit, p.cooperating, p.deadline, p.status]
            for column, value in enumerate(values, start=1):
                body(ws, row, column, value, center=column in (1, 4, 5, 6, 7, 8))
        elif kind == "note":
            merged_line(ws, row, FIRST_COLUMN, LAST_COLUMN, payload, BODY_FONT, LEFT, height=40)
        else:
            merged_line(ws, row, FIRST_COLUMN, LAST_COLUMN, payload, BODY_FONT, LEFT, height=22)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    wb.save(path)
    return path


def _expected() -> dict:
    problems = [p for _, ps in ASPECTS for p in ps]
    deadlines = [p.deadline for p in problems]
    return {
        "title": TITLE,
        "source_type": "巡察",
        "aspects": [[aspect_title(heading), len(ps)] for heading, ps in ASPECTS],
        "problems": len(problems),
        "parents": None,
        "columns": dict(zip(HEADER, MEANINGS)),
        "skipped_rows": {SUBTITLE_ROW: "subtitle",
                         **{row: kind for row, kind, _ in _layout() if kind in ("note", "signature")}},
        "refused": [],
        "statuses": dict(Counter(p.status for p in problems)),
        "deadline_texts": list(dict.fromkeys(deadlines)),
    }


EXPECTED: dict = _expected()
