"""Builders for dialogforløb in a given state, through the real services (so guards and frister hold)."""

import datetime as dt

from dialogforloeb import services
from dialogforloeb.models import Afgoerelse, Agterskrivelse
from dialogforloeb.vocabulary import AfgoerelseArt, AktivitetArt
from tilsyn import dates

AGTER = {
    "paataenkt": "paabud",
    "sagsfremstilling": "Ved tilsynsbesøget 3. juni blev det observeret, at medicin ikke blev dokumenteret.",
    "begrundelse": "Forholdene er ikke rettet trods dialogmøde og redegørelse.",
    "mulige_reaktioner": "I kan komme med bemærkninger eller rette op på forholdene inden høringsfristen.",
    "hoeringsfrist_dage": 14,
}
PAABUD = {
    "tekst": "Dokumentér al medicinhåndtering.",
    "opfyldelseskriterium": "Medicinskema for alle borgere er udfyldt og kontrolleret.",
    "begrundelse": "Forholdene er ikke rettet trods dialog; påbuddet er nødvendigt og proportionalt.",
}


def today():
    return dates.today()


def days_ago(n):
    return today() - dt.timedelta(days=n)


def forloeb(actor, enhed, *, alvor="middel", dato=None, **kw):
    return services.forloeb_create(actor=actor, enhed=enhed, kilde="tilsynsbesoeg", alvor=alvor,
                                   beskrivelse="Manglende dokumentation af medicinhåndtering.",
                                   temaer="Tema 6 Sundhed og trivsel, kriterium 6b", dato=dato or days_ago(60), **kw)


def aktivitet(actor, f, art, *, dato=None, oplyst=True, **kw):
    return services.aktivitet_create(actor=actor, forloeb=f, art=art, dato=dato or days_ago(50), form="moede",
                                     deltagere="Leder, konsulent", referat="Gennemgang af bekymringen.",
                                     oplyst_bekymring=oplyst, oplyst_formaal=oplyst, oplyst_reaktioner=oplyst, **kw)


def refresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def i_dialog(konsulent, enhed, **kw):
    f = forloeb(konsulent, enhed, **kw)
    aktivitet(konsulent, f, AktivitetArt.ORIENTERING_LEDELSE, dato=days_ago(55), oplyst=False)
    f = refresh(f)
    aktivitet(konsulent, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=days_ago(50))
    return refresh(f)


def agter_data(f, **kw):
    """An agterskrivelse's content resting on the forløb's dialog (BEK § 9)."""
    dialog = [a for a in services.dialog_valg(f) if a.oplyst_bekymring]
    return {**AGTER, "dialog_aktiviteter": dialog, **kw}


def approve(jurist, udkast, **kw):
    udkast = refresh(udkast)
    return services.udkast_approve(actor=jurist, udkast=udkast, tekst_hash=udkast.tekst_hash(), **kw)


def draft_agter(konsulent, f, **kw) -> Agterskrivelse:
    return services.agterskrivelse_create(actor=konsulent, forloeb=f, data=agter_data(f, **kw))


def send_agter(konsulent, jurist, f, *, sendt=None, **kw) -> Agterskrivelse:
    agter = draft_agter(konsulent, f, **kw)
    services.udkast_submit(actor=konsulent, udkast=agter)
    approve(jurist, agter)
    return services.agterskrivelse_send(actor=konsulent, agterskrivelse=refresh(agter), sendt=sendt or days_ago(20))


def varslet(konsulent, jurist, enhed, *, paataenkt="paabud", sendt=None, **kw):
    f = i_dialog(konsulent, enhed, **kw)
    agter = send_agter(konsulent, jurist, f, sendt=sendt, paataenkt=paataenkt)
    return refresh(f), agter


def approved(konsulent, jurist, f, art, data, *, dato=None) -> Afgoerelse:
    """A decision drafted by the konsulent and approved by the jurist, ready to issue."""
    afg = services.afgoerelse_create(actor=konsulent, forloeb=f, art=art, data=data, dato=dato)
    services.udkast_submit(actor=konsulent, udkast=afg, dato=dato)
    return approve(jurist, afg, dato=dato)


def decide(konsulent, jurist, f, art, data, *, dato=None, **kw) -> Afgoerelse:
    afg = approved(konsulent, jurist, f, art, data, dato=dato)
    return services.afgoerelse_issue(actor=konsulent, afgoerelse=refresh(afg), dato=dato, **kw)


def paabud(konsulent, jurist, f, *, frist=None, skaerpet_til=None, dato=None, **kw) -> Afgoerelse:
    data = {**PAABUD, "frist": frist or (dato or today()) + dt.timedelta(days=30), "skaerpet_til": skaerpet_til, **kw}
    return decide(konsulent, jurist, refresh(f), AfgoerelseArt.PAABUD, data, dato=dato)


def skaerpet_forloeb(konsulent, jurist, enhed, *, udstedt_dage_siden: int):
    """A forløb whose påbud with 6 months of skærpet tilsyn was issued ``udstedt_dage_siden`` days ago."""
    d = udstedt_dage_siden
    f = forloeb(konsulent, enhed, dato=days_ago(d + 40))
    aktivitet(konsulent, f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, dato=days_ago(d + 35))
    f = refresh(f)
    send_agter(konsulent, jurist, f, sendt=days_ago(d + 20), paataenkt="skaerpet_tilsyn")
    udstedt = days_ago(d)
    from dialogforloeb import guards

    afg = paabud(konsulent, jurist, f, dato=udstedt, frist=udstedt + dt.timedelta(days=300),
                 skaerpet_til=guards.skaerpet_senest_til(udstedt))
    return refresh(f), afg
