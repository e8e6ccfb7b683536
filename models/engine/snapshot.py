"""A hash of what an approver signs: if it changes while a request waits, the request lapses."""
import hashlib
import json

from models.tables.ledger import Item


def snapshot_hash(item: Item) -> str:
    content = {
        "state": item.state,
        "text": item.text,
        "lead_unit": item.lead_unit_id,
        "cooperating": [c.unit_id for c in item.cooperating],
        "leader": item.leader_id,
        **({"leaders": [p.id for p in item.leaders]} if len(item.leaders) > 1 else {}),
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "measures": [[m.text, m.unit_id, m.deadline.isoformat() if m.deadline else None] for m in item.measures],
        "stage_targets": [[t.text, t.due.isoformat() if t.due else None] for t in item.stage_targets],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
