"""Path and query parameters shared by the routes: ids within what the databases store."""
from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**31 - 1
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="事项编号")]
RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="审批申请编号")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
# a name in a query string (a campaign, a unit): printable text only — a NUL byte would never reach the database
Name = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
