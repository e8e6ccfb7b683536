"""What an approval signs: the meaning recorded with each signature (同意销号, 同意延期至…)."""
from models.domain.vocabulary import Action

REJECTED_MEANING = "退回"


def signature_meaning(action: Action, payload: dict) -> str:
    if action is Action.extend:
        return f"同意延期至{payload.get('new_deadline')}"
    return {Action.close: "同意销号", Action.mark_long_term: "同意列为长期整改", Action.verify: "同意验收",
            Action.reopen: "同意重新整改"}.get(action, f"同意{action.label}")
