"""The seed-003 ledger walked to its real end state: what the bureau of seed 003 did between the feedback and its
report, replayed day by day through the same engine entry points the command line uses, each at the time it
happened (November 2026). At the end 34 problems are closed, 3 accepted and awaiting closing, 1 long-term —
seed 003's 「已完成整改34项，基本完成整改3项，长期整改并取得重大进展的1项」.

Four weekly rounds ask the units for progress (one unit answers late, one not at all and is chased); the office
accepts each submission (one is sent back first); three leading-group meetings close what was accepted, grant
one extension and designate the long-term item; reminders go out every working day (one item runs past its
deadline and is escalated)."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from models.collection.steps import ask, check, plan_round, summarise
from models.directory.apply import import_directory
from models.directory.org_file import read_org
from models.domain.commands import (
    ActionCommand,
    CampaignFactsCommand,
    Change,
    DecisionCommand,
    MeetingCommand,
    ProgressCommand,
    StageTargetIn,
)
from models.engine.operations import (
    perform_action,
    perform_campaign_facts,
    perform_decision,
    perform_meeting,
    perform_progress,
)
from models.ledger_files import read_ledger
from models.ledger_files.load import import_ledger_doc
from models.reminders.send import send_on_working_day
from models.store.evidence_store import store
from rectiflow.samples import build_seed003_ledger as ledger

SAMPLES = Path(__file__).parent / "samples"
LEDGER, ORG = SAMPLES / "seed003_ledger.xlsx", SAMPLES / "seed003_org.yaml"
ZONE = ZoneInfo("Asia/Shanghai")
OFFICE, OFFICE_2, CHAIR = "黄建平", "谢婷", "王建国"
MEMBERS = ["李明华", "陈志强", "刘芳", "赵立新", "孙卫东"]
LIAISON = {"办公室": "吴晓燕", "政策法规处": "冯雪", "规划财务处": "林静", "人事处": "马丽娟", "机关党委": "梁晓东",
           "信息中心": "唐敏", "服务中心": "邓佳", "军休管理处": "曹颖"}
FACTS = {"inspecting_body": "市委第一巡察组", "inspected_body": "市退役军人事务局党组",
         "inspection_start": date(2026, 9, 14), "inspection_end": date(2026, 9, 22)}
WEEKS = ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
MONDAYS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
MEETINGS = {1: date(2026, 11, 13), 2: date(2026, 11, 20), 3: date(2026, 11, 27)}  # after the week's work
END = date(2026, 11, 27)  # the report is made as of this day
LONG_TERM, REJECTED_FIRST, EXTENDED = 2, 3, 16
ACCEPTED_ONLY = {10, 18, 36}  # accepted on inspection, closing still to come (基本完成整改)
LATE_UNIT, SILENT_UNIT = ("2026-W46", "军休管理处"), ("2026-W47", "人事处")
# the week (0-3) each problem is carried out and submitted; the rest in the last week
DONE_IN_WEEK = {**dict.fromkeys([5, 11, 12, 37, 38], 0), **dict.fromkeys([1, 4, 7, 13, 3], 1),
                **dict.fromkeys([8, 9, 14, 15, 19, 20, 25, 26, 27, 28, 29], 2)}
# what units reported as done, beyond their measures' own words (seed 003's figures)
DONE_REPORTS = {
    (1, 2): "制定局党组会议重要法律、文件规定学习规范，从学习内容安排、议题报送要求、学习贯彻机制、检查督导机制4个方面"
            "进行了规范明确。",
    (2, 1): "组织完成信息化平台建设项目验收。",
    (2, 2): "建立信息化平台运维管理常态机制。",
    (3, 4): "制定《关于加强和改进退役军人服务体系作风建设的若干措施》，从思想有高度、服务有温度、办事有速度、保障有"
            "力度、尊崇有厚度、督导有强度等6个方面提出了18条措施。",
    (9, 1): "建立健全“XXXX”APP信息更新维护工作机制，加大APP宣传推广力度，累计发放宣传海报1000份、折页2.5万份，APP"
            "注册人数增加8000余人。围绕退役军人所思所想所盼，不断丰富“XXXX”APP的功能和内容。",
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time of the story, as the engine keeps times: in UTC."""
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(timezone.utc)


