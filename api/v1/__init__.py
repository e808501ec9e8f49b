"""Tilsyn's JSON API, version 1 (django-ninja): /api/v1/, schema at /api/v1/openapi.json, interactive
docs at /api/v1/docs (behind login). Every endpoint authenticates a per-user token and then reads
through the apps' selectors and writes through their services, as the UI does."""

from ninja import NinjaAPI

from .core import TokenAuth, docs_access, install_error_handlers

api = NinjaAPI(
    title="Tilsyn API",
    version="1",
    description=(
        "Læs og skriv i Tilsyn som den bruger, API-nøglen tilhører: samme roller og samme socialtilsyn som i "
        "brugerfladen. Nøglen oprettes under »API-nøgler« og sendes som `Authorization: Bearer <nøgle>`. "
        "Fejl er JSON med `detail` (dansk), `errors` (felt → beskeder) og `rule` (reglen, der afviste)."
    ),
    urls_namespace="api-1",
    auth=TokenAuth(),
    docs_decorator=docs_access,
)
install_error_handlers(api)

from . import dialog, register, sager, vurderinger  # noqa: E402  (the routers need `api` to exist first)

for _router in (register.router, vurderinger.router, sager.router, dialog.router):
    api.add_router("", _router)


def urls():
    """The API's URL patterns. Every operation authenticates its own token, so Django's
    LoginRequiredMiddleware lets them through; the interactive docs stay behind login, and the schema
    answers a logged-in user or a valid token (core.docs_access)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name != "openapi-view":
            pattern.callback.login_required = False
    return patterns, app_name, namespace
