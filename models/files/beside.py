"""A file a form names, such as an evidence file: it must lie right beside the form — a plain name, no path, no
"..", no link pointing elsewhere, a regular file. A form someone sends can never make the server read its own
files (/etc/passwd, /proc/self/environ) as evidence."""
import os
from pathlib import Path


def file_beside(folder: Path, name: str) -> Path:
    """The named file in `folder`; ValueError with the reason, in Chinese, when it is not one."""
    name = name.strip()
    if not name or name in (".", "..") or os.path.isabs(name) or Path(name).name != name or "\\" in name:
        raise ValueError(f"「{name}」不是文件名：只能填写与报送表放在同一文件夹中的文件的名称，不能包含路径")
    candidate = folder / name
    if candidate.is_symlink():
        raise ValueError(f"「{name}」是链接，不能作为佐证材料：请放入文件本身")
    if not candidate.is_file():
        raise ValueError(f"找不到文件「{name}」（请与报送表放在同一文件夹）")
    if candidate.resolve().parent != folder.resolve():
        raise ValueError(f"「{name}」不在报送表所在的文件夹中")
    return candidate
