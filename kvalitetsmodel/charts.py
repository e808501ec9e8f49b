"""Server-side SVG spider (radar) chart of theme scores, current against previous.

The SVG carries a title and description; pages show a table of the same numbers beside it, so the
chart never carries meaning alone. Both series use a line style as well as a colour (solid/dashed).
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

MAX = 5


def _fmt(v) -> str:
    return f"{v:.2f}".replace(".", ",") if v is not None else "–"


def _point(cx, cy, r, i, n, value) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    dist = r * float(value) / MAX
    return cx + dist * math.cos(angle), cy + dist * math.sin(angle)


def spider_svg(labels: list[str], nu: list[Decimal | None], foer: list[Decimal | None] | None = None, *,
               size: int = 420, title: str = "Spindelvæv over temaernes score") -> str:
    n = len(labels)
    if n < 3:
        return ""
    pad = 95
    r = (size - 2 * pad) / 2
    cx = cy = size / 2
    parts = [format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="spider-title spider-desc" class="tilsyn-spider" font-family="DejaVu Sans, IBM Plex Sans, sans-serif">'
        '<title id="spider-title">{}</title><desc id="spider-desc">{}</desc>',
        size, size, size, size, title,
        "; ".join(f"{lbl}: {_fmt(nu[i])}" + (f" (før {_fmt(foer[i])})" if foer else "") for i, lbl in enumerate(labels)),
    )]
    for level in range(1, MAX + 1):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, r, i, n, level) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
        x, y = _point(cx, cy, r, 0, n, level)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#666">{level}</text>')
    for i, label in enumerate(labels):
        x, y = _point(cx, cy, r, i, n, MAX)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8c8c8" stroke-width="1"/>')
        lx, ly = _point(cx, cy, r + 14, i, n, MAX)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        words = label.split()
        lines, line = [], ""
        for w in words:
            if len(line) + len(w) > 16 and line:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
        dy = -6 * (len(lines) - 1) if ly < cy else 4
        tspans = "".join(
            f'<tspan x="{lx:.1f}" dy="{(dy if j == 0 else 12)}">{escape(t)}</tspan>' for j, t in enumerate(lines)
        )
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="{anchor}" fill="#222">{tspans}</text>')

    def series(values, stroke, dash, fill, name):
        if not any(v is not None for v in values):
            return
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (
            _point(cx, cy, r, i, n, v if v is not None else 0) for i, v in enumerate(values)))
        parts.append(f'<polygon points="{pts}" fill="{fill}" stroke="{stroke}" stroke-width="2.5" '
                     f'stroke-dasharray="{dash}"><title>{escape(name)}</title></polygon>')
        for i, v in enumerate(values):
            if v is not None:
                x, y = _point(cx, cy, r, i, n, v)
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{stroke}"/>')

    if foer:
        series(foer, "#7a7a7a", "6 4", "rgba(122,122,122,0.08)", "Forrige vurdering")
    series(nu, "#0059b3", "none", "rgba(0,89,179,0.18)", "Denne vurdering")
    ly = size - 18
    parts.append(f'<line x1="20" y1="{ly}" x2="50" y2="{ly}" stroke="#0059b3" stroke-width="2.5"/>'
                 f'<text x="56" y="{ly + 4}" font-size="11">Denne vurdering (fuld linje)</text>')
    if foer:
        parts.append(f'<line x1="230" y1="{ly}" x2="260" y2="{ly}" stroke="#7a7a7a" stroke-width="2.5" '
                     f'stroke-dasharray="6 4"/><text x="266" y="{ly + 4}" font-size="11">Forrige (stiplet)</text>')
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every text part is escaped above
