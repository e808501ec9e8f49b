"""Thin Celery task: beat triggers the sweep, which claims waiting entries in PostgreSQL."""

from celery import shared_task

from . import services


@shared_task(name="journal.sweep")
def journal_sweep() -> dict:
    """Deliver every due journal entry (beat: every minute). Safe to overlap and to repeat."""
    result = services.journal_sweep()
    return {"journaliseret": len(result.journaliseret), "fejlet": len(result.fejlet)}
