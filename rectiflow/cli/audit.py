"""`rectiflow audit verify|checkpoint|log`."""
from pathlib import Path

import typer
from rich.table import Table

from models.domain.events import event_label
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Action, State
from rectiflow.cli.context import console, emit_json, ready_db, state

app = typer.Typer(no_args_is_help=True)
SHOWN = 50  # disagreements listed; a wholesale rewrite would otherwise print one line per item


def _checkpoints(spec: str | None) -> list:
    """(source, signed checkpoint) for `--checkpoint FILE` or `--checkpoint all` (every one kept)."""
    from models.domain.checkpoint_note import find_checkpoints
    from models.files.checkpoint_text import checkpoint_text
    from models.store.checkpoints import saved

    if spec is None:
        return []
    if spec in ("all", "全部"):
        found = [(path.name, signed) for path, signed in saved(state.settings.checkpoint_dir)]
        if not found:
            raise InvalidInput(f"数据目录中还没有检查点（{state.settings.checkpoint_dir}）：先运行 rectiflow audit checkpoint")
        return found
    found = [(Path(spec).name, signed) for signed in find_checkpoints(checkpoint_text(Path(spec)))]
    if not found:
        raise InvalidInput(f"「{spec}」中没有审计检查点（应含：来源、条数、根哈希三行，空一行，再一行以「— 」开头的签名）")
    return found


def _verifier(public_key: str | None) -> str:
    """The public key checkpoints must be signed with: given, or this installation's."""
    from models.domain.checkpoint_note import parse_verifier_key
    from models.store.signing_key import load_key, public_path

    text = public_key
    if public_key and Path(public_key).is_file():
        text = Path(public_key).read_text(encoding="utf-8").strip()
    if text is None:
        pub = public_path(state.settings.audit_key_path)
        key = load_key(state.settings.audit_key_path)
        if key:
            return key.verifier
        if not pub.is_file():
            raise InvalidInput(f"找不到审计公钥 {pub}：请用 --public-key 给出留存的公钥")
        text = pub.read_text(encoding="utf-8").strip()
    try:
        parse_verifier_key(text)
    except ValueError as bad:
        raise InvalidInput(str(bad)) from None
    return text


@app.command("verify")
def verify(checkpoint: str = typer.Option(None, "--checkpoint", metavar="FILE|all",
                                          help="并校验审计链仍包含这些检查点：检查点文件（或含检查点的消息、报告），"
                                               "或 all 即数据目录中保存的全部"),
           public_key: str = typer.Option(None, "--public-key", metavar="KEY|FILE",
                                          help="用此公钥校验检查点签名（默认：本系统的审计公钥）")):
    """校验审计链：逐条核对链接与内容，按审计链重演并核对每个事项的状态、时限、牵头单位和每条审批签署；可选核对已发布的检查点。"""
    from models.queries.audit_verify import verify_audit

    points = _checkpoints(checkpoint)
    verifier = _verifier(public_key) if points else None
    with console.status("正在校验审计链…"):
        result = verify_audit(ready_db(), points, verifier)
    chain = result.chain
    if chain.ok:
        console.print(f"审计链完整：共 {chain.checked} 条记录，逐条校验通过。", highlight=False)
    else:
        console.print(f"[red]审计链断裂：[/red]{chain.problem}（此前 {chain.checked} 条完好）", highlight=False)
    if chain.ok and not result.problems:
        console.print(f"台账与审计链一致：{result.items} 个事项的状态、整改时限、牵头单位，{result.signatures} 条审批签署，"
                      f"均与审计链的记录相符。", highlight=False)
    for problem in result.problems[:SHOWN]:
        console.print(f"[red]与审计链不符：[/red]{problem}", highlight=False)
    if len(result.problems) > SHOWN:
        console.print(f"[red]……与审计链不符之处共 {len(result.problems)} 处[/red]（以上为前 {SHOWN} 处）", highlight=False)
    for check in result.checkpoints:
        if check.problem:
            console.print(f"[red]检查点 {check.source}（第 {check.size} 条）不符：[/red]{check.problem}", highlight=False)
        else:
            console.print(f"检查点 {check.source}：审计链仍包含其记录的前 {check.size} 条，签名有效。", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@app.command("checkpoint")
def checkpoint(output: Path = typer.Option(None, "-o", "--output", metavar="FILE", help="另存到此文件")):
    """签署审计链当前的检查点（条数与根哈希），保存到数据目录并输出；留存或抄送它，日后可证明审计链未被改写。"""
    from models.queries.audit_checkpoint import sign_checkpoint

    signed = sign_checkpoint(ready_db(), state.settings)
    if output:
        output.write_text(signed.text, encoding="utf-8")
        console.print(f"已保存检查点（第 {signed.checkpoint.size} 条）到 {output}", highlight=False)
    else:
        print(signed.text, end="")


def _label(enum, value):
    return enum(value).label if value else ""


@app.command("log")
def log(item_id: int = typer.Argument(None, metavar="[ID]", help="只看此事项"),
        limit: int = typer.Option(None, "--limit", help="只看最近 N 条"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """审计记录（全部，或一个事项的历史）。"""
    from models.queries.audit_log import audit_log

    rows = audit_log(ready_db(), item_id, limit)
    if as_json:
        return emit_json(rows)
    table = Table("序号", "时间", "事件", "操作人", "事项", "操作", "状态变化", "理由/说明",
                  title=f"审计记录（{len(rows)} 条）" + (f"：事项 #{item_id}" if item_id else ""))
    for r in rows:
        change = f"{_label(State, r.from_state)} → {_label(State, r.to_state)}" if r.to_state else ""
        note = r.reason or r.data.get("meaning") or ""
        table.add_row(str(r.seq), state.local(r.at), event_label(r.kind), r.actor, f"#{r.item_id}" if r.item_id else "",
                      _label(Action, r.action), change, note)
    console.print(table)
