"""Opening an .xlsx someone sent: within the limits (limits.py), and every way it can fail becomes one refusal a
person understands — never a traceback."""
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

from models.files.limits import TooLarge, check_workbook

logger = logging.getLogger(__name__)
OLD_FORMATS = (".xls", ".et")


def open_workbook(path: Path, invalid: Callable[[str], Exception], *, read_only: bool = False,
                  scan_sheets: bool = True):
    """The workbook with cell values (not formulas); `invalid(reason)` makes the exception to raise.
    `scan_sheets=False`: for a read-only reader that checks each sheet it reads as it streams it (limits.Tally)."""
    import openpyxl  # only for commands that read a workbook

    if not path.is_file():
        raise invalid(f"找不到文件「{path}」")
    if path.suffix.lower() in OLD_FORMATS:
        raise invalid("不支持旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 后再提交")
    try:
        check_workbook(path, sheets=scan_sheets)
    except TooLarge as refusal:
        raise invalid(str(refusal)) from None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as error:
        logger.info("cannot open %s as xlsx: %r", path, error)
        raise invalid("无法打开：这不是有效的 Excel（.xlsx）文件") from None
    try:
        return openpyxl.load_workbook(path, data_only=True, read_only=read_only)
    except Exception as error:  # a damaged part fails in many ways inside openpyxl; each means the same here
        logger.info("cannot open %s as xlsx: %r", path, error)
        raise invalid("无法打开：这不是有效的 Excel（.xlsx）文件，或文件已损坏") from None
