"""`rectiflow demo`: the sample ledger from seed 003 walked through its life on a fresh embedded database."""
import os
import shutil
from pathlib import Path

from rich.rule import Rule

from models.directory.apply import import_directory
from models.directory.org_file import read_org
from models.domain.commands import ActionCommand, Change, DecisionCommand, ProgressCommand, StageTargetIn
from models.domain.refusals import Refused
from models.engine.operations import perform_action, perform_decision, perform_progress
from models.identity.accounts import set_password
from models.settings import Settings
from models.store.evidence_store import store
from rectiflow.cli.context import console, run_flow, state
from rectiflow.seed003_story import LEDGER, ORG

DEMO_PASSWORD = "Demo-zhenggai-2026"  # the demo's people only; real people set their own with the invitation link


DEMO_MARK = ".rectiflow-demo"  # a directory the demo made, and may empty again


def fresh_home(home: Path) -> None:
    """The demo's home, emptied: only a directory an earlier demo made (or an empty one) is ever deleted."""
    if home.exists():
        if not home.is_dir() or not ((home / DEMO_MARK).exists() or not any(home.iterdir())):
            raise Refused(f"「{home}」已存在，且不是演示目录：演示会清空它，未做任何改动。请用 --home 指定一个新的或空的目录")
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / DEMO_MARK).touch()
    os.environ["RECTIFLOW_HOME"] = str(home)
    # everything in the demo's own home, whatever the shell, a .env or an earlier command named (it may be a real
    # database): the flows read their settings from the environment
    own = Settings(home=home, database_url=None, data_dir=None, collect_inbox=None, audit_key_file=None)
    os.environ.update(RECTIFLOW_DATABASE_URL=own.db_url, RECTIFLOW_DATA_DIR=str(own.evidence_dir),
                      RECTIFLOW_COLLECT_INBOX=str(own.inbox), RECTIFLOW_AUDIT_KEY_FILE=str(own.audit_key_path))
    state.settings = Settings()
    state.db = None


def say(text: str) -> None:
    console.print(text, highlight=False)


class Walk:
    """Each step goes through the same engine entry points the CLI uses, and says what happened."""

    def __init__(self, db_url: str, evidence_dir: Path, scratch: Path):
        self.db_url, self.evidence_dir, self.scratch = db_url, evidence_dir, scratch

    def evidence(self, name: str, content: str):
        path = self.scratch / name
        path.write_text(content, encoding="utf-8")
        return [store(self.evidence_dir, path)]

    def act(self, item: int, action: str, actor: str, **change):
        outcome = perform_action(self.db_url, ActionCommand(item_id=item, action=action, actor=actor,
                                                            change=Change(**change)))
        if not outcome.fired or outcome.from_state == outcome.to_state:
            result = f"已提交审批申请 #{outcome.request_id}" if outcome.request_id else f"仍为{outcome.to_state.label}"
        else:
            result = f"{outcome.from_state.label} → {outcome.to_state.label}"
        say(f"  {actor}：事项 #{item}「{outcome.action.label}」— {result}")
        return outcome

    def decide(self, request: int, decision: str, actor: str, comment: str | None = None):
        outcome = perform_decision(self.db_url, DecisionCommand(request_id=request, decision=decision, actor=actor,
                                                                comment=comment))
        verdict = "同意" if decision == "approve" else f"退回（{comment}）"
        fired = f"，事项 #{outcome.fired.item_id} {outcome.fired.from_state.label} → {outcome.fired.to_state.label}" \
            if outcome.fired else ""
        say(f"  {actor}：审批申请 #{request} {verdict}{fired}")
        return outcome

    def progress(self, item: int, actor: str, text: str, percent: int | None = None):
        perform_progress(self.db_url, ProgressCommand(item_id=item, actor=actor, text=text, percent=percent))
        say(f"  {actor}：报送事项 #{item} 进展「{text}」")

    def refused(self, item: int, action: str, actor: str):
        try:
            self.act(item, action, actor)
        except Refused as refusal:
            say(f"  [yellow]被拒绝（预期之中）[/yellow]：{refusal}")


def heading(title: str) -> None:
    """A rule across the terminal, or 100 columns when the output is piped (the console is then unbounded)."""
    console.print(Rule(title), width=min(console.width, 100))


