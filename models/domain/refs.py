"""References people type by number: "#12" or "12" -> 12. Only ASCII digits, within a database integer —
"²" or "١٢" are digits to Python but not numbers anyone meant, and int() refuses some of them."""
import re

MAX_NUMBER = 2**31 - 1
_NUMBER = re.compile(r"#?([0-9]{1,10})")


def ref_number(ref: str, *, hash_required: bool = False) -> int | None:
    text = ref.strip()
    if hash_required and not text.startswith("#"):
        return None
    match = _NUMBER.fullmatch(text)
    return int(match[1]) if match and int(match[1]) <= MAX_NUMBER else None
