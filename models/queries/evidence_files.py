"""Which items an evidence file belongs to, and the name it was handed in under: what a download checks."""
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.store.database import read_only
from models.tables.progress import Evidence


class EvidenceUse(BaseModel):
    item_id: int
    filename: str


@read_only
def evidence_uses(session: Session, sha256: str) -> list[EvidenceUse]:
    """Every item holding the file (the same content may be evidence for several), first handed in first."""
    rows = session.execute(select(Evidence.item_id, Evidence.filename).where(Evidence.sha256 == sha256)
                           .order_by(Evidence.id))
    return [EvidenceUse(item_id=item_id, filename=filename) for item_id, filename in rows]
