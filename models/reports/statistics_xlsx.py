"""The statistics as an .xlsx workbook: by aspect, by unit, the monthly ranking, the weekly trend."""
from pathlib import Path

from models.files.cells import Workbook, put_row
from models.reports.model import Statistics


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.add_worksheet(title)
    put_row(sheet, 0, header, book.cell_format(bold=True))
    for number, values in enumerate(rows, 1):
        put_row(sheet, number, values)
    for index, name in enumerate(header):
        sheet.set_column(index, index, 36 if index == 0 else max(10, len(name) * 2 + 4))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(header) - 1)


def write_statistics_xlsx(stats: Statistics, path: Path) -> Path:
    book = Workbook(path)
    labels = list(stats.aspects[0].by_state) if stats.aspects else []
    _sheet(book, "按方面", ["方面", "问题数", *labels, "超期", "按时办结率", "平均办结天数"],
           [[a.aspect, a.items, *a.by_state.values(), a.overdue, _percent(a.on_time_rate),
             a.average_days_to_close] for a in stats.aspects])
    _sheet(book, "按单位", ["牵头单位", "问题数", "已销号", "已验收", "长期整改", "超期", "按时办结率", "平均办结天数"],
           [[u.unit, u.items, u.closed, u.verified, u.long_term, u.overdue, _percent(u.on_time_rate),
             u.average_days_to_close] for u in stats.units])
    _sheet(book, f"{stats.month}排名", ["名次", "牵头单位", "按时办结率", "超期", "上月名次", "变化"],
           [[r.rank, r.unit, _percent(r.on_time_rate), r.overdue, r.previous_rank, r.movement] for r in stats.ranking])
    _sheet(book, "周趋势", ["周次", "未办结问题"], [[p.week, p.open_items] for p in stats.burndown])
    book.close()
    return path
