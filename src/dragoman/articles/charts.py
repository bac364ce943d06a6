"""The admin's activity page: articles per day per source, and engine characters per day, as charts; then
what the engines cost, the budgets and the translations waiting for one (:mod:`dragoman.budgets.report`).

The charts are SVG drawn here, inline in the page: no script (the admin's Content-Security-Policy allows
only its own), no external library. Every name in them is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from dragoman.articles.models import Article, EngineUsage
from dragoman.articles.waiting import waiting
from dragoman.budgets.report import spending

#: Days shown.
DAYS = 30
#: Colours of the series (the largest first), then grey for the rest taken together.
PALETTE = ["#2f6690", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#3a3335", "#f28482"]
OTHERS = "#b0b0b0"


@dataclass
class Chart:
    title: str
    svg: SafeString
    total: int


def stacked_bars(days: list[date], series: dict[str, dict[date, int]], *, unit: str) -> SafeString:
    """Stacked bars, one per day, one colour per series (the largest :data:`PALETTE` series by total,
    the rest summed as "others"), with a legend and the day axis."""
    ranked = sorted(series, key=lambda name: -sum(series[name].values()))
    shown = ranked[: len(PALETTE)]
    rest = ranked[len(PALETTE) :]
    layers = [(name, PALETTE[i], series[name]) for i, name in enumerate(shown)]
    if rest:
        layers.append((f"{len(rest)} others", OTHERS, {d: sum(series[n].get(d, 0) for n in rest) for d in days}))
    totals = [sum(values.get(d, 0) for _, _, values in layers) for d in days]
    peak = max(totals, default=0) or 1
    width, height, left, bottom = 760, 220, 56, 24
    step = (width - left) / max(len(days), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + bottom + 18 * ((len(layers) + 3) // 4) + 8}" '
             f'role="img" width="100%">']  # fmt: skip
    parts.append(f'<text x="0" y="12" font-size="11" fill="#444">{peak:,} {escape(unit)}</text>')
    parts.append(f'<line x1="{left}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>')
    for index, day in enumerate(days):
        x = left + index * step
        y = height
        for name, colour, values in layers:
            value = values.get(day, 0)
            if not value:
                continue
            h = (height - 16) * value / peak
            y -= h
            parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" fill="{colour}">'
                         f"<title>{escape(name)}, {day.isoformat()}: {value:,} {escape(unit)}</title></rect>")  # fmt: skip
        if index % 5 == 0 or index == len(days) - 1:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height + 14}" font-size="10" text-anchor="middle" fill="#444">'
                         f"{day.strftime('%d %b')}</text>")  # fmt: skip
    for i, (name, colour, values) in enumerate(layers):
        lx, ly = (i % 4) * (width // 4), height + bottom + 18 * (i // 4)
        total = sum(values.values())
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 16}" y="{ly + 10}" font-size="11" fill="#222">{escape(name[:40])} ({total:,})</text>')  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here, every outside string escaped


def activity_charts(today: date | None = None) -> list[Chart]:
    today = today or timezone.localdate()
    days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    start = days[0]
    articles: dict[str, dict[date, int]] = {}
    rows = (
        Article.objects.filter(extracted_at__date__gte=start)
        .annotate(day=TruncDate("extracted_at"))
        .values_list("entry__source__name", "entry__source__url", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for name, url, day, n in rows:
        articles.setdefault(name or url, {})[day] = n
    characters: dict[str, dict[date, int]] = {}
    for engine, day, n in EngineUsage.objects.filter(day__gte=start).values_list("engine", "day").annotate(n=Sum("characters")).order_by():
        characters.setdefault(engine, {})[day] = n
    return [
        Chart("Articles per day, per source", stacked_bars(days, articles, unit="articles"),
              sum(sum(v.values()) for v in articles.values())),
        Chart("Characters sent to engines per day", stacked_bars(days, characters, unit="characters"),
              sum(sum(v.values()) for v in characters.values())),
    ]  # fmt: skip


def activity(request):
    """The page (staff only: urls.py wraps it in the admin site's ``admin_view``)."""
    from django.contrib import admin

    context = {**admin.site.each_context(request), "title": "Activity", "charts": activity_charts(), "days": DAYS,
               "spending": spending(waiting=waiting())}  # fmt: skip
    return render(request, "admin/dragoman/activity.html", context)
