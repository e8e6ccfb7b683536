"""Text as people send it, made safe to keep and to write anywhere: no control characters (they break XML,
hence Excel and Word files), line ends as "\n", and the limits of the documents it ends up in."""
import re
from typing import Annotated

from pydantic import AfterValidator

from models.domain.refusals import InvalidInput

MAX_CELL_TEXT = 32_767  # Excel's limit for one cell: a longer problem or progress could not be exported whole
MAX_SHORT_TEXT = 2_000  # a reason, a comment, a name: one paragraph
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates and the two non-characters XML refuses
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Control characters dropped, line ends normalised, surrounding white space trimmed."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def one_line(text: str) -> str:
    """Several lines as one, for where a line break would let text pose as something else (a message line)."""
    return re.sub(r"\s*\n\s*", " / ", clean_text(text))


def within(text: str | None, limit: int, what: str) -> None:
    """Refuse text longer than `limit` characters, saying what it is and how long it was."""
    if text is not None and len(text) > limit:
        raise InvalidInput(f"{what}过长：{len(text)} 个字符，最多 {limit} 个")


# A field of text a person typed: it arrives without control characters.
Text = Annotated[str, AfterValidator(clean_text)]
