"""Extension points through which the domain apps add to core pages without editing them.

Each domain app may have a ``panels`` module with any of these functions:

    enhed_tabs(request, enhed) -> list[Tab]          tabs on a unit's page (Kvalitetsvurderinger, Risiko ...)
    enhed_overblik(request, enhed) -> list[Section]  blocks on the unit's Overblik tab (open frister ...)
    enhed_actions(request, enhed) -> list[Action]    buttons in the unit's header (Vurdér risiko ...)
    overblik_sections(request) -> list[Section]      sections of the start page, per the user's roles
    menu_items(request) -> list[MenuItem]            entries of the main menu
    header_context(request) -> dict                  extra context for the header (e.g. notification count)

Functions read through the app's selectors, so scoping by socialtilsyn stays in one place.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache

PANEL_APPS = ("tilsyn", "frister", "kvalitetsmodel", "risiko", "dialogforloeb", "dokumenter")


@dataclass
class Tab:
    slug: str
    label: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


@dataclass
class Action:
    label: str
    url: str
    order: int = 50
    primary: bool = False


@dataclass
class MenuItem:
    label: str
    url: str
    active_prefix: str
    order: int = 50
    count: int | None = None


@cache
def _modules():
    modules = []
    for app in PANEL_APPS:
        try:
            modules.append(importlib.import_module(f"{app}.panels_impl" if app == "tilsyn" else f"{app}.panels"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{app}.panels", f"{app}.panels_impl"):
                raise
    return tuple(modules)


def _collect(hook: str, *args):
    items = []
    for module in _modules():
        fn = getattr(module, hook, None)
        if fn is not None:
            items.extend(fn(*args))
    return sorted(items, key=lambda item: item.order)


def enhed_tabs(request, enhed) -> list[Tab]:
    return _collect("enhed_tabs", request, enhed)


def enhed_overblik(request, enhed) -> list[Section]:
    return _collect("enhed_overblik", request, enhed)


def enhed_actions(request, enhed) -> list[Action]:
    return _collect("enhed_actions", request, enhed)


def overblik_sections(request) -> list[Section]:
    return _collect("overblik_sections", request)


def menu_items(request) -> list[MenuItem]:
    return _collect("menu_items", request)


def header_context(request) -> dict:
    context: dict = {}
    for module in _modules():
        fn = getattr(module, "header_context", None)
        if fn is not None:
            context.update(fn(request))
    return context
