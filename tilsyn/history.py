"""Field history (django-pghistory) of a unit, shown on its Historik tab: who, when, from → to.

Events are aggregated across every tracked table that references the unit, so visits and (later)
assessments and risk categories show up too, each with the user from the pghistory context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from pghistory.models import MiddlewareEvents

from .models import Enhed, Plejefamilie, Tilbud, User

LABELS = {"insert": "Oprettet", "update": "Ændret", "delete": "Slettet"}
HIDDEN_FIELDS = {"id", "opdateret", "oprettet", "enhed_ptr", "enhed_ptr_id", "art", "socialtilsyn", "socialtilsyn_id"}


@dataclass
class Change:
    field: str
    old: object
    new: object


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - unknown columns are shown by name
        return name


def _display(model, name: str, value, related: dict):
    if value is None or value == "":
        return "–"
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # noqa: BLE001
        return value
    if field.is_relation and field.many_to_one:
        return related.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, list):
        choices = dict(getattr(field.base_field, "flatchoices", []) or [])
        return ", ".join(str(choices.get(v, v)) for v in value) or "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if field.get_internal_type() == "DateField" and isinstance(value, str):
        return _kortdato(value)
    return value


def _kortdato(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def _related_objects(events) -> dict:
    """Foreign keys in diffs (kommune, konsulent ...) shown by name: one query per related model."""
    wanted: dict = {}
    for event in events:
        tracked = apps.get_model(event.pgh_obj_model) if event.pgh_obj_model else None
        for name, values in (event.pgh_diff or {}).items():
            try:
                field = tracked._meta.get_field(name.removesuffix("_id")) if tracked else None
            except Exception:  # noqa: BLE001
                continue
            if field is not None and field.is_relation and field.many_to_one and name not in HIDDEN_FIELDS:
                wanted.setdefault(field.related_model, set()).update(v for v in values if v is not None)
    return {
        (model, pk): str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }


def for_enhed(enhed, limit: int = 300):
    """Newest first; a list so templates and paginators need no further queries.

    pghistory aggregates per referenced model, so a unit is asked for twice: as an Enhed (its own
    fields, visits and whatever else points at Enhed) and as its Tilbud/Plejefamilie child.
    """
    base = Enhed(pk=enhed.pk)
    queries = [MiddlewareEvents.objects.references(base)]
    if type(enhed) is not Enhed:
        queries.append(MiddlewareEvents.objects.references(enhed))
    events = sorted(
        (e for qs in queries for e in qs.order_by("-pgh_created_at")[:limit]),
        key=lambda e: e.pgh_created_at, reverse=True,
    )[:limit]
    users = User.objects.in_bulk({e.pgh_context.get("user") for e in events if e.pgh_context and e.pgh_context.get("user")})
    related = _related_objects(events)
    rows = []
    for event in events:
        tracked = apps.get_model(event.pgh_obj_model) if event.pgh_obj_model else None
        if event.pgh_label == "insert" and tracked in (Tilbud, Plejefamilie):
            continue  # the same creation is already shown by the Enhed row (multi-table inheritance)
        changes = []
        if event.pgh_diff:
            for name, (old, new) in event.pgh_diff.items():
                if name in HIDDEN_FIELDS or tracked is None:
                    continue
                changes.append(Change(
                    _label(tracked, name), _display(tracked, name, old, related), _display(tracked, name, new, related)
                ))
            if not changes:
                continue
        user_id = (event.pgh_context or {}).get("user")
        rows.append({
            "when": event.pgh_created_at,
            "what": f"{LABELS.get(event.pgh_label, event.pgh_label)}: {tracked._meta.verbose_name if tracked else ''}",
            "user": users.get(user_id) if user_id else None,
            "changes": changes,
        })
    return rows
