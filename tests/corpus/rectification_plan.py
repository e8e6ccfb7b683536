"""A 整改方案 (rectification plan with its task list) as a .docx, for drafting a ledger from it.

Layout (as a bureau's party committee issues it): a title, a preamble, 「一、总体要求」, then
「二、整改任务」 with the aspects as 「（一）……方面」 headings; under them every problem is one
paragraph 「1.……」 followed by the lines
  整改措施：一是……；二是……；三是……。
  责任单位：……（several units separated by 、）
  责任领导：……（once with the posts in brackets）
  整改时限：……（text）
After the tasks come 「三、保障措施」 with its own （一）（二）（三） paragraphs, which are not problems.

Content: the problems 区委巡察组 fed back to 区应急局党委 (双塔区 2024), the shortcomings a municipal
emergency management bureau named in its own 2025 fourth-quarter meeting, and the 整改方向 wording of
2018 巡视反馈 summaries (see README.md); people are fictional.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ._sheet import aspect_title

TITLE = "中共区应急管理局委员会关于落实区委第三巡察组巡察反馈意见的整改方案"
PREAMBLE = ("2026年10月28日，区委第三巡察组向区应急管理局党委反馈了巡察意见。为切实抓好巡察反馈问题整改，"
            "根据区委巡察工作领导小组有关要求，结合我局实际，制定本方案。")
GENERAL = ("坚持以习近平新时代中国特色社会主义思想为指导，把巡察整改作为重大政治任务，坚持问题导向、目标导向、结果导向，"
           "对巡察反馈问题照单全收、逐项整改，做到问题不解决不松劲、解决不彻底不放手，确保2027年1月底前集中整改任务全部完成，"
           "需要长期坚持的持续推进、常抓不懈。")
SAFEGUARDS = [
    "（一）加强组织领导。成立由党委书记任组长的巡察整改工作领导小组，领导小组办公室设在局办公室，负责统筹协调、督促检查。",
    "（二）压实整改责任。党委书记履行第一责任人职责，班子成员按照分工抓好分管领域整改任务，各科室、局属单位抓好具体落实。",
    "（三）强化督促检查。建立整改台账，实行周调度、月通报，对整改不力、敷衍整改的严肃追责问责。",
]
SECRETARY = "王立新（党委书记、局长）"


@dataclass(frozen=True)
class Task:
    problem: str
    measures: list[str]  # rendered "一是…；二是…；三是…。"
    units: list[str]
    leader: str
    deadline: str


ASPECTS: list[tuple[str, list[Task]]] = [
    ("（一）落实党的路线方针政策和上级决策部署有差距，履职尽责不到位方面", [
        Task("防范化解重大安全风险统筹不够，矿山领域仍有3家企业未完成智能化改造。",
             ["制定矿山智能化改造推进计划，实行“一企一策”，明确改造节点",
              "局领导班子成员分片包保，每月到企业现场督导一次",
              "对逾期未完成改造的企业依法采取停产整顿等措施"],
             ["危险化学品和非煤矿山安全监督管理科"], SECRETARY, "2027年6月底前"),
        Task("危险化学品运输车辆动态监管覆盖率仅为89%，节假日等重点时段监管存在盲区。",
             ["会同交通运输、公安交管部门对辖区危化品运输车辆逐车排查，督促全部接入动态监控平台",
              "落实重点时段24小时监控值守和异常报警闭环处置"],
             ["危险化学品和非煤矿山安全监督管理科", "应急指挥中心"], "李强", "2026年12月底前"),
        Task("乡镇应急物资储备管理不规范，部分储备点物资过期率达12%，账实不符。",
             ["对全区应急物资储备点开展全面清查，过期物资立即更新",
              "建立物资储备、领用、补充台账，做到账实相符",
              "将物资储备管理纳入对镇街应急管理工作年度考核"],
             ["救灾和物资保障科", "财务室"], "赵敏", "2027年1月25日前"),
        Task("群众举报安全隐患核查办结率不足85%，举报奖励制度落实不到位。",
             ["建立举报线索登记、交办、核查、反馈、销号全流程台账",
              "对超期未办结的线索每周通报",
              "按规定兑现举报奖励，公开奖励情况"],
             ["综合执法大队", "政策法规科"], "李强", "立行立改，长期坚持"),
    ]),
    ("（二）作风建设不够扎实，落实全面从严治党主体责任有差距方面", [
        Task("党委落实全面从严治党主体责任有差距，对局属单位监督管理偏松偏软。",
             ["修订党委落实全面从严治党主体责任清单和班子成员“一岗双责”清单",
              "党委每季度专题研究一次党风廉政建设工作",
              "对局属单位开展一次廉政风险排查"],
             ["机关党委", "办公室"], "王立新", "2026年12月底前"),
        Task("部分执法检查重形式轻实效，隐患排查后闭环整改督促不到位。",
             ["推行执法检查“清单化+闭环”管理，检查发现的隐患全部录入系统跟踪销号",
              "每季度随机抽查一次执法案卷，评查结果通报"],
             ["综合执法大队", "政策法规科"], "李强", "长期坚持"),
        Task("形式主义问题仍然存在，部分工作满足于发文件、开会议，落实跟踪不够。",
             ["精简会议文件，实行会议、发文计划管理",
              "对重点工作实行清单管理、销号推进"],
             ["办公室"], "赵敏", "2027年3月底前"),
    ]),
    ("（三）党的基层组织建设存在薄弱环节，领导班子决策制度执行不到位方面", [
        Task("领导班子决策制度执行不到位，个别“三重一大”事项未经党委会集体研究。",
             ["修订党委会议议事规则和“三重一大”决策制度实施办法，明确决策事项清单",
              "建立决策事项台账，对近两年决策事项开展一次自查"],
             ["办公室"], "王立新", "2026年12月底前"),
        Task("党支部标准化规范化建设推进缓慢，“三会一课”质量不高。",
             ["对照党支部工作条例逐项检查各党支部建设情况",
              "党委委员每人联系一个党支部，每季度参加一次支部组织生活",
              "开展党支部书记抓党建述职评议"],
             ["机关党委"], "王立新", "2027年1月25日前"),
        Task("意识形态工作责任制落实不到位，应急科普宣传阵地管理存在薄弱环节。",
             ["制定意识形态工作责任清单，每半年专题研究一次意识形态工作",
              "对局门户网站、政务新媒体等宣传阵地实行“三审三校”"],
             ["办公室", "宣传教育科"], "赵敏", "长期坚持"),
    ]),
]

_CN = "一二三四五六七八九十"
_BRACKETED = re.compile(r"（[^）]*）")


def _measures_line(measures: list[str]) -> str:
    return "整改措施：" + "；".join(f"{_CN[i]}是{m}" for i, m in enumerate(measures)) + "。"


def _paragraph(document, text: str, *, font: str = "仿宋_GB2312", size: int = 16, bold: bool = False,
               center: bool = False, indent: bool = True):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return paragraph


def build(path: Path) -> Path:
    document = Document()
    _paragraph(document, TITLE, font="方正小标宋简体", size=22, center=True)
    _paragraph(document, PREAMBLE)
    _paragraph(document, "一、总体要求", font="黑体")
    _paragraph(document, GENERAL)
    _paragraph(document, "二、整改任务", font="黑体")
    number = 1
    for heading, tasks in ASPECTS:
        _paragraph(document, heading, font="楷体_GB2312")
        for task in tasks:
            _paragraph(document, f"{number}.{task.problem}")
            _paragraph(document, _measures_line(task.measures))
            _paragraph(document, "责任单位：" + "、".join(task.units))
            _paragraph(document, "责任领导：" + task.leader)
            _paragraph(document, "整改时限：" + task.deadline)
            number += 1
    _paragraph(document, "三、保障措施", font="黑体")
    for safeguard in SAFEGUARDS:
        _paragraph(document, safeguard)
    _paragraph(document, "中共区应急管理局委员会", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(document, "2026年11月25日", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)
    return path


def _expected() -> dict:
    tasks = [t for _, ts in ASPECTS for t in ts]
    return {
        "title": TITLE,
        "source_type": "巡察",
        "aspects": [[aspect_title(heading), len(ts)] for heading, ts in ASPECTS],
        "problems": len(tasks),
        "tasks": [
            {"number": i, "text": t.problem, "measures": len(t.measures), "units": list(t.units),
             "leader": t.leader, "leader_name": _BRACKETED.sub("", t.leader), "deadline": t.deadline}
            for i, t in enumerate(tasks, start=1)
        ],
        "not_tasks": ["三、保障措施", *[s.split("。")[0] for s in SAFEGUARDS]],
    }


EXPECTED: dict = _expected()
