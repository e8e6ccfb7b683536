"""How a report is shaped for each source of problems, as real ones are: a 巡察 report (seed 003), an audit
rectification report (审计查出问题整改情况), a 督查 report, a self-inspection report (seed 000)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportForm:
    title_subject: str  # what the title reports on: {group}反馈意见整改进展情况 …
    responsibility: str  # 一、…  ({organ}: 党组 / 党委 / the body)
    tasks: str  # 二、…
    next_steps: str  # 三、…
    found: str  # how the totals sentence names the problems' source: 巡察反馈的 / 审计发现的
    acted: str  # 开展了巡察 / 进行了审计
    fed_back: str  # 反馈了巡察意见 / 出具了审计报告
    work: str  # 巡察工作 / 审计整改工作: 「按照巡察工作有关要求」
    leads_with_amounts: bool = False


FORMS = {
    "巡察": ReportForm("{group}反馈意见整改进展情况", "一、{organ}履行巡察整改主体责任情况", "二、巡察整改任务落实情况",
                     "三、下一步工作打算", "巡察反馈的", "开展了巡察", "反馈了巡察意见", "巡察工作"),
    "巡视": ReportForm("{group}反馈意见整改进展情况", "一、{organ}履行巡视整改主体责任情况", "二、巡视整改任务落实情况",
                     "三、下一步工作打算", "巡视反馈的", "开展了巡视", "反馈了巡视意见", "巡视工作"),
    "审计": ReportForm("{group}审计发现问题整改情况", "一、审计整改工作开展情况", "二、审计发现问题整改情况",
                     "三、下一步工作打算", "审计发现的", "进行了审计", "出具了审计报告", "审计整改工作",
                     leads_with_amounts=True),
    "督查": ReportForm("{group}督查反馈问题整改情况", "一、督查整改工作开展情况", "二、督查反馈问题整改情况",
                     "三、下一步工作打算", "督查反馈的", "开展了督查", "反馈了督查意见", "督查工作"),
    "自查": ReportForm("自查问题整改情况", "一、自查整改工作开展情况", "二、自查问题整改情况", "三、下步工作措施",
                     "自查发现的", "开展了自查", "", "自查整改工作"),
}


def form_for(source_type: str) -> ReportForm:
    return FORMS.get(source_type, FORMS["巡察"])
