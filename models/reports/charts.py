"""The statistics as PNG charts with Chinese titles, labels and legends (150 dpi).

Built on `matplotlib.figure.Figure` with the Agg canvas, never pyplot, so no figure or backend is left
behind in matplotlib's global state. Each chart has an internal `_…_figure` builder (tests inspect the
bars it draws) and a public function, made from it by `_to_file`, that renders it to a file.

The Chinese font comes from the project's own dependencies, so a clean machine that ran only
`pip install -e .` renders the same charts: no system fonts, no apt. It is Noto Sans SC from the
`pylopdf-fonts-zh-cn` package, chosen because it is
- a plain single-face OpenType file (`NotoSansSC-Regular.otf`, 8.3 MB; a 17 MB wheel), so every
  matplotlib >= 3.8 loads it as it is: the Noto Sans CJK collections (`noto-cjk-sans-otc`,
  `manimgx-fonts-cjk`) put the Japanese face first, and matplotlib before 3.11 reads only face 0,
  which would give Japanese glyph forms for Chinese text;
- Simplified Chinese proper: Noto's SC subset (the Chinese glyph forms, plus Latin, digits and the
  arrows / dashes the ranking uses), unmodified from notofonts/noto-cjk, under the SIL OFL 1.1;
- located through the package's own API (`pylopdf_fonts_zh_cn.sans_path()`).
The font is registered with matplotlib's font manager by its family name, and the charts are drawn
inside an rc context naming that family, so matplotlib itself resolves every glyph from it.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from functools import cache, wraps
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from models.reports.model import AspectStats, BurndownPoint, RankingRow

DPI = 150
STATE_COLOURS = {  # report label -> colour; the by_state order decides the stacking
    "已完成整改": "#2e7d32",
    "基本完成整改": "#8bc34a",
    "长期整改": "#1e88e5",
    "正在整改": "#fb8c00",
    "未启动": "#9e9e9e",
}
OTHER_COLOURS = ["#8e24aa", "#00897b", "#6d4c41", "#c0ca33", "#5c6bc0"]
OVERDUE_X = 122  # the ranking's overdue column, in the rate axis' units (bars end at 100)
MOVEMENT_COLOURS = {"↑": "#2e7d32", "↓": "#c62828", "新": "#1e88e5"}  # anything else (—): grey
NO_DATA = "暂无数据"
MIN_TREND_POINTS = 2  # a trend is drawn between two weeks at least


# ---------------------------------------------------------------------------------------------- font
def cjk_font_path() -> Path:
    """The font file the charts set Chinese in (Noto Sans SC, from the pylopdf-fonts-zh-cn package)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:
        raise RuntimeError("No CJK font for the charts: the package 'pylopdf-fonts-zh-cn' is not installed "
                           "(it is one of rectiflow's dependencies: run `pip install -e .`)") from exc
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise RuntimeError(f"No CJK font for the charts: {path} (from pylopdf-fonts-zh-cn) is missing; "
                           "reinstall the package")
    return path


@cache
def cjk_font_family() -> str:
    """Registers the CJK font with matplotlib (once) and returns its family name, e.g. "Noto Sans SC"."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=path).get_name()


@contextmanager
def _style():
    # the CJK family first; DejaVu Sans (shipped with matplotlib) only as a fallback for any glyph it lacks
    with matplotlib.rc_context({
        "font.family": [cjk_font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font's hyphen, not U+2212
        "font.size": 10,
        "axes.titlesize": 13,
        "figure.titlesize": 14,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "savefig.dpi": DPI,
        "figure.dpi": DPI,
    }):
        yield


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _style():  # tick labels are made at draw time: draw in the same style the figure was built in
        fig.savefig(path, format="png", dpi=DPI, facecolor="white")
    return path


def _to_file(build: Callable[..., Figure]) -> Callable[..., Path]:
    """The public form of a chart: the builder's data and a path; the PNG is written there."""
    @wraps(build)
    def render(data, path: Path, **options) -> Path:
        return _save(build(data, **options), path)
    return render


# ---------------------------------------------------------------------------------------------- text
NO_LINE_START = set("、，。；：！？）》」』】〉,.;:!?)%")  # punctuation that stays at the end of the line before


