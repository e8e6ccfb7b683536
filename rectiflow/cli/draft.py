"""`rectiflow draft 反馈意见.docx -o 台账草稿.xlsx`: the ledger drafted from the feedback document or the plan."""
from pathlib import Path

import typer

from rectiflow.cli.context import console


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)


def draft(source: Path = typer.Argument(..., metavar="FILE", help="反馈意见或整改方案（.docx / .txt）"),
          output: Path = typer.Option(..., "-o", "--output", metavar="FILE.xlsx", help="台账草稿"),
          force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖")):
    """由反馈意见（或整改方案）起草整改台账：方面、问题照录，措施、单位、领导、时限有则填入，缺则黄色标出待填。"""
    from models.drafting.draft_ledger import draft_ledger

    with console.status("正在读取文件、起草台账…"):
        done = draft_ledger(source, output, replace=force)
    parents = f"{done.parents} 个反馈问题，" if done.parents else ""
    console.print(f"已起草「{done.title}」→ {output}：{done.aspects} 个方面，{parents}{done.problems} 个问题。",
                  highlight=False)
    if done.to_fill:
        filled = "，".join(f"{label} {n} 处" for label, n in done.to_fill.items())
        console.print(f"待填写（黄色单元格）：{filled}。填好后先用 rectiflow import {output.name} --check 检查，再导入。",
                      highlight=False)
    else:
        console.print(f"各列均已填入，请核对后用 rectiflow import {output.name} --check 检查，再导入。", highlight=False)
