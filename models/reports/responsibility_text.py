"""Section 一: how the body carried its responsibility, in sentences with numbers drawn from what the system
recorded — the leading group and its meetings, the ledger and the weekly rounds, the sign-offs and reminders —
then the totals sentence (seed 003's （一）…（四）). What the system cannot know (the political preamble, what
the rectification changed in the body's work) is a draft for the office, marked as such; a record that holds
nothing (no meeting recorded) says nothing rather than 「召开会议0次」."""
from models.domain.campaign_facts import deploying_body, party_organ
from models.domain.chinese_dates import cn_date
from models.queries.campaign_record import CampaignRecord
from models.reports.blocks import Block, Run, block, draft
from models.reports.forms import form_for
from models.reports.model import ProgressReport
from models.reports.wording import cn_ordinal


def body_name(report: ProgressReport) -> str:
    """How the paragraphs name the body reporting: its facts' name, else 「本单位」 (the opening names it missing)."""
    return report.facts.inspected_body or "本单位"


def responsibility_section(report: ProgressReport) -> list[Block]:
    facts, form = report.facts, form_for(report.facts.source_type)
    organ = party_organ(facts.inspected_body) if facts.inspected_body else None
    heading = form.responsibility.format(organ=organ or "")
    body, source = body_name(report), facts.source_type
    leader = deploying_body(facts.inspecting_body) or "上级"
    paragraphs = [
        ("加强组织领导，压实整改责任。", _leadership(report.record, body, source)),
        ("细化整改任务，实行台账管理。", _ledger(report, body)),
        ("强力跟踪督办，严格对账销号。", _follow_through(report.record) + [report.totals_sentence]),
    ]
    blocks = [block("heading1", heading),
              block("body", draft(f"{body}坚持以习近平新时代中国特色社会主义思想为指导，认真落实{leader}关于{source}"
                                  f"整改工作的部署要求，把{source}整改作为重大政治任务，以坚决的态度压实整改责任，以扎实"
                                  f"的举措推进问题整改，推动整改成效转化为治理效能。"))]
    shown = [(title, sentences) for title, sentences in paragraphs if sentences]
    for n, (title, sentences) in enumerate(shown, 1):
        blocks.append(block("body", Run(f"（{cn_ordinal(n)}）{title}", "lead"), "".join(sentences)))
    blocks.append(block("body", Run(f"（{cn_ordinal(len(shown) + 1)}）注重成效转化，推动工作发展。", "lead"),
                        draft(f"{body}把抓好{source}整改与推进本单位中心工作结合起来，把整改成果转化为建章立制、"
                              "推动发展的具体举措。（请整改办补充整改成效转化的具体情况。）")))
    return blocks


def _leadership(record: CampaignRecord, body: str, source: str) -> list[str]:
    group, meetings = record.leading_group, record.meetings
    said = []
    if group.chair:
        members = f"，{'、'.join(group.members)}等{len(group.members)}名同志为成员" if group.members else ""
        said.append(f"{body}成立{source}整改工作领导小组，由{group.chair}同志任组长{members}。")
    if meetings.held:
        decided = "、".join(f"{label}申请{n}项" for label, n in meetings.decided.items())
        verdict = f"，同意{meetings.approved}项" + (f"、退回{meetings.rejected}项" if meetings.rejected else "")
        said.append(f"领导小组召开会议{meetings.held}次，逐项逐条听取整改进展情况，集体审议{decided}{verdict}。")
    if record.ledger.leaders:
        said.append(f"{record.ledger.leaders}名责任领导认真履行“一岗双责”，督促分管领域和部门抓好整改落实。")
    return said


def _ledger(report: ProgressReport, body: str) -> list[str]:
    ledger, rounds = report.record.ledger, report.record.rounds
    said = []
    if ledger.imported_on:
        problems = (f"{len(report.aspects)}个方面{report.parents}个问题{report.total}个具体问题" if report.parents
                    else f"{len(report.aspects)}个方面{report.total}个问题")
        said.append(f"{cn_date(ledger.imported_on)}，{body}建立整改台账，将{problems}逐项明确整改措施"
                    f"{ledger.measures}条、牵头单位{ledger.lead_units}个、责任领导{ledger.leaders}名和整改时限，"
                    "做到要求到位、任务到岗、责任到人。")
    if rounds.held and rounds.asked:
        rate = f"{rounds.on_time / rounds.asked:.0%}"
        late = f"，逾期报送{rounds.late}家次" if rounds.late else ""
        chased = f"；对未按时报送的单位催报{rounds.chased}家次" if rounds.chased else ""
        said.append(f"各责任单位每周报送整改进展，共开展{rounds.held}轮，应报送{rounds.asked}家次，按时报送"
                    f"{rounds.on_time}家次{late}，按时报送率{rate}{chased}。")
    return said


def _follow_through(record: CampaignRecord) -> list[str]:
    signoffs, reminders = record.signoffs, record.reminders
    said = []
    steps = [f"整改办检查验收{signoffs.verified}项" if signoffs.verified else "",
             f"领导小组审签对账销号{signoffs.closed}项" if signoffs.closed else ""]
    if any(steps):
        rejected = f"；对整改不到位的退回重新整改{signoffs.rejected}次" if signoffs.rejected else ""
        said.append("按照整改到位一个、检查验收一个、对账销号一个的方式，" + "，".join(s for s in steps if s)
                    + rejected + "。")
    decided = [f"{signoffs.long_term}个问题列为长期整改" if signoffs.long_term else "",
               f"{signoffs.extended}个问题延长整改时限" if signoffs.extended else ""]
    if any(decided):
        said.append("经领导小组同意，" + "、".join(d for d in decided if d) + "，均明确了理由和新的时限。")
    if reminders.sent:
        kinds = "、".join(f"{label}{n}次" for label, n in reminders.by_kind.items())
        escalated = [f"向责任领导督办{reminders.to_leaders}次" if reminders.to_leaders else "",
                     f"报领导小组组长{reminders.to_chair}次" if reminders.to_chair else ""]
        escalation = "，" + "，".join(e for e in escalated if e) if any(escalated) else ""
        said.append(f"对临近时限、超过时限和等待审批的事项，整改办发出催办提醒{reminders.sent}次（{kinds}）{escalation}。")
    return said