@dataclass
class Story:
    db_url: str
    data_dir: Path
    scratch: Path
    say: Callable[[str], None] = print
    to_decide: list[int] = field(default_factory=list)  # requests for the next leading-group meeting
    closing: set[int] = field(default_factory=set)  # items whose closing the next meeting decides
    started: set[int] = field(default_factory=set)
    accepted: set[int] = field(default_factory=set)  # accepted on inspection: no longer reported on

    def act(self, item: int, action: str, actor: str, when: datetime, **change):
        return perform_action(self.db_url, ActionCommand(item_id=item, action=action, actor=actor,
                                                         change=Change(**change)), now=when)

    def evidence(self, name: str):
        path = self.scratch / name
        path.write_text(f"{name}（扫描件）", encoding="utf-8")
        return [store(self.data_dir, path)]

    def report(self, item: int, text: str, when: datetime, week: str | None = None, done: bool = False,
               measure: int | None = None):
        unit = self.unit_of(item)
        perform_progress(self.db_url, ProgressCommand(item_id=item, actor=LIAISON[unit], text=text, done=done,
                                                      measure=measure, week=week), now=when)
        self.started.add(item)  # the lead unit reporting work starts it

    def start(self, item: int, when: datetime) -> None:
        if item not in self.started:
            self.act(item, "start", LIAISON[self.unit_of(item)], when)
            self.started.add(item)

    def unit_of(self, item: int) -> str:
        return ledger.rows()[item - 1][1].lead_unit

    def carry_out(self, item: int, day: date) -> None:
        """Start, report what was done, submit with evidence; the office accepts it and asks to close it."""
        liaison = LIAISON[self.unit_of(item)]
        feedback, _ = ledger.rows()[item - 1]
        self.start(item, at(day, 9, 30))
        for (number, measure), text in DONE_REPORTS.items():
            if number == item:
                self.report(item, text, at(day, 10), done=True, measure=measure)
        evidence = self.evidence(f"{feedback.target}（{item}）整改材料.pdf")
        submitted = self.act(item, "submit", liaison, at(day, 11), evidence=evidence)
        if item == REJECTED_FIRST:
            perform_decision(self.db_url, DecisionCommand(
                request_id=submitted.request_id, decision="reject", actor=OFFICE,
                comment="缺少基层服务站规范化建设的验收材料，请补充后再报"), now=at(day, 15))
            day += timedelta(days=2)
            self.report(item, "已补充12个基层服务站的规范化建设验收记录。", at(day, 9))
            submitted = self.act(item, "submit", liaison, at(day, 10), evidence=self.evidence("服务站验收记录.pdf"))
        verifier = OFFICE_2 if item % 2 else OFFICE
        perform_decision(self.db_url, DecisionCommand(request_id=submitted.request_id, decision="approve",
                                                      actor=verifier), now=at(day, 16))
        self.accepted.add(item)
        if item not in ACCEPTED_ONLY:
            self.to_decide.append(self.act(item, "close", verifier, at(day, 16, 30)).request_id)
            self.closing.add(item)

    def meeting(self, held_on: date, approve: list[int]) -> None:
        attendees = MEMBERS[:3]
        perform_meeting(self.db_url, MeetingCommand(held_on=held_on, chair=CHAIR, attendees=attendees,
                                                    approve=approve, recorded_by=OFFICE), now=at(held_on, 17))
        self.say(f"  {held_on} 领导小组会议：审议 {len(approve)} 项申请")

    def round(self, week: str, monday: date, items_open: list[int]) -> None:
        plan = plan_round(self.db_url, "1", week, at(monday, 9))
        for unit_id, _ in plan.units:
            ask(self.db_url, plan.round_id, unit_id, self.data_dir, at(monday, 9, 5))
        answered = set()
        for item in items_open:
            unit = self.unit_of(item)
            if unit in answered or (week, unit) == SILENT_UNIT:
                continue
            when = at(monday + timedelta(days=4), 18) if (week, unit) == LATE_UNIT else at(monday + timedelta(days=1), 15)
            self.report(item, "已召开专题会议研究部署，正在按整改措施逐项推进。", when, week=week)
            answered.add(unit)
        for unit_id, _ in plan.units:
            check(self.db_url, plan.round_id, unit_id, at(monday + timedelta(days=3), 17, 30))
        summarise(self.db_url, plan.round_id, self.data_dir, at(monday + timedelta(days=3), 18))


