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


# A mail server that is down (OSError covers smtplib's errors) must not lose the e-mails: retry with
# backoff. Safe because each notification's e-mail is claimed once; those already sent are skipped.
@shared_task(name="frister.send_email", autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=3600,
             max_retries=10)
def notifikationer_send_email(ids: list[int]) -> int:
    """E-mail notifications by id; each one at most once (email_sendt is claimed under a lock)."""
    return services.notifikationer_send_email(ids=ids)
