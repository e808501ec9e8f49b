"""Login lockout that cannot be turned against a user (django-axes, configured in settings).

- Failures count per (username, client IP). An attacker guessing a user's password from their own
  address locks only that pair: the real user logs in from theirs as usual.
- The client IP is the address the nearest trusted proxy saw (TRUSTED_PROXY_COUNT), never a
  header the client could forge; behind a proxy, users are therefore not all one IP.
- No hour-long lock: after AXES_FAILURE_LIMIT failures the pair waits LOGIN_DELAY_FIRST_SECONDS,
  and each further failure doubles the wait up to LOGIN_DELAY_MAX_SECONDS. Failures are
  forgotten LOGIN_FAILURE_MEMORY_HOURS after the last one, or at a successful login.

Axes counts the failures whose last attempt lies within the cool-off and locks at the limit, and
its database handler deletes attempts older than the cool-off. Here the cool-off depends on how
many failures the pair has (the progressive delay), so the clean-up uses the fixed memory instead;
otherwise one user's short cool-off would wipe other pairs' history and reset their delay.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. With N trusted proxies in front, each appends the address it received
    the connection from to X-Forwarded-For, so the client is the N-th entry from the right;
    anything further left was sent by the client and is ignored. With no proxy, REMOTE_ADDR."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    if count <= 0:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote  # not through all the proxies we expect: trust only the socket
    return _valid_ip(hops[-count]) or remote


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the username as posted, cut to the lockout table's column (every login
    form, the admin's too, may pass a longer one before its own validation has run)."""
    username = (credentials or {}).get("username") if credentials else None
    if username is None:
        username = getattr(request, "POST", {}).get("username")
    return None if username is None else str(username)[:150]


def _failures(username, ip) -> int:
    since = timezone.now() - dt.timedelta(hours=settings.LOGIN_FAILURE_MEMORY_HOURS)
    total = (AccessAttempt.objects.filter(username=username, ip_address=ip, attempt_time__gte=since)
             .aggregate(n=Sum("failures_since_start"))["n"])
    return total or 0


def delay_for(failures: int) -> dt.timedelta:
    """The wait after ``failures`` failures (from the limit on): first, doubled each time, capped."""
    over = max(0, failures - settings.AXES_FAILURE_LIMIT)
    first = settings.LOGIN_DELAY_FIRST_SECONDS
    seconds = min(settings.LOGIN_DELAY_MAX_SECONDS, first * (2 ** min(over, 30)))
    return dt.timedelta(seconds=seconds)


def cooloff(request) -> dt.timedelta:
    """AXES_COOLOFF_TIME: below the limit, the memory (every failure in it counts); at or above
    it, the progressive delay for this (username, IP) pair."""
    memory = dt.timedelta(hours=settings.LOGIN_FAILURE_MEMORY_HOURS)
    if request is None:
        return memory
    credentials = getattr(request, "axes_credentials", None)
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    failures = _failures(username, ip)
    if failures < settings.AXES_FAILURE_LIMIT:
        return memory
    return delay_for(failures)


def remaining(request) -> dt.timedelta:
    """How long this (username, IP) pair still has to wait: the delay from its last failure."""
    credentials = getattr(request, "axes_credentials", None)
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    last = (AccessAttempt.objects.filter(username=username, ip_address=ip)
            .aggregate(t=Max("attempt_time"))["t"])
    if last is None:
        return dt.timedelta()
    return max(dt.timedelta(), last + cooloff(request) - timezone.now())


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Danish page with the remaining wait in whole minutes (429)."""
    minutes = max(1, math.ceil(remaining(request).total_seconds() / 60))
    return render(request, "registration/lockout.html", {"vent_minutter": minutes}, status=429)


class LoginAttemptHandler(AxesDatabaseHandler):
    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        since = timezone.now() - dt.timedelta(hours=settings.LOGIN_FAILURE_MEMORY_HOURS)
        count, _ = AccessAttempt.objects.filter(attempt_time__lt=since).delete()
        return count