def walk_to_end_state(db_url: str, data_dir: Path, scratch: Path, say: Callable[[str], None] = print) -> date:
    """On a database brought to the current schema and otherwise empty: the whole story. Returns the report's day."""
    story = Story(db_url, data_dir, scratch, say)
    import_directory(db_url, read_org(ORG), actor_name="整改办", source_file=ORG.name, now=at(MONDAYS[0], 9))
    summary = import_ledger_doc(db_url, read_ledger(LEDGER), actor_name=OFFICE, now=at(MONDAYS[0], 10))
    perform_campaign_facts(db_url, CampaignFactsCommand(campaign=str(summary.campaign_id), actor=OFFICE, **FACTS),
                           now=at(MONDAYS[0], 10, 30))
    say(f"  {MONDAYS[0]} 导入「{summary.title}」：{summary.aspects} 个方面，{summary.items} 个问题")
    items = list(range(1, summary.items + 1))
    closed: set[int] = set()
    for week_index, (week, monday) in enumerate(zip(WEEKS, MONDAYS)):
        for day in (monday + timedelta(days=n) for n in range(5)):
            send_on_working_day(db_url, day, at(day, 8, 30), "Asia/Shanghai", (22, 7))
        story.round(week, monday, [i for i in items if i not in story.accepted])
        work_day = monday + timedelta(days=2)
        for item in items:
            if item != LONG_TERM and DONE_IN_WEEK.get(item, 3) == week_index:
                story.carry_out(item, work_day)
        if week_index == 1:
            _long_term_and_extension(story, work_day)
        held_on = MEETINGS.get(week_index)
        if held_on:
            story.meeting(held_on, story.to_decide)
            closed |= story.closing
            story.to_decide, story.closing = [], set()
    say(f"  {END}：已销号 {len(closed)} 项，已验收待销号 {len(ACCEPTED_ONLY)} 项，长期整改 1 项")
    return END


def _long_term_and_extension(story: Story, day: date) -> None:
    """The 信息化 item, done in part, is made long-term with stage targets; a purchasing item gets more time."""
    liaison = LIAISON[story.unit_of(LONG_TERM)]
    story.start(LONG_TERM, at(day, 9))
    for (number, measure), text in DONE_REPORTS.items():
        if number == LONG_TERM:
            story.report(LONG_TERM, text, at(day, 9, 30), done=True, measure=measure)
    long_term = story.act(LONG_TERM, "mark_long_term", liaison, at(day, 10), reason="信息化平台二期建设需跨年度实施",
                          stage_targets=[StageTargetIn(text="完成二期建设方案论证", due=date(2027, 3, 31)),
                                         StageTargetIn(text="二期平台上线试运行", due=date(2027, 12, 31))])
    story.start(EXTENDED, at(day, 10, 30))
    extension = story.act(EXTENDED, "extend", LIAISON[story.unit_of(EXTENDED)], at(day, 11),
                          reason="采购管理办法需经党组会审议", new_deadline=date(2027, 4, 30))
    story.to_decide += [long_term.request_id, extension.request_id]
