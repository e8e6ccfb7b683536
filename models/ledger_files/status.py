"""The 完成情况 column: office wording -> the state an imported item starts in."""
from models.ledger_files.document import InitialState

STATUS_WORDS: dict[str, InitialState] = {
    "已完成": "closed",
    "已完成整改": "closed",
    "已整改": "closed",
    "已销号": "closed",
    "基本完成": "verified",
    "基本完成整改": "verified",
    "正在整改": "in_progress",
    "整改中": "in_progress",
    "推进中": "in_progress",
    "长期整改": "long_term",
    "长期坚持": "long_term",
    "未启动": "assigned",
    "未开始": "assigned",
}


def parse_status(value: object) -> InitialState | None:
    """Empty -> None; a known word -> its state; anything else -> ValueError (Chinese reason)."""
    text = "".join(str(value).split()).rstrip("。") if value is not None else ""
    if not text:
        return None
    if text not in STATUS_WORDS:
        raise ValueError(f"无法识别的完成情况「{text}」（可填：已完成、基本完成、正在整改、长期整改、未启动）")
    return STATUS_WORDS[text]
