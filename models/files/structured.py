"""Reading a YAML or JSON file someone sent: UTF-8 text within a size limit, YAML without aliases (a few
hundred bytes of anchors can expand to gigabytes) and without tags that build Python objects."""
import json
from collections.abc import Callable
from pathlib import Path

import yaml

from models.files.limits import TooLarge, check_size

MAX_STRUCTURED_BYTES = 10 * 1024 * 1024


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "不支持 YAML 别名（*引用）", event.start_mark)
        return super().compose_node(parent, index)


def load_structured(path: Path, invalid: Callable[[str], Exception]) -> object:
    """The file's data (dicts, lists, text, numbers, dates); `invalid(reason)` makes the exception to raise."""
    if not path.is_file():
        raise invalid(f"找不到文件「{path}」")
    try:
        check_size(path, MAX_STRUCTURED_BYTES)
        text = path.read_text(encoding="utf-8-sig")
    except TooLarge as refusal:
        raise invalid(str(refusal)) from None
    except UnicodeDecodeError:
        raise invalid("文件不是 UTF-8 编码的文本") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 (a safe loader, aliases refused)
    except json.JSONDecodeError as error:
        raise invalid(f"JSON 格式错误（第{error.lineno}行第{error.colno}列）") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"（第{mark.line + 1}行第{mark.column + 1}列）" if mark else ""
        problem = getattr(error, "problem", "") or ""
        detail = f"：{problem}" if any("\u4e00" <= ch <= "\u9fff" for ch in problem) else ""
        raise invalid(f"YAML 格式错误{where}{detail}") from None
    except RecursionError:
        raise invalid("文件嵌套层次过深") from None
