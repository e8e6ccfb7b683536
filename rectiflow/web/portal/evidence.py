"""Downloading an evidence file: behind sign-in, and only for someone who may read an item holding it. The file goes
out as an attachment of no particular type, so a browser never runs what was uploaded (an .html stays a file)."""
from fastapi import APIRouter, Depends, Path
from fastapi.responses import FileResponse

from models.domain.refusals import NotFound, Refused
from models.queries.evidence_files import evidence_uses
from models.queries.readers import check_may_read_item
from models.store.evidence_store import blob_path
from rectiflow.web.caller import Caller
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)


@router.get("/evidence/{sha256}")
def download(sha256: str = Path(pattern="^[0-9a-f]{64}$"), who: Caller = Depends(signed_in)):
    uses = evidence_uses(who.context.db_url, sha256)
    refusal: Refused = NotFound("没有这个佐证材料")
    for use in uses:
        try:
            check_may_read_item(who.context.db_url, who.reader, use.item_id)
        except Refused as refused:
            refusal = refused
            continue
        path = blob_path(who.context.settings.evidence_dir, sha256)
        if not path.is_file():
            raise NotFound(f"佐证材料「{use.filename}」的文件不在存储中，请联系整改办")
        return FileResponse(path, media_type="application/octet-stream", filename=use.filename)
    raise refusal
