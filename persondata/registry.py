"""What each app declares about its personal data, in its own ``persondata.py``:

- ``log_views("app.Model", "url_name", ..., kwarg="pk")``: a GET of these views shows that object's
  personal data and is written to the access log (by persondata.middleware, keyed on the URL name,
  so no view carries logging code). A view that serves several kinds of object names them by
  another URL argument: ``log_views({"agterskrivelse": "app.A", "afgoerelse": "app.B"}, ..., by="kind")``.
- ``@anonymiser("name")``: a function ``fn(*, cutoff: date) -> list[(model, pk)]`` that blanks the
  personal data of the cases closed before ``cutoff`` (not yet anonymised) and returns what it did.
  It keeps what statistics need: counts, dates, states, categories, scores. ``blank()`` does the
  blanking on the rows and on their field history (pghistory events), so nothing survives there.
  It is the one documented exception to the triggers that keep case records unchanged
  (tilsyn/triggers.py): those of the model being blanked are ignored for that one update.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pghistory
import pgtrigger
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class LoggedView:
    model: str | dict[str, str]  # "app_label.ModelName", or {value of `by`: label}
    kwarg: str
    by: str | None = None

    def label(self, view_kwargs: dict) -> str | None:
        if self.by is None:
            return self.model
        return self.model.get(str(view_kwargs.get(self.by)))


LOGGED_VIEWS: dict[str, LoggedView] = {}
ANONYMISERS: dict[str, Callable] = {}


def log_views(model: str | dict[str, str], *view_names: str, kwarg: str = "pk", by: str | None = None) -> None:
    for name in view_names:
        LOGGED_VIEWS[name] = LoggedView(model=model, kwarg=kwarg, by=by)


def anonymiser(name: str):
    def register(fn):
        ANONYMISERS[name] = fn
        return fn

    return register


def not_yet_anonymised(qs: models.QuerySet) -> models.QuerySet:
    from .models import Anonymisering

    ct = ContentType.objects.get_for_model(qs.model, for_concrete_model=False)
    done = Anonymisering.objects.filter(objekt_type=ct).values("objekt_id")
    return qs.exclude(pk__in=done)


def blank(model: type[models.Model], ids: Iterable[int], values: dict, *, fk: str = "pk") -> int:
    """Set ``values`` on the rows of ``model`` selected by ``{fk}__in=ids`` and on every pghistory
    event of those rows (the fields an event model has). Returns the number of rows changed."""
    ids = list(ids)
    if not ids:
        return 0
    rows = model.objects.filter(**{f"{fk}__in": ids})
    # The history rows of exactly these objects (an event points at its object by pgh_obj).
    obj_ids = list(rows.values_list("pk", flat=True))
    with pghistory.context(anonymisering=True), pgtrigger.ignore(*_update_guards(model)):
        changed = rows.update(**values)
    for event_model in _event_models(model):
        names = {f.name for f in event_model._meta.fields}
        event_values = {k: v for k, v in values.items() if k in names}
        if event_values:
            event_model.objects.filter(pgh_obj_id__in=obj_ids).update(**event_values)
    return changed


def _update_guards(model) -> list[str]:
    """The URIs of the triggers that refuse updates of ``model``'s rows (and its MTI parents')."""
    uris = []
    for m in (model, *model._meta.get_parent_list()):
        for trigger in getattr(m._meta, "triggers", []):
            if "UPDATE" in str(getattr(trigger, "operation", "")).upper():
                uris.append(trigger.get_uri(m))
    return uris


def _event_models(model) -> list:
    """pghistory's event models that track ``model`` or a parent of it (an MTI child's own columns
    are tracked on the child, the inherited ones on the parent, under the same primary key)."""
    from pghistory.models import Event

    tracked = {model, *model._meta.get_parent_list()}
    return [m for m in apps.get_models() if issubclass(m, Event) and getattr(m, "pgh_tracked_model", None) in tracked]


def record(model, ids: Iterable[int], regel: str) -> list[tuple]:
    from .models import Anonymisering

    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    ids = list(ids)
    Anonymisering.objects.bulk_create([Anonymisering(objekt_type=ct, objekt_id=i, regel=regel) for i in ids],
                                      ignore_conflicts=True)
    return [(model, i) for i in ids]
