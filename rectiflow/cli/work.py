"""`rectiflow act` and `rectiflow progress add`: what people do to items."""
from pathlib import Path

import typer

from models.domain.commands import ActionCommand, ActionOutcome, Change, EvidenceRef, ProgressCommand, StageTargetIn
from models.domain.deadlines import parse_day
from models.domain.refusals import InvalidInput
from models.domain.transitions import TABLE
from models.domain.vocabulary import Action
from rectiflow.cli.context import cli_via, console, ready_db, run_flow, state

progress_app = typer.Typer(no_args_is_help=True)
ACTIONS = "、".join(f"{row.action.value}（{row.action.label}）" for row in dict((r.action, r) for r in TABLE).values())


def register(app: typer.Typer) -> None:
    app.command("act", help=f"对事项执行操作。操作：{ACTIONS}。完整流转表：rectiflow transitions")(act)
    app.add_typer(progress_app, name="progress", help="整改进展：报送")


def parse_stage_target(text: str) -> StageTargetIn:
    body, _, due = text.rpartition("@") if "@" in text else (text, "", "")
    return StageTargetIn(text=body.strip(), due=parse_day(due, "阶段目标日期") if due.strip() else None)


def stored_evidence(files: list[Path]) -> list[EvidenceRef]:
    from models.store.evidence_store import store

    return [store(state.settings.evidence_dir, f) for f in files]


def print_outcome(outcome: ActionOutcome) -> None:
    if not outcome.fired:
        console.print(f"事项 #{outcome.item_id}「{outcome.action.label}」需审批，已提交审批申请 #{outcome.request_id}。"
                      f"（{outcome.messages} 条消息待发送）", highlight=False)
        return
    change = f"{outcome.from_state.label} → {outcome.to_state.label}" if outcome.from_state != outcome.to_state \
        else f"仍为{outcome.to_state.label}"
    opened = f"，已提交审批申请 #{outcome.request_id}" if outcome.action is Action.submit else ""
    console.print(f"事项 #{outcome.item_id}：{outcome.action.label}，{change}{opened}。（{outcome.messages} 条消息待发送）",
                  highlight=False)


def act(item_id: int = typer.Argument(..., metavar="ID"),
        action: str = typer.Argument(..., metavar="ACTION"),
        actor: str = typer.Option(..., "--as", metavar="PERSON", help="操作人姓名"),
        reason: str = typer.Option(None, "--reason", help="理由（退回、延期、重新整改、列为长期整改等必填）"),
        evidence: list[Path] = typer.Option([], "--evidence", metavar="FILE", help="佐证材料文件，可多次"),
        deadline: str = typer.Option(None, "--deadline", help="延期的新时限，如 2027-03-31 或 2027年3月底"),
        unit: str = typer.Option(None, "--unit", help="调整牵头单位时的新单位"),
        stage: list[str] = typer.Option([], "--stage", metavar="TEXT[@DATE]", help="阶段目标（列为长期整改时），可多次"),
        expect_version: int = typer.Option(None, "--expect-version", help="只在事项仍为此版本时执行"),
        on_prefect: bool = typer.Option(False, "--on-prefect",
                                        help="作为 Prefect 流程运行（配置了 Prefect 服务器时在界面中按事项可查）")):
    """对事项执行一个操作；需审批的操作会提交审批申请。"""
    from models.engine.operations import perform_action

    try:
        chosen = Action.parse(action)
    except ValueError:
        raise InvalidInput(f"未知操作「{action}」，可用：{ACTIONS}") from None
    db_url = ready_db()
    change = Change(reason=reason, evidence=stored_evidence(evidence),
                    new_deadline=parse_day(deadline, "新的整改时限") if deadline else None, new_unit=unit,
                    stage_targets=[parse_stage_target(s) for s in stage])
    command = ActionCommand(item_id=item_id, action=chosen, actor=actor, change=change,
                            expected_version=expect_version)
    if on_prefect:
        print_outcome(run_flow("flows.item_actions.run_item_action", command, cli_via()))
    else:
        print_outcome(perform_action(db_url, command, cli_via()))


@progress_app.command("add")
def progress_add(item_id: int = typer.Argument(..., metavar="ID"),
                 actor: str = typer.Option(..., "--as", metavar="PERSON", help="报送人（本单位联络员或负责人）"),
                 text: str = typer.Option(..., "--text", help="本次整改进展"),
                 percent: int = typer.Option(None, "--percent", min=0, max=100, help="完成百分比（可选）"),
                 done: bool = typer.Option(False, "--done", help="所报内容已完成（进展情况报告按已完成的工作写入；100% 亦同）"),
                 measure: int = typer.Option(None, "--measure", min=1, metavar="N",
                                             help="针对第 N 条整改措施；与 --done 同用即该措施已完成"),
                 evidence: list[Path] = typer.Option([], "--evidence", metavar="FILE", help="佐证材料文件，可多次")):
    """报送一个事项的整改进展（配合单位的报送单独保存）。"""
    from models.engine.operations import perform_progress

    db_url = ready_db()
    outcome = perform_progress(db_url, ProgressCommand(item_id=item_id, actor=actor, text=text, percent=percent,
                                                       done=done, measure=measure,
                                                       evidence=stored_evidence(evidence)), cli_via())
    console.print(f"已记录事项 #{outcome.item_id} 的整改进展（进展 #{outcome.progress_id}）。", highlight=False)
