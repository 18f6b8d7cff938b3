"""Charts as static SVG, drawn at build time with matplotlib (the only module that knows it).

A Chart is plain data: categories, one or more series and how to draw them. draw() turns it into
SVG bytes that are the same on every build: a fixed hash salt for the ids, the data's date (not the
build's) and no creator in the file, text drawn as paths with DejaVu Sans (which ships with
matplotlib), so the file needs no font and nothing from another host. The page next to each chart has its numbers as a table, so
the SVG itself is embedded as an image with a text alternative.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import matplotlib

matplotlib.use("svg")

from matplotlib.figure import Figure  # noqa: E402 (the backend is chosen first)
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .text import decimal_sv  # noqa: E402

GAP = "uppgift saknas"

# Colours with at least 4.5:1 against white, told apart by pattern and label as well.
INK = "#1f1f1f"
GRID = "#767676"
STYLES: dict[str, dict[str, Any]] = {
    "primary": {"facecolor": "#303f9f", "edgecolor": "#303f9f", "hatch": None},
    "secondary": {"facecolor": "#ffffff", "edgecolor": "#303f9f", "hatch": "xx"},
    "listed": {"facecolor": "#303f9f", "edgecolor": "#303f9f", "hatch": None},
    "listed_inferred": {"facecolor": "#ffffff", "edgecolor": "#303f9f", "hatch": "///"},
    "removed": {"facecolor": "#a33e00", "edgecolor": "#a33e00", "hatch": None},
    "removed_inferred": {"facecolor": "#ffffff", "edgecolor": "#a33e00", "hatch": "\\\\\\"},
    "listed_disputed": {"facecolor": "#ffffff", "edgecolor": "#303f9f", "hatch": "oo"},
    "removed_disputed": {"facecolor": "#ffffff", "edgecolor": "#a33e00", "hatch": "oo"},
}

RC = {
    "svg.hashsalt": "ods-portalen",
    "svg.fonttype": "path",
    # Text from data is text: "$x$" in a label is shown as written, never set as a formula.
    "text.parse_math": False,
    "svg.image_inline": True,
    "font.family": "DejaVu Sans",
    "font.size": 13,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 1.6,
    "path.simplify": False,
}
WIDTH_IN = 5.2
# A time axis needs more room: a year is a fixed width, and the one-year steps (2023, 2024, 2025)
# must still fit their labels side by side.
WIDTH_IN_TIME = 6.2


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: the figure is unknown ("uppgift saknas"), never zero
    style: str = "primary"
    stack: str = ""  # series with the same stack are drawn on top of each other


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_label: str
    horizontal: bool = False  # bars from the left, for long category names
    max: float | None = None
    percent: bool = False
    legend: tuple[tuple[str, str], ...] = field(default=())  # (style, text); default: the series
    # Where each category stands on the axis, for a time axis: years as numbers (2017.0, 2024.1), so
    # the space between two rounds is the time between them. Empty: evenly spaced, 0, 1, 2 …
    positions: tuple[float, ...] = ()
    # Said inside the SVG file, so that a chart saved on its own still says what it is and where its
    # figures come from: the sources in words and the newest source's date in words ("20 februari
    # 2024"), never the build's clock.
    sources: tuple[str, ...] = ()
    date: str = ""

    @property
    def stacks(self) -> list[list[Series]]:
        groups: dict[str, list[Series]] = {}
        for s in self.series:
            groups.setdefault(s.stack or s.name, []).append(s)
        return list(groups.values())

    def label(self, value: float | None) -> str:
        if value is None:
            return GAP
        return decimal_sv(value) + ("\u00a0%" if self.percent else "")

    @property
    def at(self) -> tuple[float, ...]:
        return self.positions or tuple(float(i) for i in range(len(self.categories)))

    @property
    def step(self) -> float:
        """The shortest distance between two categories: the room one group of bars has."""
        at = self.at
        return min((b - a for a, b in zip(at, at[1:], strict=False)), default=1.0)

    @property
    def description(self) -> str:
        """The SVG's <desc>: the title, the source and the date, in Swedish."""
        parts = [self.title + "."]
        if self.sources:
            parts.append(("Källa: " if len(self.sources) == 1 else "Källor: ") + "; ".join(self.sources) + ".")
        if self.date:
            parts.append(f"Den senaste källan är från {self.date}.")
        return " ".join(parts + ["Ur ÖDS-portalen, sidan Statistik."])


def draw(chart: Chart) -> bytes:
    """The chart as a standalone SVG document, byte for byte the same for the same chart."""
    with matplotlib.rc_context(RC):
        fig = _figure(chart)
        buffer = io.BytesIO()
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            pad_inches=0.08,
            # No RDF block: <title> and <desc> (in _clean) say what it is, where from and when, in words.
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    return _clean(buffer.getvalue().decode("utf-8"), chart).encode("utf-8")


