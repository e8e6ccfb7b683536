"""`rectiflow org import|list`: the organisation directory."""
from pathlib import Path

import typer
from rich.table import Table

from rectiflow.cli.context import console, emit_json, operator, ready_db, state

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="org", help="组织目录：单位、人员、角色、通知地址")


@app.command("import")
def import_(path: Path = typer.Argument(..., metavar="FILE", help=".yaml / .json / .xlsx")):
    """导入组织目录（新增或更新，不删除）；有任何错误则不写入。"""
    from models.directory.apply import import_directory
    from models.directory.org_file import read_org
    from models.domain.addresses import allowed_hosts

    summary = import_directory(ready_db(), read_org(path), actor_name=operator(),
                               allowed_hosts=allowed_hosts(state.settings.notify_allow_hosts), source_file=path.name)
    console.print(f"已导入组织目录：新增单位 {len(summary.units_created)} 个，新增人员 {len(summary.people_created)} 名，"
                  f"更新人员 {len(summary.people_updated)} 名。", highlight=False)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出人员、所属单位、角色与通知地址。"""
    from models.queries.people import list_people

    rows = list_people(ready_db())
    if as_json:
        return emit_json(rows)
    table = Table("#", "姓名", "单位", "角色", "通知渠道", title=f"组织目录（{len(rows)} 人）")
    for row in rows:
        table.add_row(str(row.id), row.name, row.unit or "", "、".join(row.role_labels),
                      "、".join(row.addresses) or "默认渠道")
    console.print(table)
