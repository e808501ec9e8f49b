"""Operations: a request id on every log line, and the health report behind /healthz.

The request id comes from the proxy's X-Request-ID when it is a plain token (so one id follows a
request through nginx, gunicorn and Django), otherwise a new one; it is echoed in the response.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _TOKEN.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request, e.g. in Celery tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs a 4xx/5xx after the middleware chain has returned: its record
            # carries the request, and the request its id.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


# ---------------------------------------------------------------------------------------------
# Beat tasks' last run


def record_beat_run(sender=None, **kwargs) -> None:
    """Celery task_success receiver (connected in TilsynConfig.ready): every task in the beat
    schedule notes when it last completed, so /healthz can show its age without each task saying so."""
    name = getattr(sender, "name", None)
    if name and name in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}:
        from frister.outbox import record_run

        record_run(name)


# ---------------------------------------------------------------------------------------------
# Health


def _check_database() -> dict:
    start = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is a failed check, reported by class only
        return {"ok": False, "fejl": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - start) * 1000, 1)}


def _check_redis() -> dict:
    import redis

    start = time.monotonic()
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "fejl": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - start) * 1000, 1)}


def _check_sweeps() -> dict:
    """Age of the last run of each beat task. A frequent one is stale after three missed ticks;
    the nightly ones are reported only."""
    from frister.models import Koersel

    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    last = dict(Koersel.objects.filter(navn__in=[e["task"] for e in schedule]).values_list("navn", "seneste"))
    now = timezone.now()
    result = {}
    for entry in schedule:
        seen = last.get(entry["task"])
        age = None if seen is None else round((now - seen).total_seconds())
        row = {"alder_sekunder": age}
        if isinstance(entry["schedule"], (int, float)):
            # Never ran: unknown (a fresh install before the first tick), not a failure; a dead
            # worker or beat shows as the 20-second outbox tick going stale.
            row["ok"] = None if age is None else age <= 3 * entry["schedule"] + 60
        result[entry["task"]] = row
    return result


def _check_outbox() -> dict:
    from frister.outbox import backlog

    return backlog()


def health() -> dict:
    """The report: database and Redis decide the status code; sweeps and outbox are reported
    (a stopped worker shows here and fails the worker's own health check, not the web's)."""
    report = {"database": _check_database(), "redis": _check_redis()}
    if report["database"]["ok"]:
        try:
            report["sweeps"] = _check_sweeps()
            report["udbakke"] = _check_outbox()
        except Exception as exc:  # noqa: BLE001 - e.g. before migrate
            report["sweeps"] = {}
            report["fejl"] = type(exc).__name__
    report["ok"] = report["database"]["ok"] and report["redis"]["ok"]
    return report


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """JSON for load balancers and compose health checks. No login, no personal data."""
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)
