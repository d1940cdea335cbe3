"""Server-rendered SVG charts, shared by the web pages and the PDF reports.

Every function is pure (no database, no request): it takes plain data and
returns a ``SafeString`` holding one ``<figure class="chart">`` with

* an inline ``<svg role="img">`` with ``<title>`` and ``<desc>`` (screen readers,
  PDF/UA), drawn with fixed colours that keep at least 4.5:1 contrast on white
  and a distinct dash pattern / marker per series (readable in black and white);
* a ``<figcaption>`` and a data table (in ``<div class="chart-data visually-hidden">``):
  the text alternative. On the web Bootstrap hides it visually; in a PDF it
  prints under the chart, which is what an accessible report wants.

No JavaScript, no external fonts or URLs: WeasyPrint draws the same markup
(``reporting.pdf.render_pdf``). Numbers in text are formatted for the active
locale (``1,5`` in Dutch).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import count

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Colour-blind-friendly, dark enough for text and thin lines on white (>= 4.5:1).
PALETTE = ["#1f4e79", "#b34700", "#2e7d32", "#7b1fa2", "#a4161a", "#00695c", "#5d4037", "#37474f"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
MARKERS = ["circle", "square", "diamond", "triangle"]
GRID = "#c8ced6"
AXIS = "#444"
TEXT = "#222"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'

_ids = count(1)


def _uid(prefix: str) -> str:
    # Unique per process so several charts on one page keep distinct ids.
    return f"{prefix}-{next(_ids)}"


def _num(value, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    if decimals is None:
        if isinstance(value, int) or (isinstance(value, float | Decimal) and value == int(value)):
            decimals = 0
        else:
            decimals = 1
    return number_format(value, decimal_pos=decimals)


def _label(x) -> str:
    if isinstance(x, datetime):
        return date_format(x, "SHORT_DATETIME_FORMAT")
    if isinstance(x, date):
        return date_format(x, "SHORT_DATE_FORMAT")
    return str(x)


def _f(value: float) -> str:
    """Coordinates with one decimal, a dot as separator (SVG syntax)."""
    return f"{float(value):.1f}"


def _marker(kind: str, x: float, y: float, colour: str, size: float = 3.5) -> str:
    if kind == "square":
        return (f'<rect x="{_f(x - size)}" y="{_f(y - size)}" width="{_f(2 * size)}" '
                f'height="{_f(2 * size)}" fill="{colour}"/>')
    if kind == "diamond":
        s = size * 1.3
        return (f'<polygon points="{_f(x)},{_f(y - s)} {_f(x + s)},{_f(y)} {_f(x)},{_f(y + s)} '
                f'{_f(x - s)},{_f(y)}" fill="{colour}"/>')
    if kind == "triangle":
        s = size * 1.3
        return (f'<polygon points="{_f(x)},{_f(y - s)} {_f(x + s)},{_f(y + s)} {_f(x - s)},{_f(y + s)}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" fill="{colour}"/>'


def _svg_open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    uid = _uid("chart")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'{FONT} font-size="12">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
    )
    return head, "</svg>"


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    # The wrapper carries visually-hidden: a table ignores the 1px width and would widen a phone's page.
    parts = [f'<div class="chart-data visually-hidden"><table><caption>{escape(caption)}</caption><thead><tr>']
    parts += [f'<th scope="col">{escape(h)}</th>' for h in header]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = list(row)
        parts.append(f'<tr><th scope="row">{escape(cells[0])}</th>')
        parts += [f'<td class="num">{escape(c)}</td>' for c in cells[1:]]
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


# Scales with the screen (a phone) but only on screens: WeasyPrint ignores an SVG's own aspect ratio
# under ``height: auto`` and drew a chart in a box twice its height, so a PDF keeps width/height as drawn.
_SCREEN_ONLY_SCALING = "<style>@media screen{svg.chart-svg{max-width:100%;height:auto}}</style>"


def _figure(svg: str, caption: str, table: str) -> SafeString:
    cap = f'<figcaption class="small text-muted">{escape(caption)}</figcaption>' if caption else ""
    return mark_safe(f'<figure class="chart figure">{_SCREEN_ONLY_SCALING}{svg}{cap}{table}</figure>')


def _legend(labels: Sequence[str], x: float, y: float, *, kind: str = "line") -> tuple[str, float]:
    """A vertical legend; returns (markup, height used)."""
    out = []
    for i, label in enumerate(labels):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        ly = y + i * 18
        if kind == "box":
            out.append(f'<rect x="{_f(x)}" y="{_f(ly - 9)}" width="14" height="12" fill="{colour}"/>')
        else:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{_f(x)}" y1="{_f(ly - 3)}" x2="{_f(x + 22)}" y2="{_f(ly - 3)}" '
                       f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            out.append(_marker(MARKERS[i % len(MARKERS)], x + 11, ly - 3, colour))
        out.append(f'<text x="{_f(x + 30)}" y="{_f(ly + 1)}" fill="{TEXT}">{escape(label)}</text>')
    return "".join(out), len(labels) * 18


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:3] or [""]


# --------------------------------------------------------------------------
# Star diagram (radar)
# --------------------------------------------------------------------------

def star_diagram(
    axes: Sequence[str],
    readings: Sequence[tuple[str, Mapping[str, int | float | None]]],
    *,
    title: str | None = None,
    caption: str = "",
    max_score: int = 5,
    size: int = 420,
) -> SafeString:
    """A radar chart: one spoke per axis (scored 1..max_score), one polygon per reading.

    ``readings`` is ``[(label, {axis: score})]``; a missing axis counts as not
    scored (the polygon passes through the centre there). Readings are overlaid
    in order, each with its own colour, dash pattern and marker, listed in the
    legend with their label (e.g. "12/03/2026 – Sara (coach)")."""
    title = title or _("Stervoorstelling van de waardevragen")
    n = len(axes)
    label_room = 110
    width = size + 160  # room for the axis labels left and right (a wrapped label is ~16 characters)
    cx, cy = width / 2, size / 2
    r = size / 2 - label_room / 1.6
    legend_h = len(readings) * 18 + 12
    height = size - 20 + legend_h
    if readings:
        desc = _("%(n)s lezing(en) op %(axes)s waardevraag/-vragen, schaal 1 tot %(max)s.") % {
            "n": len(readings), "axes": n, "max": max_score,
        }
    else:
        desc = _("Nog geen lezingen.")
    head, tail = _svg_open(width, int(height), title, desc)
    parts = [head]

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        return cx + r * value / max_score * math.cos(angle), cy + r * value / max_score * math.sin(angle)

    if n == 0:
        parts.append(f'<text x="{_f(cx)}" y="{_f(cy)}" text-anchor="middle" fill="{TEXT}">'
                     f'{escape(_("Nog geen waardevragen."))}</text>')
    else:
        # Rings per score level and their numbers on the first spoke.
        for level in range(1, max_score + 1):
            ring = " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, level) for i in range(n)))
            if n >= 3:
                parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
            else:
                parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * level / max_score)}" '
                             f'fill="none" stroke="{GRID}" stroke-width="1"/>')
            lx, ly = point(0, level)
            parts.append(f'<text x="{_f(lx + 4)}" y="{_f(ly + 4)}" font-size="10" fill="{AXIS}">{level}</text>')
        for i, axis in enumerate(axes):
            x, y = point(i, max_score)
            parts.append(f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}" stroke="{GRID}"/>')
            tx, ty = point(i, max_score + 0.35)
            anchor = "middle" if abs(tx - cx) < 8 else ("start" if tx > cx else "end")
            lines = _wrap(axis, 16)
            ty -= (len(lines) - 1) * 6 if ty < cy else 0
            tspans = "".join(
                f'<tspan x="{_f(tx)}" dy="{0 if k == 0 else 13}">{escape(line)}</tspan>'
                for k, line in enumerate(lines)
            )
            parts.append(f'<text x="{_f(tx)}" y="{_f(ty + 4)}" text-anchor="{anchor}" fill="{TEXT}">{tspans}</text>')
        for j, (label, scores) in enumerate(readings):
            colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
            pts = [point(i, float(scores.get(axis) or 0)) for i, axis in enumerate(axes)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in pts)
            shape = "polygon" if n >= 3 else "polyline"
            parts.append(f'<g class="reading"><title>{escape(label)}</title>'
                         f'<{shape} class="area" points="{coords}" fill="{colour}" fill-opacity="0.08" '
                         f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            for i, (x, y) in enumerate(pts):
                if scores.get(axes[i]) is not None:
                    parts.append(_marker(MARKERS[j % len(MARKERS)], x, y, colour))
            parts.append("</g>")
    legend, _h = _legend([label for label, _s in readings], 16, size - 6)
    parts.append(legend)
    parts.append(tail)
    table = _table(
        title,
        [_("Waardevraag"), *[label for label, _s in readings]],
        ([axis, *[_num(scores.get(axis)) for _l, scores in readings]] for axis in axes),
    )
    return _figure("".join(parts), caption, table)


# --------------------------------------------------------------------------
# Line chart
# --------------------------------------------------------------------------

def _x_value(x) -> float | None:
    if isinstance(x, datetime):
        return x.timestamp() / 86400
    if isinstance(x, date):
        return float(x.toordinal())
    return None


def line_chart(
    points: Sequence[tuple[object, float | int | Decimal | None]],
    y_min: float,
    y_max: float,
    *,
    title: str,
    caption: str = "",
    label: str = "",
    other_series: Sequence[tuple[str, Sequence[tuple[object, float | None]]]] = (),
    y_label: str = "",
    y_step: float | None = None,
    value_format: Callable[[object], str] | None = None,
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """Values over time: ``points`` is ``[(x, value)]`` with dates (scaled by
    time) or labels such as "2026 K1" (evenly spaced). ``other_series`` adds
    more lines ``[(label, points)]`` with a legend. ``None`` values leave a gap."""
    fmt = value_format or _num
    series = [(label, list(points)), *[(lbl, list(pts)) for lbl, pts in other_series]]
    series = [(lbl, pts) for lbl, pts in series if pts or lbl]
    xs_all = [x for _l, pts in series for x, _v in pts]
    time_scale = bool(xs_all) and all(_x_value(x) is not None for x in xs_all)
    if time_scale:
        categories = sorted(set(xs_all))
    else:
        categories = list(dict.fromkeys(xs_all))
    legend_needed = len(series) > 1
    legend_h = len(series) * 18 + 10 if legend_needed else 0
    total_h = height + legend_h
    left, right, top, bottom = 48, 20, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    span = float(y_max - y_min) or 1.0
    count_points = sum(1 for _l, pts in series for _x, v in pts if v is not None)
    desc = _("%(n)s meetpunt(en), schaal %(min)s tot %(max)s.") % {
        "n": count_points, "min": fmt(y_min), "max": fmt(y_max),
    }
    if series and series[0][1]:
        first = next((v for _x, v in series[0][1] if v is not None), None)
        last = next((v for _x, v in reversed(series[0][1]) if v is not None), None)
        if first is not None:
            desc += " " + _("Eerste waarde %(first)s, laatste %(last)s.") % {"first": fmt(first), "last": fmt(last)}
    head, tail = _svg_open(width, total_h, title, desc)
    parts = [head]

    def ypos(v) -> float:
        return top + plot_h - (float(v) - y_min) / span * plot_h

    if time_scale and categories:
        lo, hi = _x_value(categories[0]), _x_value(categories[-1])
        width_x = (hi - lo) or 1.0

        def xpos(x) -> float:
            if hi == lo:
                return left + plot_w / 2
            return left + (_x_value(x) - lo) / width_x * plot_w
    else:
        index = {c: i for i, c in enumerate(categories)}

        def xpos(x) -> float:
            if len(categories) <= 1:
                return left + plot_w / 2
            return left + index[x] / (len(categories) - 1) * plot_w

    # Y grid and labels
    step = y_step or (1 if span <= 10 else (span / 5))
    value = float(y_min)
    while value <= y_max + 1e-9:
        y = ypos(value)
        parts.append(f'<line x1="{left}" y1="{_f(y)}" x2="{left + plot_w}" y2="{_f(y)}" stroke="{GRID}"/>')
        parts.append(f'<text class="y-label" x="{left - 6}" y="{_f(y + 4)}" text-anchor="end" font-size="11" '
                     f'fill="{AXIS}">'
                     f'{escape(fmt(value))}</text>')
        value += step
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    if y_label:
        parts.append(f'<text x="12" y="{_f(top + plot_h / 2)}" transform="rotate(-90 12 {_f(top + plot_h / 2)})" '
                     f'text-anchor="middle" font-size="11" fill="{AXIS}">{escape(y_label)}</text>')
    # X labels: at most ~8, first and last always
    if categories:
        # Dates on a time scale cluster: a label is drawn only where it does not overlap the previous
        # one (the last label always wins), and the first/last labels are anchored inside the chart.
        stride = max(1, math.ceil(len(categories) / 8))
        candidates = sorted(set(range(0, len(categories), stride)) | {len(categories) - 1})
        min_gap = max(len(_label(c)) for c in categories) * 6.5 + 8
        shown: list[tuple[float, int]] = []
        for i in candidates:
            x = xpos(categories[i])
            if shown and x - shown[-1][0] < min_gap:
                if i != len(categories) - 1:
                    continue
                while shown and x - shown[-1][0] < min_gap:
                    shown.pop()
            shown.append((x, i))
        for x, i in shown:
            text = _label(categories[i])
            half = len(text) * 3.3
            anchor = "start" if x - half < 0 else ("end" if x + half > width else "middle")
            parts.append(f'<text class="x-label" x="{_f(x)}" y="{top + plot_h + 18}" text-anchor="{anchor}" '
                         f'font-size="11" '
                         f'fill="{AXIS}">{escape(text)}</text>')
    else:
        parts.append(f'<text x="{_f(left + plot_w / 2)}" y="{_f(top + plot_h / 2)}" text-anchor="middle" '
                     f'fill="{TEXT}">{escape(_("Nog geen meetpunten."))}</text>')
    for j, (lbl, pts) in enumerate(series):
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        markers = []
        for x, v in sorted(pts, key=lambda p: (_x_value(p[0]) if time_scale else categories.index(p[0]))):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            px, py = xpos(x), ypos(v)
            segment.append(f"{_f(px)},{_f(py)}")
            markers.append(_marker(MARKERS[j % len(MARKERS)], px, py, colour))
        if segment:
            segments.append(segment)
        parts.append(f'<g class="series"><title>{escape(lbl or title)}</title>')
        for seg in segments:
            if len(seg) > 1:
                parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                             f'stroke-width="2.5"{dash_attr}/>')
        parts.extend(markers)
        parts.append("</g>")
    if legend_needed:
        legend, _h = _legend([lbl for lbl, _p in series], 16, height + 12)
        parts.append(legend)
    parts.append(tail)
    if len(series) == 1:
        rows = ([_label(x), fmt(v)] for x, v in series[0][1])
        table = _table(title, ["", series[0][0] or _("Waarde")], rows)
    else:
        lookup = [dict(pts) for _l, pts in series]
        rows = ([_label(c), *[fmt(d.get(c)) if d.get(c) is not None else "–" for d in lookup]] for c in categories)
        table = _table(title, ["", *[lbl for lbl, _p in series]], rows)
    return _figure("".join(parts), caption, table)


# --------------------------------------------------------------------------
# Bar chart
# --------------------------------------------------------------------------

def bar_chart(
    data: Mapping[str, float | int | Decimal | Mapping[str, float | int | Decimal]]
    | Sequence[tuple[str, float | int | Decimal | Mapping[str, float | int | Decimal]]],
    *,
    title: str,
    caption: str = "",
    value_format: Callable[[object], str] | None = None,
    width: int = 640,
    bar_height: int = 20,
) -> SafeString:
    """Horizontal bars (long Dutch labels fit): ``{category: value}``, or
    ``{category: {series: value}}`` for grouped bars with a legend."""
    fmt = value_format or _num
    items = list(data.items()) if isinstance(data, Mapping) else list(data)
    grouped = any(isinstance(v, Mapping) for _c, v in items)
    if grouped:
        series_names = list(dict.fromkeys(s for _c, v in items for s in (v or {})))
    else:
        series_names = [""]

    def values_of(v) -> list[float]:
        if grouped:
            return [float((v or {}).get(s) or 0) for s in series_names]
        return [float(v or 0)]

    max_value = max((val for _c, v in items for val in values_of(v)), default=0) or 1.0
    label_w = min(240, max((len(str(c)) for c, _v in items), default=10) * 7 + 12)
    left, right, top = label_w, 60, 10
    group_h = bar_height * len(series_names) + 10
    plot_h = max(group_h * len(items), 30)
    legend_h = len(series_names) * 18 + 10 if grouped else 0
    height = top + plot_h + 10 + legend_h
    plot_w = width - left - right
    total = sum(sum(values_of(v)) for _c, v in items)
    desc = _("%(n)s categorie(ën), totaal %(total)s.") % {"n": len(items), "total": fmt(total)}
    head, tail = _svg_open(width, int(height), title, desc)
    parts = [head]
    if not items:
        parts.append(f'<text x="{_f(width / 2)}" y="{_f(top + 18)}" text-anchor="middle" fill="{TEXT}">'
                     f'{escape(_("Nog geen gegevens."))}</text>')
    for i, (category, v) in enumerate(items):
        gy = top + i * group_h
        parts.append(f'<text x="{left - 8}" y="{_f(gy + group_h / 2)}" text-anchor="end" fill="{TEXT}" '
                     f'dominant-baseline="middle">{escape(str(category)[:34])}</text>')
        for k, val in enumerate(values_of(v)):
            colour = PALETTE[k % len(PALETTE)]
            w = val / max_value * plot_w
            y = gy + 5 + k * bar_height
            parts.append(f'<rect x="{left}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{bar_height - 4}" '
                         f'fill="{colour}"><title>{escape(str(category))}'
                         f'{" – " + escape(series_names[k]) if grouped else ""}: {escape(fmt(val))}</title></rect>')
            parts.append(f'<text x="{_f(left + w + 4)}" y="{_f(y + (bar_height - 4) / 2)}" font-size="11" '
                         f'dominant-baseline="middle" fill="{TEXT}">{escape(fmt(val))}</text>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    if grouped:
        legend, _h = _legend(series_names, 16, top + plot_h + 24, kind="box")
        parts.append(legend)
    parts.append(tail)
    if grouped:
        rows = ([str(c), *[fmt(x) for x in values_of(v)]] for c, v in items)
        table = _table(title, ["", *series_names], rows)
    else:
        table = _table(title, ["", _("Waarde")], ([str(c), fmt(v)] for c, v in items))
    return _figure("".join(parts), caption, table)
