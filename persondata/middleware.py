"""Writes the access log for the views the apps registered (persondata/registry.py).

Keyed on the URL name, so a view carries no logging code and a new view of personal data needs one
line in its app's persondata.py. Only views that answered 200 are logged: a refusal (404 for
another socialtilsyn, 403) showed nothing.
"""

from django.contrib.contenttypes.models import ContentType

from tilsyn.login import client_ip

from .models import AdgangsLog
from .registry import LOGGED_VIEWS


class AdgangsLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_adgangslog", None)
        if pending is not None and response.status_code == 200:
            label, object_id = pending
            user = request.user
            AdgangsLog.objects.create(
                bruger=user, brugernavn=user.get_username(),
                objekt_type=ContentType.objects.get_for_model(_model(label), for_concrete_model=False),
                objekt_id=object_id, visning=request.resolver_match.view_name, sti=request.path[:500],
                ip=client_ip(request),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or request.resolver_match is None:
            return None
        spec = LOGGED_VIEWS.get(request.resolver_match.view_name)
        user = getattr(request, "user", None)
        if spec is None or user is None or not user.is_authenticated:
            return None
        label = spec.label(view_kwargs)
        try:
            object_id = int(view_kwargs[spec.kwarg])
        except (KeyError, TypeError, ValueError):
            return None
        if label is not None:
            request._adgangslog = (label, object_id)
        return None


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)
