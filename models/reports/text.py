"""The progress report (整改进展情况报告) as text: every paragraph it says, and the Markdown for messages.

``report_text`` decides every sentence, in the shape of the real reports (seed 003): the title and the opening
from the campaign's facts (opening_text.py), 一、 what the body did, from what the system recorded
(responsibility_text.py), 二、 each problem with the work done (tasks_text.py), 三、 the next steps drafted from
what is open (next_steps_text.py), and the evidence in an annex. The Markdown here and the Word document
(docx.py) only lay that text out, so both say the same.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader

from models.domain.campaign_facts import SHORT_LABELS
from models.reports.blocks import Block, Run, block
from models.reports.model import ProgressReport
from models.reports.next_steps_text import next_steps_section
from models.reports.opening_text import opening, report_title
from models.reports.responsibility_text import responsibility_section
from models.reports.tasks_text import aspect_groups, tasks_section
from models.reports.wording import cn_ordinal
from models.store.collector import collector_paused

EVIDENCE_ANNEX = "佐证材料清单"


@dataclass(frozen=True)
class ReportText:
    title: str
    blocks: list[Block]  # the opening to 三、
    annex: list[Block]  # 附件：佐证材料清单 (empty when no evidence was given)
    missing: list[str]  # the facts the report needs and nobody gave, as people call them

    @property
    def drafts(self) -> int:
        return sum(b.draft for b in self.blocks)


@collector_paused()
def report_text(report: ProgressReport) -> ReportText:
    return ReportText(
        title=report_title(report),
        blocks=[opening(report)] + responsibility_section(report) + tasks_section(report)
        + next_steps_section(report),
        annex=evidence_annex(report),
        missing=[SHORT_LABELS[f] for f in report.facts.missing()])


def evidence_annex(report: ProgressReport, number: int = 1) -> list[Block]:
    """Each problem's evidence files, under the report's own numbering: （一）1.充分发挥党组领导作用：a.pdf、b.docx"""
    lines = []
    for n, aspect in enumerate(sorted(report.aspects, key=lambda a: a.position), 1):
        for position, group in enumerate(aspect_groups(aspect), 1):
            files = list(dict.fromkeys(f for item in group.items for f in item.evidence))
            if files:
                lines.append(block("body", Run(f"（{cn_ordinal(n)}）{position}.{group.heading}：", "strong"),
                                   "、".join(files)))
    return [block("annex_title", f"附件{number}", EVIDENCE_ANNEX)] + lines if lines else []


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("models.reports", "templates"), trim_blocks=True, lstrip_blocks=True,
                       autoescape=False, keep_trailing_newline=True)


def progress_markdown(report: ProgressReport, text: ReportText | None = None) -> str:
    """The report as Markdown (for DingTalk / WeCom / Feishu messages and e-mail), same text as the Word file."""
    rendered = _environment().get_template("progress_report.md.j2").render(report=text or report_text(report))
    return re.sub(r"\n{3,}", "\n\n", rendered).strip() + "\n"
