"""The 完成情况 column: office wording -> the state an imported item starts in."""
from models.domain.vocabulary import State

STATUS_WORDS: dict[str, State] = {
    "已完成": State.closed,
    "已完成整改": State.closed,
    "已整改": State.closed,
    "已销号": State.closed,
    "基本完成": State.verified,
    "基本完成整改": State.verified,
    "正在整改": State.in_progress,
    "整改中": State.in_progress,
    "推进中": State.in_progress,
    "长期整改": State.long_term,
    "长期坚持": State.long_term,
    "未启动": State.assigned,
    "未开始": State.assigned,
}


def parse_status(value: object) -> State | None:
    """Empty -> None; a known word -> its state; anything else -> ValueError (Chinese reason)."""
    text = "".join(str(value).split()).rstrip("。") if value is not None else ""
    if not text:
        return None
    if text not in STATUS_WORDS:
        raise ValueError(f"无法识别的完成情况「{text}」（可填：已完成、基本完成、正在整改、长期整改、未启动）")
    return STATUS_WORDS[text]