def run_demo(home: Path) -> None:
    from deploy.migrate import upgrade
    from models.store.signing_key import ensure_key
    from rectiflow.cli.audit import verify
    from rectiflow.cli.report import summary_

    fresh_home(home)
    settings = state.settings
    heading("1. 建库与组织目录")
    upgrade(settings.db_url)
    key, _ = ensure_key(settings.audit_key_path)
    say(f"  审计检查点签名密钥：{settings.audit_key_path}（公钥 {key.verifier}）")
    org = import_directory(settings.db_url, read_org(ORG), actor_name="演示", source_file=ORG.name)
    say(f"  数据库：{settings.db_url}；组织目录 {len(org.people_created)} 人、{len(org.units_created)} 个单位")

    heading("2. 导入台账（Prefect 流程 import-ledger）")
    with console.status("正在导入台账（导入流程；配置了 Prefect 服务器时在其界面中可查）…"):
        summary = run_flow("flows.import_ledger.import_ledger_flow", str(LEDGER), None, None)
    say(f"  「{summary.title}」：{summary.aspects} 个方面，{summary.items} 个问题")

    heading("3. 整改、验收、销号")
    walk = Walk(settings.db_url, settings.evidence_dir, home)
    walk.act(1, "start", "吴晓燕")
    walk.progress(1, "吴晓燕", "已修订局党组会议第一议题学习指引，建立季度回顾机制", 80)
    submitted = walk.act(1, "submit", "吴晓燕", evidence=walk.evidence("第一议题学习指引（修订）.txt", "修订稿全文"))
    walk.refused(1, "verify", "周文斌")
    walk.decide(submitted.request_id, "approve", "黄建平")
    closing = walk.act(1, "close", "黄建平")
    walk.decide(closing.request_id, "approve", "李明华")
    walk.decide(closing.request_id, "approve", "陈志强")

    walk.act(5, "start", "吴晓燕")
    submitted = walk.act(5, "submit", "吴晓燕", evidence=walk.evidence("公务用车管理台账.txt", "台账扫描件"))
    walk.decide(submitted.request_id, "approve", "谢婷")
    closing = walk.act(5, "close", "谢婷")
    walk.decide(closing.request_id, "approve", "王建国")

    heading("4. 退回、长期整改、延期")
    walk.act(3, "start", "邓佳")
    submitted = walk.act(3, "submit", "邓佳", evidence=walk.evidence("服务站走访记录.txt", "走访记录"))
    walk.decide(submitted.request_id, "reject", "黄建平", comment="缺少基层服务站规范化建设的验收材料，请补充后再报")
    walk.progress(3, "邓佳", "已补充12个基层服务站的规范化建设验收记录", 90)
    walk.act(3, "submit", "邓佳", evidence=walk.evidence("服务站验收记录.txt", "验收记录"))

    long_term = walk.act(2, "mark_long_term", "唐敏", reason="信息化平台二期建设需跨年度实施",
                         stage_targets=[StageTargetIn(text="完成二期建设方案论证", due="2027-03-31"),
                                        StageTargetIn(text="二期平台上线试运行", due="2027-12-31")])
    walk.decide(long_term.request_id, "approve", "李明华")
    walk.decide(long_term.request_id, "approve", "刘芳")

    walk.act(16, "start", "林静")
    extension = walk.act(16, "extend", "林静", reason="采购管理办法需经党组会审议", new_deadline="2027-04-30")
    walk.decide(extension.request_id, "approve", "王建国")
    walk.act(31, "start", "马丽娟")
    walk.progress(31, "马丽娟", "已完成干部人事档案“三龄两历一身份”专项审核的60%", 60)

    heading("5. 发送消息（Prefect 流程 dispatch-outbox）")
    report = run_flow("flows.dispatch_outbox.dispatch_outbox_flow")
    say(f"  已发送 {report.sent} 条消息，失败 {report.failed + report.given_up} 条")

    heading("6. 门户账户")
    people = [person.name for person in read_org(ORG).people]
    for name in people:
        set_password(settings.db_url, name, DEMO_PASSWORD, "演示")
    say(f"  组织目录中的 {len(people)} 人均可登录门户，演示密码 {DEMO_PASSWORD}（正式使用时由整改办 rectiflow users "
        f"invite 发送激活链接）")

    heading("7. 审计链校验与汇总")
    verify(checkpoint="all", public_key=None)
    summary_(campaign=None, as_json=False)
    heading("完成")
    say(f"消息已写入本地消息文件：{settings.sink_path}")
    say(f"打开门户：RECTIFLOW_HOME={home} .venv/bin/rectiflow web，浏览器访问 http://127.0.0.1:8000/ ，"
        f"以 黄建平（整改办）、吴晓燕（办公室联络员）、王建国（领导小组组长）等登录，密码 {DEMO_PASSWORD}")
    say(f"继续体验：export RECTIFLOW_HOME={home}，然后运行 rectiflow items list、rectiflow items show 3、"
        f"rectiflow approvals list --pending、rectiflow audit log 1、rectiflow report progress -o 报告.docx；"
        f"整改全过程走到最终状态并生成报告：rectiflow demo --end-state")


def run_end_state(home: Path) -> None:
    """The seed-003 ledger walked to its real end state, then its progress report (Word and Markdown)."""
    from deploy.migrate import upgrade
    from models.queries.audit_log import verify_chain
    from models.reports.files import write_progress_report
    from models.store.signing_key import ensure_key
    from rectiflow.seed003_story import walk_to_end_state

    fresh_home(home)
    settings = state.settings
    upgrade(settings.db_url)
    ensure_key(settings.audit_key_path)  # the closing messages and the report's footer carry signed checkpoints
    console.print(Rule("种子 003：从反馈到整改进展情况报告（2026年11月）"))
    with console.status("正在按日期重演整改过程（导入、每周报送、验收、领导小组会议、催办）…"):
        day = walk_to_end_state(settings.db_url, settings.evidence_dir, home, say)
    chain = verify_chain(settings.db_url)
    say(f"  审计链{'完整' if chain.ok else '断裂'}：共 {chain.checked} 条记录")
    console.print(Rule("整改进展情况报告"))
    for fmt in ("docx", "md"):
        output = home / f"整改进展情况报告-{day}.{fmt}"
        written = write_progress_report(settings.db_url, None, day, fmt, output)
        say(f"  已生成 {output}")
    say(f"  {written.totals_sentence}")
    say(f"  其中 {written.drafts} 段为草稿（Word 中黄色底纹），请整改办修改后再报送。")
