"""Thin Celery tasks: load by id, call a service. All idempotent."""

from celery import shared_task

from . import outbox, services


@shared_task(name="frister.sweep")
def frister_sweep() -> dict:
    """Fire every due reminder/escalation rung (beat: every few minutes). Rungs are claimed in the
    database, so overlapping runs or a restart after a crash never fire a rung twice."""
    r = services.frister_sweep()
    return {"paamindelser": r.paamindelser, "eskaleringer": r.eskaleringer, "notifikationer": r.notifikationer}


@shared_task(name="frister.besoegsfrister")
def besoegsfrister_check() -> dict:
    """Nightly: create besøgsfrister for units whose next visit falls due; close met ones."""
    return services.besoegsfrister_check()


@shared_task(name="frister.udbakke")
def udbakke() -> dict:
    """Send the outbox's due e-mails (beat: every UDBAKKE_SECONDS). Rows are claimed in PostgreSQL,
    so a killed worker or an overlapping tick at worst retries an e-mail that was not sent."""
    r = outbox.deliver()
    return {"sendt": r.sendt, "fejlet": r.fejlet}