def _wrap(text: str, width: int) -> str:
    """Chinese has no spaces to break at: cut every `width` characters (a closing punctuation mark stays on
    the line before). Never shortened: a label says all of its text, on as many lines as it takes."""
    text = " ".join(text.split())
    lines, start = [], 0
    while start < len(text):
        end = start + width
        while end < len(text) and text[end] in NO_LINE_START:
            end += 1
        lines.append(text[start:end])
        start = end
    return "\n".join(lines or [""])


def _lines(labels: list[str]) -> int:
    return sum(label.count("\n") + 1 for label in labels)


def _text_colour(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "white"


def _light_grid(ax, axis: str) -> None:
    """Thin grey lines behind the bars along the value axis."""
    ax.grid(axis=axis, color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)


def _no_data(fig: Figure, title: str, say: str = NO_DATA) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, say, ha="center", va="center", fontsize=14, color="#616161", transform=ax.transAxes, wrap=True)
    fig.suptitle(title)


# --------------------------------------------------------------------------------- completion by aspect
def _state_labels(aspects: list[AspectStats]) -> list[str]:
    labels: list[str] = []
    for a in aspects:
        labels += [label for label in a.by_state if label not in labels]
    return labels


def _completion_figure(aspects: list[AspectStats], title: str = "各方面整改完成情况") -> Figure:
    """Stacked horizontal bars, one per aspect (top to bottom in the given order), one segment per state
    label: `ax.containers[k]` holds state k's segment of every aspect (zero-width where it has none)."""
    with _style():
        names = [_wrap(a.aspect, 14) for a in aspects]
        fig = _new_figure(10, 1.9 + 0.62 * max(len(aspects), 1) + 0.17 * max(_lines(names) - 2 * len(aspects), 0))
        if not aspects:
            _no_data(fig, title)
            return fig
        ax = fig.add_subplot()
        labels = _state_labels(aspects)
        rows = list(range(len(aspects)))
        totals = [sum(a.by_state.values()) for a in aspects]
        xmax = max(max(totals), 1)
        axes_width_in = 10 * 0.72  # roughly, after the tick labels: enough to decide whether a count fits
        left = [0] * len(aspects)
        extra = iter(OTHER_COLOURS * 4)
        for label in labels:
            counts = [a.by_state.get(label, 0) for a in aspects]
            colour = STATE_COLOURS.get(label) or next(extra)
            bars = ax.barh(rows, counts, left=left, height=0.62, color=colour, edgecolor="white", linewidth=0.8,
                           label=label)
            fits = [n > 0 and n / xmax * axes_width_in >= 0.12 + 0.08 * len(str(n)) for n in counts]
            ax.bar_label(bars, labels=[str(n) if ok else "" for n, ok in zip(counts, fits)], label_type="center",
                         color=_text_colour(colour), fontsize=9)
            left = [x + n for x, n in zip(left, counts)]
        for row, total, aspect in zip(rows, totals, aspects):
            note = f"共{total}项" + (f"，超期{aspect.overdue}项" if aspect.overdue else "")
            ax.text(total + xmax * 0.01, row, note, va="center", ha="left", fontsize=9,
                    color="#c62828" if aspect.overdue else "#424242")
        ax.set_yticks(rows, names)
        ax.invert_yaxis()  # the first aspect on top, as the report lists them
        ax.set_xlim(0, xmax * 1.22)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("问题数（项）")
        _light_grid(ax, "x")
        fig.suptitle(title)
        fig.legend(loc="outside lower center", ncols=min(len(labels), 5), frameon=False, fontsize=9.5)
        return fig


completion_by_aspect = _to_file(_completion_figure)


# ------------------------------------------------------------------------------------------- burndown
def _week_label(week: str, previous: str | None) -> str:
    """2026-W48 -> W48; the year is shown on the first week and where it changes."""
    year, _, number = week.partition("-")
    if not number:
        return week
    if previous is None or previous.partition("-")[0] != year:
        return f"{year}\n{number}"
    return number


