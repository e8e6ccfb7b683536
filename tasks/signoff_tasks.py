"""Prefect tasks for sign-off on a Prefect server: decide a request, publish the pending ones."""
from datetime import datetime, timezone

from prefect import task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from models.store.database import reading
from models.engine.items import eligible_approvers
from models.tables.ledger import Item
from models.queries.items import list_requests
from models.tables.approvals import ApprovalRequest
from models.engine.items import signature_meaning
from models.domain.vocabulary import Action
from models.settings import Settings

PENDING_KEY = "pending-signoffs"


@task(name="publish-pending-signoffs", cache_policy=NO_CACHE)
def publish_pending() -> int:
    """The table approvers find in the Prefect UI (Artifacts → pending-signoffs), oldest first."""
    settings = Settings()
    now = datetime.now(timezone.utc)
    with reading(settings.db_url) as session:
        rows = []
        for request in list_requests(session, pending_only=True):
            item = session.get(Item, request.item_id)
            full = session.get(ApprovalRequest, request.id)
            waited = now - request.requested_at
            rows.append({
                "审批申请": request.id, "事项": f"#{request.item_id}（{request.item_number}）",
                "问题": item.text[:60], "申请事项": request.action_label, "申请人": request.requested_by,
                "已等待": f"{waited.days}天{waited.seconds // 3600}小时", "审批要求": request.policy,
                "可审批人": "、".join(p.name for p in eligible_approvers(session, item, full)),
                "同意即签署": signature_meaning(Action(request.action), full.payload),
                "已签署": "；".join(request.decisions)})
    create_table_artifact(
        table=rows or [{"审批申请": "（无待审批申请）"}], key=PENDING_KEY,
        description=f"待审批申请 {len(rows)} 件（{now.astimezone(settings.zone):%Y-%m-%d %H:%M} 更新）。"
                    "审批：在部署 decide-signoff 点击 Run → Custom run，填写审批申请编号、决定、审批人和意见。")
    return len(rows)
