"""What every endpoint shares: token authentication, JSON errors with Danish messages and the right
status codes, page pagination, and the input types that keep any input from becoming a 500.

Status codes (docs/api.md):
    400  bad input: ``errors`` maps each field to its Danish messages (the same messages as the UI's forms)
    401  no token, or an unknown, expired or revoked one
    403  the token's user lacks the role (the same django-rules permission as the UI)
    404  not found, or another socialtilsyn's object (the two are not told apart)
    409  refused by a legal rule or the case's state; ``rule`` names the rule (``DomainError.rule``)
    412  ``If-Match`` does not match the current ``ETag`` (someone changed the case meanwhile)
    428  ``If-Match`` missing where a transition requires it
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer
from pydantic import AfterValidator, BeforeValidator

from tilsyn.errors import DomainError, Forbidden

from ..services import Afvisning, token_authenticate

logger = logging.getLogger(__name__)

IKKE_FUNDET = "Findes ikke, eller du har ikke adgang til det."
INGEN_ADGANG = "Du har ikke adgang til denne handling."
INGEN_ROLLE = "Brugeren har ingen rolle i et socialtilsyn og kan ikke bruge API'et."
UVENTET = "Der skete en uventet fejl. Fejlen er logget; prøv igen senere."


class ApiError(Exception):
    def __init__(self, status: int, detail: str, *, rule: str | None = None,
                 errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.rule, self.errors, self.headers = status, detail, rule, errors or {}, headers or {}


class Fejl(Schema):
    """Every error answer."""

    detail: str = Field(description="Forklaring på dansk.")
    rule: str | None = Field(None, description="Maskinlæsbart navn på reglen, der afviste (ved 409/412).")
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Felt → danske fejlbeskeder (ved 400).")


# The error answers every operation can give, for the OpenAPI schema.
READ_ERRORS = {400: Fejl, 401: Fejl, 403: Fejl, 404: Fejl}
WRITE_ERRORS = {**READ_ERRORS, 409: Fejl}


# --- Authentication -------------------------------------------------------------------------------

class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. The request then acts as the token's user (request.user), so the
    selectors scope it to that user's socialtilsyn and django-rules checks that user's roles."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization") or ""
        scheme, _, raw = header.partition(" ")
        result = token_authenticate(raw if scheme.lower() == "bearer" else "")
        if isinstance(result, Afvisning):
            raise ApiError(401, result.besked, headers={"WWW-Authenticate": 'Bearer realm="tilsyn"'})
        request.user = result
        if not result.has_perm("api.use_api", None):
            raise ApiError(403, INGEN_ROLLE)
        return result

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


def docs_access(view):
    """The OpenAPI schema and the docs: for a logged-in user (the docs page's »Authorize« then takes a
    token for trying the API), and the schema also for a client with a valid token."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            header = request.headers.get("Authorization") or ""
            scheme, _, raw = header.partition(" ")
            result = token_authenticate(raw if scheme.lower() == "bearer" else "")
            if isinstance(result, Afvisning):
                return JsonResponse({"detail": result.besked, "rule": None, "errors": {}}, status=401,
                                    headers={"WWW-Authenticate": 'Bearer realm="tilsyn"'})
            request.user = result
        return view(request, *args, **kwargs)

    return wrapper


def require(request, perm: str, obj=None, message: str = INGEN_ADGANG) -> None:
    """The same django-rules permission the UI's view asks; 403 with a Danish message otherwise."""
    if not request.user.has_perm(perm, obj):
        raise ApiError(403, message)


# --- Error answers --------------------------------------------------------------------------------

def _response(api, request, status: int, detail: str, *, rule=None, errors=None, headers=None):
    response = api.create_response(request, {"detail": detail, "rule": rule, "errors": errors or {}}, status=status)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def domain_status(exc: DomainError) -> int:
    """Forbidden → 403; a refusal tied to input fields → 400; a refusal by the state or a legal rule → 409."""
    if isinstance(exc, Forbidden):
        return 403
    if any(field for field in exc.errors):
        return 400
    return 409


def _errors_of(exc: DomainError) -> dict[str, list[str]]:
    return {(field or "__all__"): list(messages) for field, messages in exc.errors.items()}


PYDANTIC_DA = {
    "missing": "Feltet skal udfyldes.",
    "int_parsing": "Angiv et heltal.",
    "int_type": "Angiv et heltal.",
    "int_from_float": "Angiv et heltal.",
    "float_parsing": "Angiv et tal.",
    "float_type": "Angiv et tal.",
    "bool_parsing": "Angiv true eller false.",
    "bool_type": "Angiv true eller false.",
    "date_parsing": "Angiv en gyldig dato som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Angiv en gyldig dato som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Angiv en dato uden klokkeslæt.",
    "date_type": "Angiv en gyldig dato som ÅÅÅÅ-MM-DD.",
    "string_type": "Angiv en tekst.",
    "list_type": "Angiv en liste.",
    "dict_type": "Angiv et objekt.",
    "model_type": "Angiv et objekt.",
    "model_attributes_type": "Angiv et objekt.",
    "json_invalid": "Forespørgslens indhold er ikke gyldig JSON.",
    "json_type": "Forespørgslens indhold er ikke gyldig JSON.",
    "extra_forbidden": "Ukendt felt.",
    "string_unicode": "Teksten indeholder ugyldige tegn.",
    "uuid_parsing": "Angiv et gyldigt id.",
}


