"""The PNG charts: the Chinese font comes from the project's dependencies and matplotlib finds every glyph
in it, the files are real PNGs, and each chart draws what the statistics say."""
import logging
import re
import struct
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

from models.reports import charts
from models.reports.model import AspectStats, BurndownPoint, RankingRow

LABELS = ["已完成整改", "基本完成整改", "长期整改", "正在整改", "未启动"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def aspect(title: str, *counts: int, overdue: int = 0) -> AspectStats:
    return AspectStats(aspect=title, items=sum(counts), by_state=dict(zip(LABELS, counts)), overdue=overdue,
                       on_time_rate=0.8, average_days_to_close=12.5)


ASPECTS = [
    aspect("关于落实全面从严治党主体责任、监督责任不到位方面的问题", 10, 2, 1, 3, 1, overdue=2),
    aspect("党的政治建设方面", 8, 1, 0, 0, 0),
    aspect("贯彻落实中央八项规定精神及其实施细则精神不够严格方面存在的突出问题", 16, 0, 0, 1, 0, overdue=1),
    aspect("选人用人方面", 0, 0, 0, 2, 5),
]
POINTS = [BurndownPoint(week=f"2026-W{w}", open_items=n)
          for w, n in zip(range(45, 53), [38, 35, 31, 26, 20, 11, 6, 4])] + [BurndownPoint(week="2027-W01", open_items=3)]
RANKING = [
    RankingRow(rank=1, unit="市财政局", on_time_rate=1.0, overdue=0, previous_rank=3, movement="↑2"),
    RankingRow(rank=2, unit="市发展和改革委员会", on_time_rate=0.9167, overdue=1, previous_rank=2, movement="—"),
    RankingRow(rank=3, unit="市住房和城乡建设局（市人民防空办公室）", on_time_rate=0.75, overdue=3, previous_rank=1,
               movement="↓2"),
    RankingRow(rank=4, unit="市审计局", on_time_rate=0.5, overdue=12, previous_rank=None, movement="新"),
    RankingRow(rank=5, unit="市档案馆", on_time_rate=None, overdue=0, previous_rank=5, movement="—"),
]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def texts(fig) -> list[str]:
    found = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    return found


@contextmanager
def glyph_warnings():
    """Collects what matplotlib says about missing glyphs, through warnings and through its logger."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler, logger = Collect(level=logging.WARNING), logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages += [str(w.message) for w in caught]
    finally:
        logger.removeHandler(handler)


def test_cjk_font_is_found_by_matplotlib():
    path = charts.cjk_font_path()
    assert path.is_file() and path.name == "NotoSansSC-Regular.otf" and path.parent.name == "pylopdf_fonts_zh_cn"
    family = charts.cjk_font_family()
    assert family == "Noto Sans SC"
    found = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
    assert Path(found).resolve() == path.resolve()
    charmap = FT2Font(str(path)).get_charmap()
    assert all(ord(ch) in charmap for ch in "整改已完成基本长期正在未启动各方面责任单位按时办结率排名超期较上月↑↓—新项%")


def test_cjk_font_path_says_clearly_when_the_package_is_missing(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", None)  # import fails as if not installed
    with pytest.raises(RuntimeError, match="pylopdf-fonts-zh-cn"):
        charts.cjk_font_path()


@pytest.mark.parametrize("render, data", [
    (charts.completion_by_aspect, ASPECTS),
    (charts.burndown, POINTS),
    (charts.unit_ranking, RANKING),
], ids=["completion_by_aspect", "burndown", "unit_ranking"])
def test_chart_renders_chinese_without_missing_glyph_warnings(tmp_path, render, data):
    target = tmp_path / "out" / f"{render.__name__}.png"
    with glyph_warnings() as messages:
        written = render(data, target)
    assert not [m for m in messages if re.search(r"Glyph .* missing from", m)], messages
    assert written == target and target.is_file()
    width, height = png_size(target)
    assert 1000 <= width <= 3000 and 500 <= height <= 3000  # 150 dpi at about 10 × 4–7 inches
    assert 20_000 < target.stat().st_size < 2_000_000


@pytest.mark.parametrize("render", [charts.completion_by_aspect, charts.burndown, charts.unit_ranking])
def test_empty_statistics_still_give_a_chart(tmp_path, render):
    with glyph_warnings() as messages:
        target = render([], tmp_path / "empty.png")
    assert not [m for m in messages if "missing from" in m]
    png_size(target)


def test_completion_chart_stacks_one_segment_per_state_in_order():
    fig = charts._completion_figure(ASPECTS)
    ax = fig.axes[0]
    assert len(ax.containers) == len(LABELS)  # one stack layer per state, in by_state order
    for k, (container, label) in enumerate(zip(ax.containers, LABELS)):
        assert container.get_label() == label
        assert [bar.get_width() for bar in container] == [a.by_state[label] for a in ASPECTS]
        assert [bar.get_x() for bar in container] == [sum(list(a.by_state.values())[:k]) for a in ASPECTS]
    drawn = [bar for container in ax.containers for bar in container if bar.get_width() > 0]
    assert len(drawn) == sum(n > 0 for a in ASPECTS for n in a.by_state.values())  # 11 visible segments
    assert [t.get_text() for t in fig.legends[0].get_texts()] == LABELS
    assert fig.get_suptitle() == "各方面整改完成情况"
    shown = texts(fig)
    assert "共17项，超期2项" in shown and "共7项" in shown
    assert "10" in shown and "16" in shown  # counts on the bars
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[1] == "党的政治建设方面"
    assert all(len(line) <= 15 for tick in ticks for line in tick.split("\n"))  # long titles wrapped
    assert [tick.replace("\n", "") for tick in ticks] == [a.aspect for a in ASPECTS]  # and never cut short
    assert "…" not in "".join(ticks) and ticks[2].count("\n") == 2
    assert not ticks[0].split("\n")[1].startswith("、")  # no line starts with a pause mark


def test_burndown_draws_the_weekly_open_items():
    fig = charts._burndown_figure(POINTS)
    ax = fig.axes[0]
    (line,) = ax.lines
    assert list(line.get_ydata()) == [p.open_items for p in POINTS]
    assert ax.get_title() == "未办结问题周趋势" and ax.get_ylabel() == "未办结问题（项）"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "2026\nW45" and ticks[1] == "W46" and ticks[-1] == "2027\nW01"


def test_burndown_thins_its_labels_over_a_long_campaign():
    points = [BurndownPoint(week=f"2026-W{w:02d}", open_items=60 - w) for w in range(1, 53)]
    ax = charts._burndown_figure(points).axes[0]
    assert len(ax.lines[0].get_ydata()) == 52
    assert len(ax.get_xticks()) <= 21


def test_ranking_draws_rates_with_overdue_and_movement():
    fig = charts._ranking_figure(RANKING)
    ax = fig.axes[0]
    (bars,) = ax.containers
    assert [round(bar.get_width(), 2) for bar in bars] == [100.0, 91.67, 75.0, 50.0]  # only units with items due
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "1. 市财政局" and ticks[2].replace("\n", "") == "3. 市住房和城乡建设局（市人民防空办公室）"
    shown = texts(fig)
    for expected in ["100.0%", "91.7%", "1项", "3项", "12项", "↑2", "↓2", "新", "较上月", "超期问题"]:
        assert expected in shown
    assert ax.get_title() == "责任单位按时办结率排名"
    assert "暂无到期问题、不参与排名：市档案馆" in ax.get_xlabel()  # named, not ranked "tied" with the others


def test_ranking_says_when_it_has_nothing_to_rank():
    nothing_due = [RankingRow(rank=1, unit=unit, on_time_rate=None, overdue=0, previous_rank=None, movement="新")
                   for unit in ("办公室", "财务股", "人事股", "信息中心", "服务中心")]
    fig = charts._ranking_figure(nothing_due)
    shown = texts(fig)
    assert "暂无到期问题，本期不排名" in shown
    assert not [ax for ax in fig.axes if ax.containers]  # no bars, no ranks
    assert not [t for t in shown if re.match(r"^\d+\. ", t)]


def test_a_trend_needs_two_weeks():
    fig = charts._burndown_figure(POINTS[:1])
    assert not [ax for ax in fig.axes if ax.lines]  # one point is not a trend
    assert "只有一周的数据，满两周后显示趋势" in texts(fig)
    assert charts._burndown_figure(POINTS[:2]).axes[0].lines
