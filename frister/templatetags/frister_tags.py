from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def frist_badge(frist):
    """A frist's status as colour and word (never colour alone)."""
    css, label = frist.badge()
    return format_html('<span class="badge {} frist-status frist-{}">{}</span>', css, frist.status, label)