def _burndown_figure(points: list[BurndownPoint], title: str = "未办结问题周趋势") -> Figure:
    """The open items at the end of each week: one line (`ax.lines[0]`), its values labelled."""
    with _style():
        fig = _new_figure(max(8, min(16, 3 + 0.45 * len(points))), 4.8)
        if len(points) < MIN_TREND_POINTS:
            _no_data(fig, title, NO_DATA if not points else "只有一周的数据，满两周后显示趋势")
            return fig
        ax = fig.add_subplot()
        xs = list(range(len(points)))
        ys = [p.open_items for p in points]
        ax.plot(xs, ys, color="#c62828", marker="o", markersize=4.5, linewidth=2, label="未办结问题")
        ax.fill_between(xs, ys, color="#c62828", alpha=0.08)
        step = max(1, -(-len(points) // 20))  # at most about 20 week labels and value labels
        shown = sorted(set(xs[::step]) | {xs[-1]})
        ymax = max(max(ys), 1)
        for x in shown:
            ax.annotate(str(ys[x]), (x, ys[x]), textcoords="offset points", xytext=(0, 6), ha="center",
                        fontsize=8.5, color="#424242")
        weeks = [p.week for p in points]
        ax.set_xticks(shown, [_week_label(weeks[x], weeks[shown[i - 1]] if i else None)
                              for i, x in enumerate(shown)], fontsize=8.5)
        ax.set_xlim(-0.5, len(points) - 0.5)
        ax.set_ylim(0, ymax * 1.18)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("周次（ISO周）")
        ax.set_ylabel("未办结问题（项）")
        _light_grid(ax, "y")
        ax.set_title(title)
        return fig


burndown = _to_file(_burndown_figure)


# ------------------------------------------------------------------------------------------- ranking
def _movement_colour(movement: str) -> str:
    return MOVEMENT_COLOURS.get(movement[:1], "#757575")


def _ranking_figure(ranking: list[RankingRow], title: str = "责任单位按时办结率排名") -> Figure:
    """Horizontal bars of the on-time rate in %, rank 1 on top (`ax.containers[0]`), each annotated with the rate,
    then a column of overdue counts and one of the movement since last month (right of the axes). Units with
    nothing due yet are not ranked: a note under the chart names them; with none to rank, the chart says so."""
    ranked = [r for r in ranking if r.on_time_rate is not None]
    unranked = [r.unit for r in ranking if r.on_time_rate is None]
    note = f"暂无到期问题、不参与排名：{'、'.join(unranked)}" if unranked else ""
    with _style():
        labels = [f"{r.rank}. {_wrap(r.unit, 14)}" for r in ranked]
        fig = _new_figure(10, 1.6 + 0.42 * max(len(ranked), 1) + 0.17 * max(_lines(labels) - len(ranked), 0)
                          + (0.4 if note else 0))
        if not ranked:
            _no_data(fig, title, "暂无到期问题，本期不排名" if ranking else NO_DATA)
            if note:
                fig.text(0.5, 0.02, _wrap(note, 60), ha="center", va="bottom", fontsize=9, color="#616161")
            return fig
        ax = fig.add_subplot()
        rows = list(range(len(ranked)))
        rates = [r.on_time_rate * 100 for r in ranked]
        ax.barh(rows, rates, height=0.6, color="#1e88e5")
        for row, rate, r in zip(rows, rates, ranked):
            ax.text(rate + 1.2, row, f"{rate:.1f}%", va="center", ha="left", fontsize=9, color="#212121")
            ax.text(OVERDUE_X, row, f"{r.overdue}项" if r.overdue else "0", va="center", ha="center", fontsize=9,
                    color="#c62828" if r.overdue else "#9e9e9e")
            ax.text(1.02, row, r.movement, transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=10, color=_movement_colour(r.movement))
        ax.text(OVERDUE_X, -0.9, "超期问题", va="center", ha="center", fontsize=9, color="#616161")
        ax.text(1.02, -0.9, "较上月", transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=9,
                color="#616161")
        ax.set_yticks(rows, labels)
        ax.set_ylim(len(ranked) - 0.5, -1.3)  # rank 1 on top, room for the column heading
        ax.set_xlim(0, OVERDUE_X + 10)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.set_xlabel("按时办结率" + (f"\n{_wrap(note, 60)}" if note else ""))
        _light_grid(ax, "x")
        ax.set_title(title)
        return fig


unit_ranking = _to_file(_ranking_figure)
