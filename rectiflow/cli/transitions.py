"""`rectiflow transitions`: the one transition table, as the engine uses it."""
from pathlib import Path

import typer

from models.domain.transition_docs import markdown_table, mermaid_diagram, with_section
from rectiflow.cli.context import console


def register(app: typer.Typer) -> None:
    app.command("transitions")(transitions)


def transitions(mermaid: bool = typer.Option(False, "--mermaid", help="输出 Mermaid 状态图"),
                write_readme: Path = typer.Option(None, "--write-readme", metavar="README",
                                                  help="把表和图写入 README 的生成区段")):
    """显示状态流转表（由代码中的唯一流转表生成）。"""
    if write_readme:
        write_readme.write_text(with_section(write_readme.read_text(encoding="utf-8")), encoding="utf-8")
        console.print(f"已更新 {write_readme}", highlight=False)
        return
    print(mermaid_diagram() if mermaid else markdown_table())
