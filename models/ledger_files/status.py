"""The 完成情况 column: office wording -> the state an imported item starts in."""
import re

from models.domain.vocabulary import State

STATUS_WORDS: dict[str, State] = {
    "已完成": State.closed,
    "已完成整改": State.closed,
    "已整改": State.closed,
    "已整改到位": State.closed,
    "已销号": State.closed,
    "完成": State.closed,
    "完成整改": State.closed,
    "部分整改": State.in_progress,
    "部分完成": State.in_progress,
    "整改未完成": State.in_progress,
    "未完成": State.in_progress,
    "正在推进": State.in_progress,
    "持续整改": State.long_term,
    "长期推进": State.long_term,
    "未整改": State.assigned,
    "尚未整改": State.assigned,
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


def status_word(value: object) -> str:
    """The status as a word to look up: "已完成（长期坚持）" -> "已完成" (closed; the mechanism stays, 回头看 checks it)."""
    text = "".join(str(value).split()).rstrip("。.") if value is not None else ""
    return re.sub(r"[（(][^）)]*[）)]", "", text) or text


def is_status(value: object) -> bool:
    """Whether a cell holds nothing but a status word (how an ambiguous column such as 整改情况 is told apart
    from a column of narrative progress)."""
    return status_word(value) in STATUS_WORDS


def parse_status(value: object) -> State | None:
    """Empty -> None; a known word -> its state; anything else -> ValueError (Chinese reason)."""
    word = status_word(value)
    if not word:
        return None
    if word not in STATUS_WORDS:
        raise ValueError(f"无法识别的完成情况「{word}」（可填：已整改、部分整改、未整改、正在整改、长期整改、基本完成、未启动）")
    return STATUS_WORDS[word]
