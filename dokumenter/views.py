from django.http import HttpResponse

from . import selectors, services


def download(request, pk: int):
    dokument = selectors.dokument_detail(request.user, pk)
    response = HttpResponse(services.dokument_bytes(dokument), content_type="application/pdf")
    filename = f"{dokument.get_art_display()} {dokument.enhed.navn} {dokument.oprettet:%Y-%m-%d}.pdf"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    response["Content-Disposition"] = f'inline; filename="{ascii_name}"'
    response["X-Content-SHA256"] = dokument.sha256
    return response