def _dansk(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in PYDANTIC_DA:
        return PYDANTIC_DA[kind]
    if kind in ("greater_than_equal", "greater_than"):
        return f"Værdien skal være mindst {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Værdien må højst være {ctx.get('le', ctx.get('lt'))}."
    if kind == "string_too_long":
        return f"Teksten må højst være {ctx.get('max_length')} tegn."
    if kind == "string_too_short":
        return "Feltet skal udfyldes."
    if kind == "too_long":
        return f"Listen må højst have {ctx.get('max_length')} elementer."
    if kind in ("literal_error", "enum"):
        return f"Vælg en af: {ctx.get('expected', '')}.".replace("'", "")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return "Ugyldig værdi."


def _field_of(loc) -> str:
    """("body", "data", "konsulenter", 0) → "konsulenter.0"; ("query", "page") → "page"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "file"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in ("data", "payload", "filters", "pagination"):
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def install_error_handlers(api) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return _response(api, request, exc.status, exc.detail, rule=exc.rule, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(DomainError)
    def _domain_error(request, exc: DomainError):
        status = domain_status(exc)
        return _response(api, request, status, exc.message, rule=exc.rule,
                         errors=_errors_of(exc) if status == 400 else {})

    @api.exception_handler(NinjaValidationError)
    def _validation_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_of(error.get("loc", ())), []).append(_dansk(error))
        return _response(api, request, 400, "Der er fejl i forespørgslen.", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def _django_validation_error(request, exc: DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return _response(api, request, 400, " ".join(m for ms in errors.values() for m in ms), errors=errors)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return _response(api, request, 404, IKKE_FUNDET)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return _response(api, request, 403, INGEN_ADGANG)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        # ninja's own refusals, in Danish: an unreadable body (400) or a missing token (401).
        if exc.status_code == 400:
            return _response(api, request, 400, "Der er fejl i forespørgslen.",
                             errors={"__all__": [PYDANTIC_DA["json_invalid"]]})
        return _response(api, request, exc.status_code, {401: "Angiv en gyldig API-nøgle."}.get(exc.status_code, str(exc)))

    @api.exception_handler(Exception)
    def _unexpected(request, exc: Exception):
        logger.exception("Uventet fejl i API'et: %s %s", request.method, request.path)
        return _response(api, request, 500, UVENTET)


# --- Input types ------------------------------------------------------------------------------------

def _clean_text(value: str) -> str:
    """PostgreSQL stores no NUL character and no lone surrogate; other control characters (but line
    breaks and tabs) have no place in case text either. Refused with a Danish message, never a 500."""
    for ch in value:
        if ch in "\n\r\t":
            continue
        if ch == "\x00" or unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError("Teksten indeholder ugyldige tegn.")
    return value


def Tekst(max_length: int, **kw) -> Any:  # noqa: N802 - reads like a type in the schemas
    return Annotated[str, Field(max_length=max_length, **kw), AfterValidator(_clean_text)]


ISO_DATO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value):
    """Only an ISO date (2026-11-26): pydantic would otherwise read "0" or 1700000000 as a Unix time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATO.match(value):
        return value
    raise ValueError("Angiv en gyldig dato som ÅÅÅÅ-MM-DD.")


Dato = Annotated[dt.date, BeforeValidator(_iso_date)]

# Ids fit PostgreSQL's bigint: anything larger is refused as bad input, not sent to the database.
Id = Annotated[int, Field(ge=1, le=9_223_372_036_854_775_807)]


def filtered(qs, **lookups):
    """A list endpoint's optional filters: each lookup given a value (not None) narrows the queryset."""
    return qs.filter(**{lookup: value for lookup, value in lookups.items() if value is not None})


class Ref(Schema):
    id: int
    navn: str


class Side(PaginationBase):
    """Page pagination: ``page`` (from 1) and ``page_size`` (1–200, default 50). ``count`` is the total."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="Sidenummer, fra 1.")
        page_size: int = Field(50, ge=1, le=200, description="Antal pr. side (højst 200).")

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        count = self._items_count(queryset)
        start = (pagination.page - 1) * pagination.page_size
        return {"items": list(queryset[start:start + pagination.page_size]), "count": count,
                "page": pagination.page, "pages": max(1, -(-count // pagination.page_size))}
