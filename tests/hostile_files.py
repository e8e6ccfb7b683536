"""Files as a hostile sender would make them: tiny .xlsx files that declare huge sheets or merges, damaged XML,
YAML that expands, text with control characters and formulas. Built byte by byte where openpyxl itself would
refuse (or run out of memory) making them."""
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

FORMULA = '=HYPERLINK("http://evil.example/t","巡察标题")'
BILLION_LAUGHS_YAML = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def rewrite_part(path: Path, part: str, change) -> Path:
    """Rewrite one part of an .xlsx (e.g. "xl/worksheets/sheet1.xml") with change(text) -> text."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def with_merge(path: Path, ref: str, sheet: int = 1) -> Path:
    """Declare a merged range in the sheet's XML, as any tool can write it."""
    return rewrite_part(path, f"xl/worksheets/sheet{sheet}.xml",
                        lambda xml: xml.replace("</sheetData>", f'</sheetData><mergeCells count="1">'
                                                               f'<mergeCell ref="{ref}"/></mergeCells>', 1))


def with_far_cell(path: Path, ref: str = "XFD1048576", sheet: int = 1) -> Path:
    """One cell far away (a row of its own at the end of the sheet)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return rewrite_part(path, f"xl/worksheets/sheet{sheet}.xml",
                        lambda xml: xml.replace("</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr">'
                                                               f'<is><t>x</t></is></c></row></sheetData>', 1))


def with_dimension(path: Path, ref: str = "A1:XFD1048576", sheet: int = 1) -> Path:
    """The sheet declaring itself larger than what it holds (a reader that trusts it walks a million rows)."""
    import re

    return rewrite_part(path, f"xl/worksheets/sheet{sheet}.xml",
                        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1))


def with_broken_xml(path: Path, sheet: int = 1) -> Path:
    return rewrite_part(path, f"xl/worksheets/sheet{sheet}.xml", lambda xml: xml.replace("<sheetData>", "<sheetData><<", 1))


def ledger_xlsx(path: Path, rows: list[list], title: str = "区委巡察反馈问题整改台账") -> Path:
    """A plain ledger: a title row, the header the importer reads, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append([title])
    sheet.append(["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "整改时限"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def cell_text(path: Path, sheet: str, coordinate: str) -> tuple[str | None, object]:
    """(data type, value) of a cell as a spreadsheet program reads it: "f" is a live formula."""
    cell = load_workbook(path)[sheet][coordinate]
    return cell.data_type, cell.value
