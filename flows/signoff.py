"""Sign-off from the Prefect UI: the decide-signoff deployment's parameter form is the decision.

The database is the one truth: a run only calls the engine's decision (one transaction, same checks,
audit and notifications as the CLI), so a cancelled or crashed run leaves either nothing or the whole
decision, and a request decided elsewhere is simply refused here ("已批准，不能再审批")."""
from typing import Literal

from prefect import flow
from pydantic import BaseModel, Field

import flows.runtime  # noqa: F401  (Prefect settings first)
from models.domain.commands import DecisionCommand, DecisionOutcome
from tasks import engine_tasks, signoff_tasks


class SignoffForm(BaseModel):
    request_id: int = Field(title="审批申请编号", description="见 Artifacts → pending-signoffs")
    decision: Literal["approve", "reject"] = Field(title="决定", description="approve：同意；reject：退回（须填意见）")
    approver: str = Field(title="审批人姓名")
    comment: str | None = Field(None, title="意见", description="退回时必填")
    on_behalf_of: str | None = Field(None, title="代签：委托人姓名", description="代他人审批时填写（须有有效授权）")


@flow(name="decide-signoff", flow_run_name="decide-{form.request_id}-{form.decision}")
def decide_signoff_flow(form: SignoffForm) -> DecisionOutcome:
    outcome = engine_tasks.decide(DecisionCommand(request_id=form.request_id, decision=form.decision,
                                                  actor=form.approver, comment=form.comment,
                                                  on_behalf_of=form.on_behalf_of))
    signoff_tasks.publish_pending()
    return outcome


@flow(name="publish-pending-signoffs")
def publish_pending_flow() -> int:
    return signoff_tasks.publish_pending()
