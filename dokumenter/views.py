import logging

from django.http import HttpResponse
from django.shortcuts import render

from tilsyn.errors import DomainError

from . import selectors, services

logger = logging.getLogger(__name__)


def download(request, pk: int):
    dokument = selectors.dokument_detail(request.user, pk)
    try:
        data = services.dokument_bytes(dokument)
    except DomainError as exc:
        # A stored letter whose bytes are gone or changed: say so in Danish, and tell the operators.
        logger.error("Dokument %s kan ikke udleveres: %s", dokument.pk, exc.message)
        return render(request, "dokumenter/fejl.html", {"dokument": dokument, "besked": exc.message}, status=500)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"{dokument.get_art_display()} {dokument.enhed.navn} {dokument.oprettet:%Y-%m-%d}.pdf"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    response["Content-Disposition"] = f'inline; filename="{ascii_name}"'
    response["X-Content-SHA256"] = dokument.sha256
    return response
