"""Bar charts as inline SVG (no script): existing count against target, per département."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sts_graph.publish.typography import french_number

WIDTH, LABEL, ROW, BAR = 640, 150, 30, 10
EXISTING, TARGET, RANGE = "#3a5f8f", "#e0913a", "#f3cc9c"


@dataclass(frozen=True)
class Bar:
    """One département's row: its existing count and its target range (None: not stated)."""

    label: str
    existing: int | None
    target_min: int | None
    target_max: int | None

    def summary(self) -> str:
        existing = "n.d." if self.existing is None else str(self.existing)
        if self.target_min is None:
            target = "n.d."
        elif self.target_min == self.target_max:
            target = str(self.target_min)
        else:
            target = f"{self.target_min}–{self.target_max}"
        return f"existant {existing}, cible {target}"


def _opening(width: int, height: int, title: str) -> list[str]:
    """The ``<svg>`` element's start and its accessible title."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _legend(keys: list[tuple[int, int, int, str, str]]) -> str:
    """The legend above a chart: for each key, at *x* from the labels, a swatch of
    *width* × *height* in *colour*, then its *text*."""
    return "".join(
        f'<rect x="{LABEL + x}" y="4" width="{width}" height="{height}" fill="{colour}"/>'
        f'<text x="{LABEL + x + width + 4}" y="13">{text}</text>'
        for x, width, height, colour, text in keys
    )


def bar_chart(title: str, bars: list[Bar]) -> str:
    """An SVG comparing existing and target for each bar, on one shared scale."""
    top = 24
    height = top + ROW * len(bars) + 4
    values = [v for b in bars for v in (b.existing, b.target_max) if v is not None]
    scale = (WIDTH - LABEL - 150) / max([1, *values])
    parts = [
        *_opening(WIDTH, height, title),
        _legend([(0, 10, 10, EXISTING, "existant"), (90, 10, 10, TARGET, "cible (min–max)")]),
    ]
    for index, bar in enumerate(bars):
        y = top + index * ROW
        parts.append(f"<g><title>{escape(bar.label)} : {bar.summary()}</title>")
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.existing is not None:
            parts.append(
                f'<rect x="{LABEL}" y="{y + 2}" width="{bar.existing * scale:.1f}" '
                f'height="{BAR}" fill="{EXISTING}"/>'
            )
        if bar.target_min is not None and bar.target_max is not None:
            parts.append(
                f'<rect x="{LABEL}" y="{y + 2 + BAR}" width="{bar.target_min * scale:.1f}" '
                f'height="{BAR}" fill="{TARGET}"/>'
                f'<rect x="{LABEL + bar.target_min * scale:.1f}" y="{y + 2 + BAR}" '
                f'width="{(bar.target_max - bar.target_min) * scale:.1f}" height="{BAR}" '
                f'fill="{RANGE}"/>'
            )
        parts.append(
            f'<text x="{WIDTH - 145}" y="{y + 14}" class="value">{bar.summary()}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    """One département's value of an indicator, with the Occitanie and France values
    its plan prints beside it (None: not printed)."""

    label: str
    value: float
    occitanie: float | None
    france: float | None


OCCITANIE, FRANCE = "#c0392b", "#2c3e50"
WIDE = 860  # an indicator chart, which writes three values a row


def indicator_chart(title: str, unit: str, points: list[Point]) -> str:
    """An SVG bar per département, its plan's Occitanie (red) and France (dark) values
    marked across its bar, on one scale from 0."""
    top, width, text = 24, WIDE, 290  # text: the width of the values written at the right
    height = top + ROW * len(points) + 4
    values = [v for p in points for v in (p.value, p.occitanie, p.france) if v is not None]
    scale = (width - LABEL - text) / max([1e-9, *values])
    parts = [
        *_opening(width, height, title),
        _legend(
            [
                (0, 10, 10, EXISTING, "département"),
                (110, 3, 12, OCCITANIE, "Occitanie"),
                (200, 3, 12, FRANCE, "France"),
            ]
        ),
    ]
    for index, point in enumerate(points):
        y = top + index * ROW
        summary = _indicator_summary(point, unit)
        parts.append(f"<g><title>{escape(point.label)} : {escape(summary)}</title>")
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(point.label)}</text>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{point.value * scale:.1f}" '
            f'height="{BAR + 4}" fill="{EXISTING}"/>'
        )
        for reference, colour in ((point.occitanie, OCCITANIE), (point.france, FRANCE)):
            if reference is not None:
                parts.append(
                    f'<rect x="{LABEL + reference * scale - 1.5:.1f}" y="{y}" width="3" '
                    f'height="{BAR + 12}" fill="{colour}"/>'
                )
        parts.append(
            f'<text x="{width - text + 5}" y="{y + 14}" class="value">{escape(summary)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _indicator_summary(point: Point, unit: str) -> str:
    def shown(value: float | None) -> str:
        return "n.d." if value is None else f"{french_number(format(value, 'g'))} {unit}".strip()

    return f"{shown(point.value)} (Occ. {shown(point.occitanie)}, Fr. {shown(point.france)})"
