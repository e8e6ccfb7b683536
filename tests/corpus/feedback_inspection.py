"""A 巡察反馈意见 as a township party committee receives it, for drafting a ledger from the text.

feedback_inspection.txt (UTF-8) is render() of the data below. Its shape: a title, a preamble, a
lead-in sentence, then headings on four levels —
  一、……方面          an aspect
  （一）……             a group of problems (a parent)
  1.在……方面，……       one problem: one row of the ledger an office would draft
  （1）……              a point inside a problem (part of that problem's text, never a row)
Problems spell out their detail with 一是…二是…三是… inside the paragraph; those are not problems
either. After the last aspect come paragraphs that are not problems: the note on problem clues,
the 意见建议 written 一是…二是…三是… in one paragraph, and the closing request.

Content: the problems the 市委巡察组 fed back to 120 villages (2019) and to three townships of
太康县 (see README.md); the town and the dates are fictional.
"""
from dataclasses import dataclass, field
from pathlib import Path

TEXT_PATH = Path(__file__).with_name("feedback_inspection.txt")
INDENT = "\u3000\u3000"

TITLE = "区委第三巡察组关于巡察青石镇党委的反馈意见"
PREAMBLE = [
    "根据区委统一部署，2026年8月24日至10月23日，区委第三巡察组对青石镇党委开展了常规巡察，并对所辖12个村（社区）"
    "党组织开展了延伸巡察。巡察期间，巡察组坚持政治巡察定位，紧扣“四个聚焦”，通过听取汇报、个别谈话、调阅资料、"
    "走访调研、受理来信来电来访等方式，深入了解情况。11月18日，区委书记专题会议听取了巡察情况汇报。现将巡察情况反馈如下。",
    "巡察认为，青石镇党委能够贯彻落实上级决策部署，在乡村振兴、基层治理、民生保障等方面做了大量工作。但巡察也发现，"
    "镇党委和所辖村（社区）党组织不同程度存在政治站位不高、思想建设滞后、组织建设薄弱、作风纪律建设虚化、"
    "全面从严治党压力传导不够等问题，主要是：",
]
CLOSING = [
    "此外，巡察组还收到反映青石镇部分领导干部的问题线索，已按有关规定移交区纪委监委、区委组织部处理。",
    "针对上述问题，巡察组提出以下意见建议：一是加强党的政治建设，切实提高政治站位，不折不扣落实上级决策部署；"
    "二是压紧压实管党治党政治责任，强化对村级“三资”、惠民资金等重点领域的监督；"
    "三是加强基层党组织和村级班子建设，选优配强村“两委”班子，严格党员教育管理；"
    "四是以巡察整改为契机，举一反三、建章立制，推动巡察整改与日常工作深度融合。",
    "请青石镇党委对照巡察反馈意见，认真研究制定整改方案，建立问题清单、任务清单、责任清单，在收到反馈意见后1个月内"
    "报送整改方案，2个月内报送整改情况报告。整改进展情况要按照有关规定向党内通报、向社会公开，接受党员群众监督。",
]
SIGNED = ["区委第三巡察组", "2026年11月25日"]


@dataclass(frozen=True)
class Problem:
    text: str  # the paragraph after "N."
    points: list[str] = field(default_factory=list)  # "（1）……" paragraphs belonging to the problem


@dataclass(frozen=True)
class Parent:
    title: str  # after "（一）"
    problems: list[Problem]


