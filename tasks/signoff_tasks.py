"""Prefect tasks for sign-off on a Prefect server: publish the pending requests as an artifact."""
from models.domain.clock import utcnow
from models.queries.requests import list_requests, pending_table
from models.settings import Settings
from tasks.lazy_prefect import task

PENDING_KEY = "pending-signoffs"


@task(name="publish-pending-signoffs")
def publish_pending() -> int:
    """The table approvers find in the Prefect UI (Artifacts → pending-signoffs), oldest first."""
    from prefect.artifacts import create_table_artifact

    settings = Settings()
    now = utcnow()
    rows = pending_table(list_requests(settings.db_url, pending_only=True), now)
    create_table_artifact(
        table=rows or [{"审批申请": "（无待审批申请）"}], key=PENDING_KEY,
        description=f"待审批申请 {len(rows)} 件（{now.astimezone(settings.zone):%Y-%m-%d %H:%M} 更新）。"
                    f"审批请登录门户 {settings.public_url.rstrip('/')}/approvals，签署时需再次输入密码；Prefect 界面不能用于审批。")
    return len(rows)
