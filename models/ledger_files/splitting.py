"""Splitting a measures cell into ordered measures, and a units cell into unit names."""
import re
from collections.abc import Callable

from models.domain.chinese_numerals import parse_chinese_number

# A bare marker (一是, 1., 一、) counts only at the start of the cell or right after a
# sentence/clause break, so "统一是…" or "其中一是…" mid-sentence is never a split point.
# Bracketed and circled markers ((1), （一）, ①) delimit themselves and may follow anything.
_BREAK = r"(?:^|(?<=[。；;，,：:！!？?\s]))\s*"
_CN = "[一二三四五六七八九十]{1,3}"

_MARKER_STYLES: list[tuple[re.Pattern, Callable[[str], int]]] = [
    (re.compile(rf"{_BREAK}({_CN})是"), parse_chinese_number),  # 一是…二是…
    (re.compile(r"[（(](\d{1,2})[）)]"), int),  # （1）…（2）…
    (re.compile(rf"{_BREAK}(\d{{1,2}})(?:[.．、]|[）)])(?!\d)"), int),  # 1.… 1、… 1）…
    (re.compile(rf"[（(]({_CN})[）)]"), parse_chinese_number),  # （一）…（二）…
    (re.compile(rf"{_BREAK}({_CN})[、.．]"), parse_chinese_number),  # 一、…二、…
    (re.compile("([①②③④⑤⑥⑦⑧⑨⑩])"), lambda c: "①②③④⑤⑥⑦⑧⑨⑩".index(c) + 1),
]
_TRAILING_PUNCTUATION = "。；;，,、 \t\r\n\u3000"
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s\u3000]+")


def split_measures(cell: object) -> list[str]:
    """Ordered measure texts from one cell; [] when the cell is empty."""
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n").strip() if cell is not None else ""
    if not text:
        return []
    markers = _best_numbering(text)
    if markers is None:
        return [m for m in (tidy_measure(line) for line in text.split("\n")) if m]
    starts = [m.start() for m in markers] + [len(text)]
    pieces = [tidy_measure(text[m.end() : starts[i + 1]]) for i, m in enumerate(markers)]
    preamble = tidy_measure(text[: starts[0]])
    # "整改措施：" introduces the list; any other text before the first marker is kept as a measure.
    if preamble and not preamble.endswith((":", "：")):
        pieces.insert(0, preamble)
    return [p for p in pieces if p]


def split_units(cell: object) -> list[str]:
    """Unit names from a cell like "办公室、人事处" — in order, without duplicates."""
    if cell is None:
        return []
    names = [n for n in _UNIT_SEPARATORS.split(str(cell)) if n]
    return list(dict.fromkeys(names))


_OPENING, _CLOSING = "（(", "）)"


def split_names(cell: object) -> list[tuple[str, str | None]]:
    """People named in a cell, with the title written beside a name: "周建华（党组书记、局长）、李明华" ->
    [("周建华", "党组书记、局长"), ("李明华", None)]. Separators inside brackets do not split."""
    pieces, current, depth = [], "", 0
    for ch in re.sub(r"\s+(?=[（(])", "", str(cell or "")):  # "张三 (副局长)": the title stays with its name
        depth += (ch in _OPENING) - (ch in _CLOSING and depth > 0)
        if depth == 0 and _UNIT_SEPARATORS.fullmatch(ch):
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    people: dict[str, str | None] = {}
    for piece in (p.strip() for p in pieces):
        titles = [t.strip() for t in re.findall(r"[（(]([^）)]*)[）)]", piece) if t.strip()]
        name = re.sub(r"[（(][^）)]*[）)]?", "", piece).strip()
        if name:
            people.setdefault(name, "、".join(titles) or None)
    return list(people.items())


def _best_numbering(text: str) -> list[re.Match] | None:
    """The markers of the outermost numbering: the style whose sequence 1, 2, … starts first."""
    best: list[re.Match] | None = None
    for pattern, ordinal in _MARKER_STYLES:
        sequence = _sequence(pattern, ordinal, text)
        if len(sequence) >= 2 and (best is None or sequence[0].start() < best[0].start()):
            best = sequence
    return best


def _sequence(pattern: re.Pattern, ordinal: Callable[[str], int], text: str) -> list[re.Match]:
    """Markers numbered 1, 2, 3, … in order; other look-alikes stay part of the text."""
    sequence: list[re.Match] = []
    for match in pattern.finditer(text):
        try:
            number = ordinal(match.group(1))
        except ValueError:
            continue
        if number == len(sequence) + 1:
            sequence.append(match)
    return sequence


def tidy_measure(piece: str) -> str:
    """Without surrounding blanks and trailing 。；， — as measures are listed."""
    return piece.strip().rstrip(_TRAILING_PUNCTUATION).strip()
