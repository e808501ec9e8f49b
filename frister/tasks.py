"""Thin Celery tasks: load by id, call a service. All idempotent."""

from celery import shared_task

from . import services


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


@shared_task(name="frister.send_email")
def notifikationer_send_email(ids: list[int]) -> int:
    """E-mail notifications by id; each one at most once (email_sendt is claimed under a lock)."""
    return services.notifikationer_send_email(ids=ids)
