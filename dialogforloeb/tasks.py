"""Thin Celery tasks: call a service. Idempotent."""

from celery import shared_task

from . import services


@shared_task(name="dialogforloeb.letters_render_pending")
def letters_render_pending() -> int:
    """Render the sent letters whose PDF was deferred (demo load); each letter is stored once."""
    return services.letters_render_pending()