ASPECTS: list[tuple[str, list[Parent]]] = [
    ("贯彻落实党的路线方针政策和上级决策部署方面", [
        Parent("党组织领导核心作用发挥不够充分", [
            Problem("在理论学习方面，学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神不深不透。"
                    "一是镇党委理论学习中心组学习以传达文件为主，研讨交流不充分；二是“第一议题”学习后研究贯彻措施不具体；"
                    "三是对村（社区）党组织理论学习督促指导不够。"),
            Problem("在落实重大决策部署方面，落实乡村振兴战略引领缺位，统筹农村经济发展能力不足。"
                    "一是产业发展缺乏特色，村级集体经济薄弱村仍有3个；二是部分衔接资金项目建成后效益不明显。"),
        ]),
        Parent("履行职能职责有偏差", [
            Problem("在惠民政策落实方面，落实扶贫惠民政策有偏差，帮扶措施不到位。", [
                "危房改造对象认定不够精准，个别农户改造后仍未入住；",
                "低保动态管理不及时，存在应退未退情况；",
                "政策宣传不到位不深入，部分群众对帮扶政策知晓率不高。",
            ]),
            Problem("在意识形态工作方面，对意识形态工作重要性认识不足，宣传氛围不浓，农村文化阵地建设薄弱，"
                    "封建迷信思想在个别村仍然存在。"),
        ]),
    ]),
    ("落实全面从严治党主体责任和监督责任方面", [
        Parent("“两个责任”履行不力", [
            Problem("在主体责任方面，镇党委抓党风廉政建设压力传导不够，“两个责任”落实不到位。"
                    "一是党委专题研究党风廉政建设工作次数偏少；二是班子成员“一岗双责”落实不到位，对分管领域廉政风险掌握不清。"),
            Problem("在监督责任方面，镇纪委监督缺位，警示教育工作流于形式，对村组党员干部管理缺位。"),
        ]),
        Parent("违反财经纪律和群众纪律问题时有发生", [
            Problem("在财务管理方面，违反财务制度问题突出，村级财务管理不规范，账目混乱。", [
                "部分村白条入账、大额现金支付；",
                "个别村会计、出纳由一人兼任。",
            ]),
            Problem("在“三资”管理方面，“三资”管理有名无实，集体资金、资产底数不清，部分集体资产发包未公开进行。"),
            Problem("在作风建设方面，不担当、不作为、慢作为问题依然存在，为民服务意识较差；"
                    "个别村存在违规列支招待费、滥发津补贴等问题。"),
        ]),
    ]),
    ("基层党组织建设和干部队伍建设方面", [
        Parent("基层党组织建设薄弱", [
            Problem("在组织生活方面，组织生活不严肃，“三会一课”制度落实不到位，党费收缴不规范。"),
            Problem("在阵地建设方面，基层阵地建设薄弱，个别村部建成后未能投入使用。"),
        ]),
        Parent("干部队伍建设有差距", [
            Problem("在村级班子建设方面，村级班子弱化，班子配备不齐，成员年龄普遍老化，后备力量不足。"),
            Problem("在党员教育管理方面，党员发展不够规范，党员模范带头作用发挥不充分。"),
        ]),
    ]),
]

_CN = "一二三四五六七八九十"


def render() -> str:
    lines = [TITLE, ""]
    lines += [INDENT + paragraph for paragraph in PREAMBLE]
    number = 1
    for a, (aspect, parents) in enumerate(ASPECTS):
        lines.append(f"{INDENT}{_CN[a]}、{aspect}")
        for g, parent in enumerate(parents):
            lines.append(f"{INDENT}（{_CN[g]}）{parent.title}")
            for problem in parent.problems:
                lines.append(f"{INDENT}{number}.{problem.text}")
                lines += [f"{INDENT}（{i}）{point}" for i, point in enumerate(problem.points, start=1)]
                number += 1
    lines += [INDENT + paragraph for paragraph in CLOSING]
    lines += [""] + SIGNED
    return "\n".join(lines) + "\n"


def build(path: Path = TEXT_PATH) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path


def _expected() -> dict:
    problems = [p for _, parents in ASPECTS for parent in parents for p in parent.problems]
    return {
        "title": TITLE,
        "source_type": "巡察",
        "aspects": [[aspect, sum(len(g.problems) for g in parents)] for aspect, parents in ASPECTS],
        "problems": len(problems),
        "parents": [[parent.title, len(parent.problems)] for _, parents in ASPECTS for parent in parents],
        "problem_openings": [p.text.split("，")[0] for p in problems],  # "在……方面" of each problem
        "points": {i: len(p.points) for i, p in enumerate(problems, start=1) if p.points},
    }


EXPECTED: dict = _expected()
