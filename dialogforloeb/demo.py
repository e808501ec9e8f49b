"""Demo data for dialogforløb: in every socialtilsyn, forløb in every state and with every outcome,
built through the real services (so guards, timeline, frister, notifications and letters are what the
app itself would write), then back-dated to a realistic history.

Pending agterskrivelser are authored by konsulent-<slug>, so jurist-<slug> has a queue. Letters are
rendered as real PDFs; see ``PDF_MODE`` for the trade-off between realism and load time.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pghistory
from django.utils import timezone

from tilsyn.demo import DemoContext
from tilsyn.models import AKTIVE_STATUSSER, Risikokategori

from . import services
from .models import Agterskrivelse, AktivitetArt, Dialogforloeb, Haendelse, Udfald

TEMAER = [
    ("Tema 6 Sundhed og trivsel, kriterium 6b (magtanvendelser)",
     "Ved uanmeldt besøg blev det observeret, at to magtanvendelser ikke var indberettet, og at personalet ikke "
     "kendte reglerne for fastholdelse."),
    ("Tema 5 Organisation og ledelse, kriterium 5a",
     "Tilbuddet har haft tre ledere på et år. Medarbejderne beskriver uklare arbejdsgange og manglende faglig sparring."),
    ("Tema 4 Kompetencer, kriterium 4a",
     "Under halvdelen af de fastansatte har relevant uddannelse, og vikarer dækker flere nattevagter alene."),
    ("Tema 3 Målgruppe, metoder og resultater, kriterium 3a",
     "De pædagogiske planer er ikke opdateret i over et år, og der dokumenteres ikke opfølgning på mål."),
    ("Tema 6 Sundhed og trivsel, kriterium 6a (medicinhåndtering)",
     "Medicinskemaerne var ufuldstændige for fire borgere, og der var ikke kvitteret for udlevering."),
    ("Tema 7 Fysiske rammer, kriterium 7a",
     "Fællesarealerne er præget af skimmel, og to værelser bruges som depot."),
]
KILDER = ["tilsynsbesoeg", "whistleblower", "magtanvendelse", "kommune", "paaroerende", "tilsynsbesoeg"]

# WeasyPrint takes about 0.13 s per letter here, and the demo sends ~77 letters (10 s of a 25 s load).
# Letters of the first socialtilsyn are rendered while loading; the rest are rendered by a Celery task
# after commit (the approved text is immutable once sent, so the later PDF is the letter that was sent).
RENDER_NOW = 1


# The reasoning differs with the decision announced (an ophør letter must not argue for a påbud).
BEGRUNDELSE = {
    "paabud": "Socialtilsynet vurderer, at tilbuddet ikke har den fornødne kvalitet inden for temaet, og at et påbud "
              "er nødvendigt for at sikre, at betingelserne for godkendelse fortsat er opfyldt.",
    "skaerpet_tilsyn": "Forholdene er alvorlige og vedvarende. Socialtilsynet vurderer, at et påbud ikke alene er "
                       "tilstrækkeligt, og at der er behov for skærpet tilsyn, mens forholdene rettes.",
    "ophoer": "Tilbuddet har ikke opfyldt det udstedte påbud inden fristen. Socialtilsynet vurderer, at tilbuddet ikke "
              "længere opfylder betingelserne for godkendelse, og at godkendelsen derfor bør ophøre.",
}


def _agter(paataenkt, tema, invitation=None):
    return {
        "paataenkt": paataenkt,
        "sagsfremstilling": f"{tema[1]}\n\nForholdene er drøftet med ledelsen på dialogmøde, og tilbuddet har "
                            "redegjort skriftligt, men socialtilsynet har ved opfølgende besøg konstateret, at "
                            "forholdene ikke er rettet.",
        "begrundelse": BEGRUNDELSE[paataenkt],
        "mulige_reaktioner": "I kan komme med bemærkninger, rette op på forholdene eller konkret beskrive, hvordan I "
                             "vil rette op på dem, inden høringsfristen.",
        "hoeringsfrist_dage": 14,
        "invitation_dialogmoede": invitation,
    }


class Builder:
    """Runs services and back-dates what they wrote (timeline rows, approval times) to ``day``."""

    def __init__(self, ctx: DemoContext, slug: str):
        self.ctx, self.slug = ctx, slug
        users = ctx.users[slug]
        self.konsulent, self.jurist, self.leder = users["konsulent"], users["jurist"], users["leder"]
        self.konsulenter = users["konsulenter"]

    def ago(self, n: int) -> dt.date:
        return self.ctx.today - dt.timedelta(days=n)

    @contextmanager
    def on(self, day: dt.date):
        with services.as_of(day):
            yield

    def open(self, enhed, days, alvor, tema_i, kilde_i=None, konsulent=None):
        konsulent = konsulent or self.konsulent
        tema = TEMAER[tema_i % len(TEMAER)]
        with self.on(self.ago(days)):
            f = services.forloeb_create(actor=konsulent, enhed=enhed, kilde=KILDER[(kilde_i or tema_i) % len(KILDER)],
                                        beskrivelse=tema[1], temaer=tema[0], alvor=alvor, dato=self.ago(days),
                                        ansvarlig=konsulent)
        f.tema = tema
        return f

    def act(self, f, art, days, **kw):
        kw.setdefault("form", "moede" if "dialogmoede" in art else "skriftlig")
        oplyst = kw.pop("oplyst", True)
        with self.on(self.ago(days)):
            services.aktivitet_create(
                actor=f.ansvarlig, forloeb=f, art=art, dato=self.ago(days),
                deltagere=kw.pop("deltagere", f"Leder af {f.enhed.navn}, {f.ansvarlig}"),
                referat=kw.pop("referat", "Bekymringen og dens baggrund blev gennemgået med ledelsen."),
                oplyst_bekymring=oplyst, oplyst_formaal=oplyst, oplyst_reaktioner=oplyst and "dialogmoede" in art, **kw)
        return self.fresh(f)

    def fresh(self, f):
        new = Dialogforloeb.objects.select_related("enhed", "ansvarlig").get(pk=f.pk)
        new.tema = getattr(f, "tema", TEMAER[0])
        return new

    def dialog(self, f, days_orient, days_moede):
        f = self.act(f, AktivitetArt.ORIENTERING_LEDELSE, days_orient, form="telefon", oplyst=False,
                     referat="Ledelsen er orienteret telefonisk om bekymringen.")
        return self.act(f, AktivitetArt.DIALOGMOEDE_AFKLARENDE, days_moede)

    def draft(self, f, days, paataenkt="paabud", invitation=None):
        with self.on(self.ago(days)):
            agter = services.agterskrivelse_create(actor=f.ansvarlig, forloeb=f,
                                                   data=_agter(paataenkt, f.tema, invitation))
        Agterskrivelse.objects.filter(pk=agter.pk).update(oprettet=self._moment(days))
        return agter

    def submit(self, agter, days):
        with self.on(self.ago(days)):
            services.agterskrivelse_submit(actor=agter.forfatter, agterskrivelse=agter)
        Agterskrivelse.objects.filter(pk=agter.pk).update(indsendt=self._moment(days))

    def approve(self, agter, days):
        with self.on(self.ago(days)):
            services.agterskrivelse_approve(actor=self.jurist, agterskrivelse=Agterskrivelse.objects.get(pk=agter.pk))
        Agterskrivelse.objects.filter(pk=agter.pk).update(godkendt=self._moment(days))

    def send(self, f, days_draft, days_sent, paataenkt="paabud", invitation=None):
        agter = self.draft(f, days_draft, paataenkt, invitation)
        self.submit(agter, days_draft)
        self.approve(agter, max(days_sent, days_draft - 2))
        with self.on(self.ago(days_sent)):
            services.agterskrivelse_send(actor=f.ansvarlig, agterskrivelse=Agterskrivelse.objects.get(pk=agter.pk),
                                         sendt=self.ago(days_sent))
        return self.fresh(f)

    def paabud(self, f, days, frist_days, skaerpet_months=0):
        dato = self.ago(days)
        with self.on(dato):
            afg = services.paabud_issue(
                actor=f.ansvarlig, forloeb=f, dato=dato,
                tekst="Tilbuddet skal sikre, at forholdene beskrevet i agterskrivelsen bringes i orden.",
                opfyldelseskriterium="Socialtilsynet har ved et uanmeldt besøg og gennemgang af dokumentation "
                                     "konstateret, at forholdene er rettet.",
                begrundelse="Forholdene er ikke rettet trods dialog, og tilbuddets høringssvar ændrer ikke vurderingen.",
                frist=dato + dt.timedelta(days=frist_days),
                skaerpet_til=services.add_months(dato, skaerpet_months) if skaerpet_months else None)
        return self.fresh(f), afg

    def close(self, f, days, udfald, begrundelse, frister=None):
        with self.on(self.ago(days)):
            services.forloeb_close(actor=f.ansvarlig, forloeb=f, udfald=udfald, begrundelse=begrundelse,
                                   frister=frister, dato=self.ago(days))
        return self.fresh(f)

    def _moment(self, days):
        return timezone.make_aware(dt.datetime.combine(self.ago(days), dt.time(9, self.ctx.rng.randint(0, 59))))


def _units(ctx: DemoContext, slug: str) -> list:
    """Active units, the red and yellow ones first (where concerns arise), in a seeded order."""
    units = [e for e in ctx.enheder(slug) if e.godkendelsesstatus in AKTIVE_STATUSSER]
    order = {Risikokategori.ROED: 0, Risikokategori.GUL: 1}
    ctx.rng.shuffle(units)
    return sorted(units, key=lambda e: order.get(e.risikokategori or "", 2))


def _seed_socialtilsyn(ctx: DemoContext, slug: str, index: int) -> None:
    b = Builder(ctx, slug)
    units = iter(_units(ctx, slug))
    k2 = b.konsulenter[1 % len(b.konsulenter)]

    # Åbnet: a fresh concern, and a high one with no dialogmøde after 20 days (flagged).
    b.open(next(units), 2, "middel", index)
    b.open(next(units), 20, "hoej", index + 1, kilde_i=1)

    # I dialog: ordinary; redegørelse as the first step with an overdue frist (flagged); inactive; long.
    f = b.open(next(units), 30, "middel", index + 2)
    f = b.dialog(f, 28, 14)
    f = b.open(next(units), 40, "lav", index + 3, konsulent=k2)
    f = b.act(f, AktivitetArt.ANMODNING_REDEGOERELSE, 38, frist=b.ago(10))
    f = b.open(next(units), 90, "middel", index + 4)
    f = b.dialog(f, 85, 60)
    f = b.act(f, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, 50)
    f = b.open(next(units), 150, "middel", index + 5, konsulent=k2)
    f = b.dialog(f, 145, 120)
    f = b.act(f, AktivitetArt.EKSTRA_TILSYNSBESOEG, 60, form="moede", referat="Uanmeldt besøg med observation.")
    f = b.act(f, AktivitetArt.UDVIKLINGSPUNKTER, 20)

    # Varsling under udarbejdelse: kladde, two waiting for the jurist, one sent back, one approved.
    f = b.open(next(units), 60, "middel", index)
    f = b.dialog(f, 58, 40)
    b.draft(f, 3)
    for days in (9, 4):
        f = b.open(next(units), 70 + days, "hoej", index + days)
        f = b.dialog(f, 68 + days, 62 + days)
        agter = b.draft(f, days)
        b.submit(agter, days)
    f = b.open(next(units), 80, "middel", index + 2)
    f = b.dialog(f, 78, 55)
    agter = b.draft(f, 12)
    b.submit(agter, 12)
    with b.on(b.ago(10)):
        services.agterskrivelse_return(actor=b.jurist, agterskrivelse=Agterskrivelse.objects.get(pk=agter.pk),
                                       kommentar="Hjemmel og begrundelse skal knyttes til de konkrete kriterier. "
                                                 "Uddyb hvad der er drøftet på dialogmødet.")
    f = b.open(next(units), 75, "hoej", index + 3)
    f = b.dialog(f, 73, 66)
    agter = b.draft(f, 6)
    b.submit(agter, 6)
    b.approve(agter, 5)

    # Varslet: høringsfrist running; sent with dialogmøde invitation and answered; sent before any dialogmøde.
    f = b.open(next(units), 65, "middel", index + 4)
    f = b.dialog(f, 63, 45)
    b.send(f, 8, 5)
    f = b.open(next(units), 50, "hoej", index + 5)
    f = b.act(f, AktivitetArt.ORIENTERING_LEDELSE, 49, form="telefon", oplyst=False)
    f = b.act(f, AktivitetArt.EKSTRA_TILSYNSBESOEG, 45, form="moede")
    f = b.send(f, 30, 28, invitation=b.ago(20))
    f = b.act(f, AktivitetArt.DIALOGMOEDE_PAATAENKT, 20)
    f = b.act(f, AktivitetArt.HOERINGSSVAR, 15, referat="Tilbuddet bestrider ikke de faktiske forhold.")
    f = b.open(next(units), 26, "hoej", index, kilde_i=2)
    f = b.act(f, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, 25)
    b.send(f, 22, 20)

    # Påbud udstedt: frist ahead; frist overdue; skærpet tilsyn with an extended påbud frist.
    f = b.open(next(units), 120, "middel", index + 1)
    f = b.dialog(f, 118, 100)
    f = b.send(f, 70, 65)
    b.paabud(f, 40, 60)
    f = b.open(next(units), 160, "hoej", index + 2, konsulent=k2)
    f = b.dialog(f, 158, 150)
    f = b.send(f, 110, 105)
    b.paabud(f, 80, 45)
    f = b.open(next(units), 140, "hoej", index + 3)
    f = b.dialog(f, 138, 125)
    f = b.send(f, 100, 95, paataenkt="skaerpet_tilsyn", invitation=b.ago(88))
    f = b.act(f, AktivitetArt.DIALOGMOEDE_PAATAENKT, 88)
    f, afg = b.paabud(f, 70, 60, skaerpet_months=6)
    with b.on(b.ago(15)):
        services.paabud_extend(actor=f.ansvarlig, afgoerelse=afg, ny_frist=afg.frist + dt.timedelta(days=30),
                               begrundelse="Tilbuddet har anmodet om forlængelse: ny leder tiltræder næste måned.")

    # Afsluttet: bekymring ophørt; varsling bortfaldet; påbud opfyldt.
    f = b.open(next(units), 200, "lav", index + 4)
    f = b.dialog(f, 198, 180)
    b.close(f, 150, Udfald.BEKYMRING_OPHOERT, "Ved opfølgende besøg var forholdene rettet; ledelsen har indført "
                                               "faste procedurer.")
    f = b.open(next(units), 220, "middel", index + 5)
    f = b.dialog(f, 218, 200)
    f = b.send(f, 180, 175)
    f = b.act(f, AktivitetArt.DIALOGMOEDE_PAATAENKT, 168)
    b.close(f, 160, Udfald.VARSLING_BORTFALDET, "Tilbuddet har fremlagt en konkret handleplan med ny "
                                                 "medicinansvarlig og ugentlig kontrol; varslingen bortfalder.")
    f = b.open(next(units), 300, "hoej", index)
    f = b.dialog(f, 298, 290)
    f = b.send(f, 250, 245)
    f, _ = b.paabud(f, 225, 60)
    b.close(f, 170, Udfald.PAABUD_OPFYLDT, "Dokumentation modtaget og kontrolleret ved uanmeldt besøg.")

    # A closed forløb reopened by the leader.
    f = b.open(next(units), 260, "middel", index + 1)
    f = b.dialog(f, 258, 240)
    f = b.close(f, 200, Udfald.BEKYMRING_OPHOERT, "Forholdene rettet efter dialogmødet.")
    with b.on(b.ago(12)):
        services.forloeb_reopen(actor=b.leder, forloeb=f, begrundelse="Ny henvendelse fra pårørende om samme forhold.")

    # Ophør af godkendelse after a påbud that was not met (in two socialtilsyn).
    if index % 2 == 0:
        f = b.open(next(units), 330, "hoej", index + 2)
        f = b.dialog(f, 328, 320)
        f = b.send(f, 280, 275)
        f, _ = b.paabud(f, 255, 45)
        f = b.send(f, 60, 55, paataenkt="ophoer")
        with b.on(b.ago(30)):
            services.ophoer_issue(actor=f.ansvarlig, forloeb=b.fresh(f), frister="annuller", dato=b.ago(30),
                                  begrundelse="Påbuddet er ikke opfyldt inden fristen, og tilbuddet opfylder ikke "
                                              "længere betingelserne for godkendelse.")


def _recompute_last_activity() -> None:
    """Services stamp 'today' on some writes; the demo's history is back-dated, so recompute."""
    from django.db.models import Max, OuterRef, Subquery

    last = Haendelse.objects.filter(forloeb=OuterRef("pk")).order_by().values("forloeb").annotate(d=Max("dato"))
    Dialogforloeb.objects.update(sidste_aktivitet=Subquery(last.values("d")))


def seed(ctx: DemoContext) -> None:
    from .tasks import letters_render_pending

    with pghistory.context(kilde="demo"):
        for index, st in enumerate(ctx.socialtilsyn):
            if index < RENDER_NOW:
                _seed_socialtilsyn(ctx, st.slug, index)
            else:
                with services.letters_deferred():
                    _seed_socialtilsyn(ctx, st.slug, index)
        _recompute_last_activity()
    letters_render_pending.delay_on_commit()
