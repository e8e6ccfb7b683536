"""Failures of the machinery under a command — the database gone, the disk full, a path that cannot be a file's —
said in Chinese for the person at the command line (the details go to the error log)."""
import errno

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

_STORAGE = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "存储位置只读",
            errno.EACCES: "没有写入权限", errno.EIO: "磁盘读写出错",
            # an output path (-o) that cannot be a file: through an existing file, or onto a directory
            errno.ENOTDIR: "路径中有一级是文件而不是目录", errno.EEXIST: "路径中有一级是已存在的文件而不是目录",
            errno.EISDIR: "这是一个目录，不能写成文件"}


def failure_message(error: BaseException) -> str | None:
    """What went wrong, when it is the database, the disk or a path; None for anything else."""
    if isinstance(error, (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)) or (
            isinstance(error, DBAPIError) and error.connection_invalidated):
        return "数据库不可用或连接中断：操作未完成，未写入任何内容。请确认数据库服务正常后重试"
    if isinstance(error, OSError) and error.errno in _STORAGE:
        return f"{_STORAGE[error.errno]}（{error.filename or '数据目录'}）：操作未完成，请处理后重试"
    return None
