from django.urls import resolve

from tilsyn.panels import Tab

from . import selectors


def enhed_tabs(request, enhed):
    active = resolve(request.path_info).kwargs.get("tab") == "dokumenter"
    context = {"dokumenter": list(selectors.dokumenter_for_enhed(request.user, enhed))} if active else {}
    return [Tab("dokumenter", "Dokumenter", "dokumenter/_enhed_tab.html", context, order=80)]
