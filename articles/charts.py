"""Bar charts people read: articles over time, as SVG drawn on the server.

A chart has labelled axes (years, or months within one year, along the bottom; the count
up the side), an accessible title and description, and each bar links to that period's
search. The same periods are listed as links below it, for keyboard and screen-reader
users (the bars themselves are left out of the tab order: a career can have 600 months).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 600, 130
LEFT, RIGHT, TOP, BOTTOM = 44, 6, 14, 22  # margins: the count's labels, the years'
MIN_PERIODS = 24  # a short run of months is still drawn two years wide
MAX_MONTHS = 120  # a longer run is drawn by year
LABEL_GAP = 44  # px between two labels on the time axis, at least
STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
# A bar: a full-height transparent area to click, the bar drawn in it, its label.
BAR = "".join(
    [
        '<a href="{}" tabindex="-1">',
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart__hit"></rect>',
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart__bar"></rect>',
        "<title>{}</title></a>",
    ]
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    count: int

    def label(self, by: str) -> str:
        return f"{self.start:%Y}" if by == "year" else f"{self.start:%B %Y}"


@dataclass(frozen=True)
class Chart:
    """A drawn chart and what a reader is told of it."""

    id: str
    title: str
    description: str
    svg: SafeString
    periods: list[tuple[Period, str]]  # (period, its search's address), for the list
    by: str  # "year" or "month"
    note: str = ""  # said under the chart: how the counts were made, when approximate

    def __bool__(self) -> bool:
        return bool(self.periods)

    def listed(self) -> list[tuple[str, int, str]]:
        """(label, count, url) of each period with articles, for the list under the chart."""
        return [(p.label(self.by), p.count, url) for p, url in self.periods if p.count]

    def list_html(self) -> SafeString:
        """The periods as list items of links (built here: a template loop over hundreds of
        them cost more than the rest of the page)."""
        return format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="count">{}</span></li>',
            ((url, label, f"{count:,}") for label, count, url in self.listed()),
        )


def months(counts: dict[tuple[int, int], int]) -> list[Period]:
    """Every month from the first with articles to the last, empty ones included."""
    if not counts:
        return []
    (y0, m0), (y1, m1) = min(counts), max(counts)
    out = []
    for i in range((y1 - y0) * 12 + m1 - m0 + 1):
        year, month = divmod(m0 - 1 + i, 12)
        year += y0
        last = calendar.monthrange(year, month + 1)[1]
        out.append(
            Period(
                date(year, month + 1, 1),
                date(year, month + 1, last),
                counts.get((year, month + 1), 0),
            )
        )
    return out


def by_month_or_year(counts: dict[tuple[int, int], int]) -> tuple[list[Period], str]:
    """Months, while they fit in MAX_MONTHS; beyond that years (a bar a month over decades
    is a pixel wide, and too small to follow)."""
    if counts and (max(counts)[0] - min(counts)[0]) * 12 + max(counts)[1] - min(counts)[1] < (
        MAX_MONTHS
    ):
        return months(counts), "month"
    per_year: dict[int, int] = {}
    for (year, _), n in counts.items():
        per_year[year] = per_year.get(year, 0) + n
    return years(per_year), "year"


def years(counts: dict[int, int]) -> list[Period]:
    """Every year from the first with articles to the last, empty ones included."""
    if not counts:
        return []
    return [
        Period(date(y, 1, 1), date(y, 12, 31), counts.get(y, 0))
        for y in range(min(counts), max(counts) + 1)
    ]


def _nice_step(per_unit: float) -> int:
    return next((s for s in STEPS if s * per_unit >= LABEL_GAP), STEPS[-1])


def bar_chart(
    periods: list[Period],
    *,
    by: str,
    id: str,
    title: str,
    noun: str,
    link: Callable[[Period], str],
    note: str = "",
) -> Chart:
    """A chart of `periods` (consecutive months or years, as `by` says), bars linking to
    `link(period)`; `noun` is what is counted ("article")."""
    linked = [(p, link(p)) for p in periods]
    if not periods or not any(p.count for p in periods):
        return Chart(id, title, f"No {noun}s.", mark_safe(""), [], by, note)
    peak = max(p.count for p in periods)
    total = sum(p.count for p in periods)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slots = max(len(periods), MIN_PERIODS if by == "month" else 1)
    offset = slots - len(periods)
    step = plot_w / slots
    base = TOP + plot_h
    parts = [
        # The count's axis: 0 and the peak, with a rule at the peak.
        format_html(
            '<g class="chart__axis" aria-hidden="true">'
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<text x="{}" y="{}" text-anchor="end">0</text>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart__grid"></line>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart__base"></line>'
            '<text x="{}" y="9" text-anchor="start" class="chart__unit">{}s a {}</text></g>',
            LEFT - 4,
            TOP + 4,
            f"{peak:,}",
            LEFT - 4,
            base,
            LEFT,
            TOP,
            WIDTH - RIGHT,
            TOP,
            LEFT,
            base,
            WIDTH - RIGHT,
            base,
            LEFT,
            noun.capitalize(),
            by,
        )
    ]
    bars = []
    for i, (period, url) in enumerate(linked):
        if not period.count:
            continue
        h = max(1.0, plot_h * period.count / peak)
        x = LEFT + (offset + i) * step
        label = f"{period.label(by)}: {period.count:,} {noun}{'s' if period.count != 1 else ''}"
        bars.append(
            (
                url,
                f"{x:.2f}",
                TOP,
                f"{max(step, 1.0):.2f}",
                plot_h,
                f"{x + step * 0.05:.2f}",
                f"{base - h:.2f}",
                f"{max(step * 0.9, 1.0):.2f}",
                f"{h:.2f}",
                label,
            )
        )
    parts.append(
        format_html_join(
            "",
            BAR,
            bars,
        )
    )
    parts.append(_time_axis(periods, by, offset, step, base))
    first, last = periods[0].label(by), periods[-1].label(by)
    description = f"{total:,} {noun}{'s' if total != 1 else ''}" + (
        f" in {first}."
        if first == last
        else f" from {first} to {last}; at most {peak:,} in one {by}."
    )
    return Chart(id, title, description, mark_safe("".join(parts)), linked, by, note)


def _time_axis(periods: list[Period], by: str, offset: int, step: float, base: float) -> str:
    """Ticks and labels along the bottom: years (every 1, 2, 5, 10... so they fit), or the
    months of a single year."""
    marks = []
    if by == "month" and periods[0].start.year == periods[-1].start.year and len(periods) <= 12:
        for i, p in enumerate(periods):
            marks.append((LEFT + (offset + i + 0.5) * step, f"{p.start:%b}", False))
        marks.append((LEFT + (offset + len(periods) / 2) * step, "", False))
    else:
        per_year = step * (12 if by == "month" else 1)
        every = _nice_step(per_year)
        for i, p in enumerate(periods):
            if p.start.month != 1 and not (i == 0 and by == "month"):
                continue
            if p.start.year % every:
                continue
            x = LEFT + (offset + i) * step
            if by == "year":
                x += step / 2
            marks.append((x, f"{p.start:%Y}", True))
    return format_html(
        '<g class="chart__axis" aria-hidden="true">{}</g>',
        format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart__tick"></line>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            (
                (
                    f"{x:.1f}",
                    base,
                    f"{x:.1f}",
                    base + (4 if tick else 0),
                    f"{x:.1f}",
                    base + 15,
                    text,
                )
                for x, text, tick in marks
                if text
            ),
        ),
    )
