"""Nightly clean-up of personal data (beat: persondata-oprydning)."""

from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(name="persondata.oprydning")
def oprydning() -> dict:
    """Delete the access log and sent e-mails past their periods, anonymise closed cases past
    theirs (the management command), and drop expired sessions."""
    slettet = services.adgangslog_purge()
    emails = services.udbakke_purge()
    call_command("anonymiser", verbosity=0)
    call_command("clearsessions")
    return {"adgangslog_slettet": slettet, "emails_slettet": emails}
