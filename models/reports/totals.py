"""The totals sentence (seed 003: 巡察反馈的3大方面38个具体问题，已完成整改34项，基本完成整改3项，长期整改并取得
重大进展的1项。): only the categories that apply; 「取得重大进展」 only for long-term items with progress in the
period; items not started are counted as being rectified unless asked apart (no office reports 「尚未启动」
upward); an audit leads with the money."""
from models.domain.vocabulary import State
from models.reports.forms import form_for


def totals_sentence(source: str, aspects: int, counts: dict[State, int], *, parents: int = 0,
                    amounts: dict[str, float] | None = None, long_term_progressed: int | None = None,
                    not_started_apart: bool = False) -> str:
    """`long_term_progressed`: how many long-term items reported progress in the period (None: not known)."""
    form = form_for(source)
    amounts = amounts or {}
    total = sum(counts.values())
    if form.leads_with_amounts:
        problems = f"{aspects}个方面{parents}个问题{total}个具体问题" if parents else f"{aspects}个方面{total}个问题"
    elif source == "自查":
        problems = f"{aspects}个方面{total}个问题"
    else:
        problems = f"{aspects}大方面{parents}个问题{total}个具体表现" if parents else f"{aspects}大方面{total}个具体问题"
    parts = _parts(counts, long_term_progressed, not_started_apart)
    money = _money(amounts)
    if form.leads_with_amounts and "问题金额" in amounts:
        head = f"{form.found}{problems}，涉及问题金额{amounts['问题金额']:,.2f}万元。"
        tail = f"，整改到位资金{amounts['整改到位金额']:,.2f}万元" if "整改到位金额" in amounts else ""
        return head + "其中" + "，".join(parts) + tail + "。"
    return f"{form.found}{problems}，" + "，".join(parts) + "。" + (money + "。" if money else "")


def _parts(counts: dict[State, int], progressed: int | None, not_started_apart: bool) -> list[str]:
    parts = []
    if counts.get(State.closed):
        parts.append(f"已完成整改{counts[State.closed]}项")
    if counts.get(State.verified):
        parts.append(f"基本完成整改{counts[State.verified]}项")
    long_term = counts.get(State.long_term, 0)
    if long_term:
        if progressed and progressed >= long_term:
            parts.append(f"长期整改并取得重大进展的{long_term}项")
        elif progressed:
            parts.append(f"长期整改{long_term}项（其中取得重大进展的{progressed}项）")
        else:
            parts.append(f"长期整改{long_term}项")
    started = counts.get(State.in_progress, 0) + (0 if not_started_apart else counts.get(State.assigned, 0))
    if started:
        parts.append(f"正在整改{started}项")
    if not_started_apart and counts.get(State.assigned):
        parts.append(f"尚未启动{counts[State.assigned]}项")
    return parts


def _money(amounts: dict[str, float]) -> str:
    wording = {"问题金额": "涉及问题金额{v}万元", "整改到位金额": "已整改到位{v}万元"}
    return "，".join(wording[label].format(v=f"{total:,.2f}") for label, total in amounts.items())
