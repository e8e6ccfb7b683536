"""Pending sign-offs published on a Prefect server (Artifacts → pending-signoffs), for the office's overview.
Nobody signs through Prefect: its UI knows no people, so deciding is done in the portal or the API, with the
signer's password again (the engine refuses a decision that comes through Prefect)."""
from flows.runtime import call
from tasks import signoff_tasks
from tasks.lazy_prefect import flow


@flow(name="publish-pending-signoffs")
def publish_pending_flow() -> int:
    return call(signoff_tasks.publish_pending)
