"""Opening an .xlsx someone sent: every way it can fail becomes one refusal a person understands."""
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

logger = logging.getLogger(__name__)
OLD_FORMATS = (".xls", ".et")


def open_workbook(path: Path, invalid: Callable[[str], Exception], *, read_only: bool = False) -> Workbook:
    """The workbook with cell values (not formulas); `invalid(reason)` makes the exception to raise."""
    if not path.is_file():
        raise invalid(f"找不到文件「{path}」")
    if path.suffix.lower() in OLD_FORMATS:
        raise invalid("不支持旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 后再提交")
    try:
        return openpyxl.load_workbook(path, data_only=True, read_only=read_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        logger.info("cannot open %s as xlsx: %r", path, error)
        raise invalid("无法打开：这不是有效的 Excel（.xlsx）文件") from error
