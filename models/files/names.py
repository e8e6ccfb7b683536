"""File names made from what users typed (a unit's name, a week): always one plain name inside the folder it
is written to — no path separators, no "..", no characters Windows or Excel refuse, not too long."""
import re
import unicodedata

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_BYTES = 200  # well within the 255-byte limit of common file systems, with room for a suffix added later


def safe_name(text: str, fallback: str = "未命名") -> str:
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip(" .")
    name = re.sub(r"\.{2,}", ".", name) or fallback
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = name, ""
    budget = MAX_BYTES - len(suffix.encode()) - (1 if suffix else 0)
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    return f"{stem}.{suffix}" if suffix else stem
