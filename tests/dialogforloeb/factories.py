"""Builders for dialogforløb in a given state, through the real services (so guards and frister hold)."""

import datetime as dt

from django.utils import timezone

from dialogforloeb import services
from dialogforloeb.models import AktivitetArt

AGTER = {
    "paataenkt": "paabud",
    "sagsfremstilling": "Ved tilsynsbesøget 3. juni blev det observeret, at medicin ikke blev dokumenteret.",
    "begrundelse": "Forholdene er ikke rettet trods dialogmøde og redegørelse.",
    "mulige_reaktioner": "I kan komme med bemærkninger eller rette op på forholdene inden høringsfristen.",
    "hoeringsfrist_dage": 14,
}


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - dt.timedelta(days=n)


def forloeb(actor, enhed, *, alvor="middel", dato=None):
    return services.forloeb_create(actor=actor, enhed=enhed, kilde="tilsynsbesoeg", alvor=alvor,
                                   beskrivelse="Manglende dokumentation af medicinhåndtering.",
                                   temaer="Tema 6 Sundhed og trivsel, kriterium 6b", dato=dato or days_ago(60))


def aktivitet(actor, f, art, *, dato=None, oplyst=True, **kw):
    return services.aktivitet_create(actor=actor, forloeb=f, art=art, dato=dato or days_ago(50), form="moede",
                                     deltagere="Leder, konsulent", referat="Gennemgang af bekymringen.",
                                     oplyst_bekymring=oplyst, oplyst_formaal=oplyst, oplyst_reaktioner=oplyst, **kw)


def refresh(f):
    return type(f).objects.get(pk=f.pk)


def i_dialog(konsulent, enhed, **kw):
    f = forloeb(konsulent, enhed, **kw)
    aktivitet(konsulent, f, AktivitetArt.ORIENTERING_LEDELSE, dato=days_ago(55), oplyst=False)
    f = refresh(f)
    aktivitet(konsulent, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=days_ago(50))
    return refresh(f)


def varslet(konsulent, jurist, enhed, *, paataenkt="paabud", sendt=None, **kw):
    f = i_dialog(konsulent, enhed, **kw)
    agter = services.agterskrivelse_create(actor=konsulent, forloeb=f, data={**AGTER, "paataenkt": paataenkt})
    services.agterskrivelse_submit(actor=konsulent, agterskrivelse=agter)
    services.agterskrivelse_approve(actor=jurist, agterskrivelse=refresh(agter))
    agter = services.agterskrivelse_send(actor=konsulent, agterskrivelse=refresh(agter), sendt=sendt or days_ago(20))
    return refresh(f), agter
