"""`rectiflow org import|list`: the organisation directory."""
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import select

from models.store.database import reading, unit_of_work
from models.directory.apply import apply_directory
from models.directory.org_file import read_org
from models.tables.organisation import Person
from models.domain.vocabulary import Role
from rectiflow.cli.context import console, emit_json, ready_db

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="org", help="组织目录：单位、人员、角色、通知地址")


@app.command("import")
def import_(path: Path = typer.Argument(..., metavar="FILE", help=".yaml / .json / .xlsx")):
    """导入组织目录（新增或更新，不删除）；有任何错误则不写入。"""
    doc = read_org(path)
    with unit_of_work(ready_db()) as session:
        summary = apply_directory(session, doc, actor_name=f"组织目录导入 {path.name}")
    console.print(f"已导入组织目录：新增单位 {len(summary.units_created)} 个，新增人员 {len(summary.people_created)} 名，"
                  f"更新人员 {len(summary.people_updated)} 名。", highlight=False)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出人员、所属单位、角色与通知地址。"""
    with reading(ready_db()) as session:
        people = session.scalars(select(Person).order_by(Person.unit_id, Person.id)).unique().all()
        rows = [{"id": p.id, "name": p.name, "unit": p.unit.name if p.unit else None,
                 "roles": [r.value for r in Role.ordered(p.roles)], "role_labels": [r.label for r in Role.ordered(p.roles)],
                 "addresses": [a.split("://")[0] + "://…" for a in p.addresses]} for p in people]
    if as_json:
        return emit_json(rows)
    table = Table("#", "姓名", "单位", "角色", "通知渠道", title=f"组织目录（{len(rows)} 人）")
    for row in rows:
        table.add_row(str(row["id"]), row["name"], row["unit"] or "", "、".join(row["role_labels"]),
                      "、".join(row["addresses"]) or "默认渠道")
    console.print(table)
