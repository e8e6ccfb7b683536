"""`rectiflow items list|show`."""
import typer
from rich.table import Table

from models.domain.refusals import InvalidInput
from models.domain.vocabulary import State
from rectiflow.cli.context import cli_via, console, emit_json, ready_db, state

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="以 JSON 输出")
PAGE = 50


LAMPS = {"red": "[red]●[/red]", "yellow": "[yellow]●[/yellow]", "green": "[green]●[/green]"}
LIGHT_WORDS = {"red": "red", "红": "red", "红灯": "red", "yellow": "yellow", "黄": "yellow", "黄灯": "yellow",
               "green": "green", "绿": "green", "绿灯": "green"}


def parse_light(text: str | None) -> str | None:
    if text is None:
        return None
    if text not in LIGHT_WORDS:
        raise InvalidInput(f"未知灯色「{text}」，可用：red/红、yellow/黄、green/绿")
    return LIGHT_WORDS[text]


def parse_state(text: str | None) -> State | None:
    if text is None:
        return None
    try:
        return State.parse(text)
    except ValueError:
        known = "、".join(f"{s.value}/{s.label}" for s in State)
        raise InvalidInput(f"未知状态「{text}」，可用：{known}") from None


@app.command("list")
def list_(campaign: str = typer.Option(None, help="整改任务名称或编号"),
          unit: str = typer.Option(None, help="牵头或配合单位"),
          state_: str = typer.Option(None, "--state", help="状态，如 in_progress 或 正在整改"),
          overdue: bool = typer.Option(False, "--overdue", help="只看已超期的"),
          light: str = typer.Option(None, "--light", help="红黄绿灯：red / yellow / green（或 红 / 黄 / 绿）"),
          limit: int = typer.Option(None, "--limit", min=1, help=f"每页多少项（表格默认 {PAGE} 项；--json 默认全部）"),
          offset: int = typer.Option(0, "--offset", min=0, help="跳过前多少项（翻页）"),
          show_all: bool = typer.Option(False, "--all", help="表格列出全部事项，不分页"),
          as_json: bool = JSON):
    """列出整改事项（红灯：超期或审批停滞；黄灯：7个工作日内到期或漏报周报；绿灯：正常推进）。"""
    from models.queries.items import list_items

    if limit is None and not (show_all or as_json):
        limit = PAGE  # a terminal shows a page: a province's ledger is 100,000 rows
    page = list_items(ready_db(), state.today(), campaign=campaign, unit=unit, state=parse_state(state_),
                      overdue=overdue, light=parse_light(light), limit=limit, offset=offset)
    if as_json:
        return emit_json(page.rows)
    shown = (f"，显示第 {offset + 1}–{offset + len(page.rows)} 项" if page.rows else "，本页无事项") \
        if len(page.rows) < page.total else ""
    table = Table("#", "灯", "序号", "问题", "牵头单位", "整改时限", "状态", title=f"整改事项（共 {page.total} 项{shown}）")
    for row in page.rows:
        status = row.state_label + (f"（{row.awaiting}）" if row.awaiting else "")
        deadline = row.deadline_text or (str(row.deadline) if row.deadline else "")
        table.add_row(str(row.id), LAMPS.get(row.light, ""), row.number, _short(row.text), row.lead_unit,
                      f"[red]{deadline}（已超期）[/red]" if row.overdue else deadline, status)
    console.print(table)
    if page.calendar_unknown:
        from models.domain.working_days import unknown_calendar_notice

        console.print(f"[yellow]注意：[/yellow]{unknown_calendar_notice(page.calendar_unknown)}", highlight=False)
    if page.rows and offset + len(page.rows) < page.total:
        console.print(f"下一页：--offset {offset + len(page.rows)}；全部列出：--all", highlight=False)


def _short(text: str, width: int = 36) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("show")
def show(item_id: int = typer.Argument(..., metavar="ID"), as_json: bool = JSON):
    """显示一个事项的全部情况：措施、进展、佐证材料、审批申请、可执行操作。"""
    from models.queries.items import item_detail

    detail = item_detail(ready_db(), item_id, state.today())
    if as_json:
        return emit_json(detail)
    row = detail.item
    console.print(f"[bold]事项 #{row.id}[/bold]  序号 {row.number}  {row.campaign} / {row.aspect}")
    console.print(row.text, highlight=False)
    console.print(f"牵头单位：{row.lead_unit}" + (f"　配合单位：{'、'.join(row.cooperating_units)}" if row.cooperating_units else "")
                  + (f"　责任领导：{row.leader}" if row.leader else ""), highlight=False)
    console.print(f"整改时限：{row.deadline_text or row.deadline or '未定'}" + ("　[red]已超期[/red]" if row.overdue else "")
                  + f"　状态：{row.state_label}" + (f"（{row.awaiting}）" if row.awaiting else "") + f"　版本：{row.version}",
                  highlight=False)
    possible = "、".join(f"{a.label}（{a.value}）" for a in detail.actions)
    console.print(f"可执行：{possible or '无'}", highlight=False)
    _section("整改措施", [f"{m['position']}. {m['text']}" + ("（已完成）" if m["done"] else "") for m in detail.measures])
    _section("阶段目标", [f"{t['position']}. {t['text']}" + (f"（{t['due']}前）" if t["due"] else "") for t in detail.stage_targets])
    _section("整改进展", [f"{state.local(p['at'])} {p['unit']}{'·' + p['person'] if p['person'] else ''}：{p['text']}"
                      + (f"（{p['percent']}%）" if p["percent"] is not None else "") for p in detail.progress])
    _section("佐证材料", [f"{e['filename']}（{e['size']} 字节，sha256 {e['sha256'][:12]}…）" for e in detail.evidence])
    _section("审批申请", [f"#{r['id']} {r['action']} {r['status']}（{r['requested_by']}，{state.local(r['at'])}）"
                      for r in detail.requests])


def _section(title: str, lines: list[str]) -> None:
    if lines:
        console.print(f"\n[bold]{title}[/bold]")
        for line in lines:
            console.print("  " + line, highlight=False)


@app.command("chase")
def chase(item_id: int = typer.Argument(None, metavar="[ID]", help="催办的事项编号（或用 --unit 催办一个单位）"),
          unit: str = typer.Option(None, "--unit", help="催办该单位牵头的全部未办结事项"),
          campaign: str = typer.Option(None, help="与 --unit 一起：只催办该整改任务的事项"),
          note: str = typer.Option(None, "--note", help="附言，随催办消息发给单位"),
          actor: str = typer.Option(..., "--as", metavar="PERSON", help="整改办人员姓名")):
    """催办（仅整改办）：提醒事项的牵头单位（或指定单位）抓紧整改，通知其联络员和负责人，并记入审计日志。"""
    from models.domain.commands import ChaseCommand
    from models.engine.operations import perform_chase

    outcome = perform_chase(ready_db(), ChaseCommand(actor=actor, item_id=item_id, unit=unit, campaign=campaign,
                                                     note=note), cli_via())
    whom = "、".join(outcome.told) or "（该单位无联络员或负责人，已转整改办）"
    console.print(f"已催办{outcome.unit}（{len(outcome.items)} 项事项），已通知：{whom}", highlight=False)