def _figure(chart: Chart) -> Figure:
    n = len(chart.categories)
    height = (0.9 + 0.62 * n * max(1, len(chart.stacks) * 0.8)) if chart.horizontal else 3.9
    fig = Figure(figsize=(WIDTH_IN_TIME if chart.positions else WIDTH_IN, height))
    ax = fig.add_subplot()
    stacks = chart.stacks
    at, step = chart.at, chart.step
    slot = 0.8 * step / len(stacks)
    top = max([sum(v or 0 for v in col) for st in stacks for col in zip(*(s.values for s in st), strict=True)] + [1])
    limit = chart.max or top
    bar = ax.barh if chart.horizontal else ax.bar
    for k, stack in enumerate(stacks):
        offset = (k - (len(stacks) - 1) / 2) * slot
        base = [0.0] * n
        for s in stack:
            style = STYLES[s.style]
            for i, v in enumerate(s.values):
                if v is None:
                    continue
                pos = at[i] + offset
                kw: dict[str, Any] = {"left" if chart.horizontal else "bottom": base[i]}
                bar(
                    pos,
                    v,
                    slot * 0.92,
                    facecolor=style["facecolor"],
                    edgecolor=style["edgecolor"],
                    hatch=style["hatch"],
                    linewidth=1.4,
                    **kw,
                )
                base[i] += v
        for i in range(n):
            values = [s.values[i] for s in stack]
            known = None if all(v is None for v in values) else sum(v or 0 for v in values)
            if known is None and all(v is None for st in stacks for v in (s.values[i] for s in st)):
                if k == 0:  # nothing known for this category: one label where its bars would be
                    _value_label(ax, chart, at[i], None, limit)
            elif known is None:
                _gap_in_group(ax, chart, at[i] + offset, limit)
            else:
                _value_label(ax, chart, at[i] + offset, known, limit)
    _axes(ax, chart, limit)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    entries = chart.legend or tuple((s.style, s.name) for s in chart.series) if len(chart.series) > 1 else ()
    if entries:
        handles = [
            Patch(
                facecolor=STYLES[st]["facecolor"],
                edgecolor=STYLES[st]["edgecolor"],
                hatch=STYLES[st]["hatch"],
                linewidth=1.4,
                label=text,
            )
            for st, text in entries
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=1 if max(len(t) for _, t in entries) > 26 else min(2, len(handles)),
            frameon=False,
            handlelength=2.2,
            handleheight=1.3,
            fontsize=12,
        )
    fig.tight_layout()
    return fig


def _axes(ax, chart: Chart, limit: float) -> None:
    """The value axis in Swedish numbers and the categories at their places (a time axis: at their dates)."""
    n, at, step = len(chart.categories), chart.at, chart.step
    axis = ax.xaxis if chart.horizontal else ax.yaxis
    axis.set_major_locator(MaxNLocator(nbins=5, integer=not chart.percent))
    axis.set_major_formatter(FuncFormatter(lambda v, _: decimal_sv(v)))
    wrapped = [textwrap.fill(c, 18) for c in chart.categories]
    if chart.horizontal:
        ax.set_yticks(range(n), wrapped)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, limit * 1.18)
        ax.set_xlabel(chart.axis_label)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        return
    ax.set_xticks(at, wrapped)
    ax.set_xlim(at[0] - step * 0.6, at[-1] + step * 0.6)
    if chart.positions:  # a small tick each year, so that the gaps read as time
        ax.set_xticks([float(y) for y in range(int(at[0]), int(at[-1]) + 1)], minor=True)
        ax.tick_params(axis="x", labelsize=12)
    ax.set_ylim(0, limit * 1.18)
    ax.set_ylabel(chart.axis_label)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)


def _value_label(ax, chart: Chart, pos: float, value: float | None, limit: float) -> None:
    """The number at the end of a bar, or 'uppgift saknas' where the bar would be."""
    text = chart.label(value)
    gap = value is None
    at = 0.0 if value is None else value
    style = {"fontsize": 11 if gap else 12, "color": INK, "fontstyle": "italic" if gap else "normal"}
    if chart.horizontal:
        ax.text(at + limit * 0.015, pos, text, va="center", ha="left", **style)
    elif gap:
        ax.text(pos, limit * 0.03, "uppgift\nsaknas", va="bottom", ha="center", **style)
    else:
        ax.text(pos, at + limit * 0.015, text, va="bottom", ha="center", **style)


def _gap_in_group(ax, chart: Chart, pos: float, limit: float) -> None:
    """One unknown bar beside known ones: the words stand upright where the bar would be."""
    style = {"fontsize": 10, "color": INK, "fontstyle": "italic"}
    if chart.horizontal:
        ax.text(limit * 0.015, pos, GAP, va="center", ha="left", **style)
    else:
        ax.text(pos, limit * 0.03, GAP, va="bottom", ha="center", rotation=90, **style)


_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)


def _clean(svg: str, chart: Chart) -> str:
    """No DOCTYPE (it names a DTD on another host); a <title> and <desc> for anyone who opens the file
    alone, the <title> the same words as the page's alt text."""
    svg = _DOCTYPE.sub("", svg)
    title, desc = xml_escape(chart.title), xml_escape(chart.description)  # text in SVG: & < >
    return re.sub(
        r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n <title>{title}</title>\n <desc>{desc}</desc>", svg, count=1
    )


def size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels, from the viewBox, for the <img> element."""
    box = re.search(rb'viewBox="([\d.\s-]+)"', svg)
    if not box:
        return 640, 400
    _, _, w, h = (float(x) for x in box.group(1).split())
    return round(w * 4 / 3), round(h * 4 / 3)
