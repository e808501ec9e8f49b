"""Template helpers used across all apps (loaded as builtins)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()

MAANEDER = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
            "oktober", "november", "december"]


@register.filter
def dato(value) -> str:
    """23. november 2026"""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day}. {MAANEDER[value.month - 1]} {value.year}"


@register.filter
def kortdato(value) -> str:
    """23.11.2026"""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


@register.filter
def tidspunkt(value) -> str:
    """23.11.2026 kl. 14.05"""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{kortdato(value)} kl. {value.hour:02d}.{value.minute:02d}"


@register.filter
def komma(value, decimals: int = 1) -> str:
    """Decimal comma: 4,2"""
    if value is None or value == "":
        return "–"
    return f"{float(value):.{int(decimals)}f}".replace(".", ",")


RISIKO_BADGE = {"roed": ("badge-error", "Rød"), "gul": ("badge-warning", "Gul"), "groen": ("badge-success", "Grøn")}


@register.simple_tag
def risiko_badge(kategori: str):
    """Colour and word together: never colour alone."""
    css, label = RISIKO_BADGE.get(kategori or "", ("badge-info", "Ikke vurderet"))
    return format_html('<span class="badge {} risiko-badge risiko-{}">{}</span>', css, kategori or "ingen", label)


@register.simple_tag
def dage_til(value, today=None):
    if not value:
        return ""
    today = today or timezone.localdate()
    days = (value - today).days
    if days < 0:
        return f"{-days} dage over"
    if days == 0:
        return "i dag"
    return "i morgen" if days == 1 else f"om {days} dage"


@register.simple_tag(takes_context=True)
def url_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (filters stay in the URL)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in kwargs:
        params.pop("page", None)
    return "?" + urlencode(sorted(params.lists()), doseq=True)


def _sort_state(context, field: str) -> tuple[str, str]:
    current = context["request"].GET.get("sort", "")
    new = f"-{field}" if current == field else field
    state = "ascending" if current == field else "descending" if current == f"-{field}" else "none"
    return url_with(context, sort=new), state


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label: str):
    href, state = _sort_state(context, field)
    hint = {"ascending": " (sorteret stigende)", "descending": " (sorteret faldende)"}.get(state, "")
    return format_html('<a href="{}" class="sort-link">{}<span class="sr-only">{}</span></a>', href, label, hint)


@register.simple_tag(takes_context=True)
def sort_th(context, field: str, label: str):
    """A sortable column header; aria-sort belongs on the th, not the link."""
    href, state = _sort_state(context, field)
    return format_html('<th scope="col" aria-sort="{}"><a href="{}" class="sort-link">{}</a></th>', state, href, label)
