"""`rectiflow report summary`: counts per aspect and state, with the seed's labels."""
import typer
from rich.table import Table

from models.domain.amounts import AMOUNT_LABELS
from models.domain.vocabulary import REPORT_LABELS
from rectiflow.cli.context import console, emit_json, ready_db, state

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    from rectiflow.cli import reports

    root.add_typer(app, name="report", help="报表：汇总、整改进展报告、统计")
    reports.register(app, root)


@app.command("summary")
def summary_(campaign: str = typer.Option(None, help="整改任务名称或编号"),
             as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """按方面、状态统计整改情况。"""
    from models.queries.summary import summary
    from models.reports.totals import totals_sentence

    rows = summary(ready_db(), campaign, state.today())
    if as_json:
        return emit_json(rows)
    labels = list(REPORT_LABELS.values())
    for title in dict.fromkeys(r.campaign for r in rows):
        mine = [r for r in rows if r.campaign == title]
        money = [label for label in AMOUNT_LABELS.values() if any(label in r.amounts for r in mine)]
        table = Table("方面", *labels, "合计", "红/黄/绿灯", *(f"{label}（万元）" for label in money), title=title)
        totals = {label: sum(r.counts[label] for r in mine) for label in labels}
        amounts = {label: round(sum(r.amounts.get(label, 0) for r in mine), 4) for label in money}
        lamps = [sum(r.lights.get(c, 0) for r in mine) for c in ("red", "yellow", "green")]
        for r in mine:
            table.add_row(r.aspect, *(str(r.counts[label]) for label in labels), str(r.total),
                          "/".join(str(r.lights.get(c, 0)) for c in ("red", "yellow", "green")),
                          *(f"{r.amounts.get(label, 0):,.2f}" for label in money))
        table.add_row("[bold]合计[/bold]", *(str(totals[label]) for label in labels), str(sum(r.total for r in mine)),
                      "/".join(map(str, lamps)), *(f"{amounts[label]:,.2f}" for label in money))
        console.print(table)
        by_state = {state: totals[label] for state, label in REPORT_LABELS.items()}
        console.print(totals_sentence(mine[0].source_type, len(mine), by_state, parents=sum(r.parents for r in mine),
                                      amounts=amounts, not_started_apart=True), highlight=False)
