"""Demo data for dialogforløb: in every socialtilsyn, forløb in every state and with every outcome,
built through the real services with explicit dates (so guards, four eyes, timeline, frister,
notifications and letters are what the app itself would write) and a realistic, back-dated history.

Pending agterskrivelser and afgørelser are authored by konsulent-<slug>, so jurist-<slug> has a queue.
Every decision is drafted by the konsulent, approved by jurist-<slug> and then issued.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.utils import timezone

from tilsyn.demo import DemoContext
from tilsyn.models import AKTIVE_STATUSSER, Risikokategori

from . import guards, services
from .models import Afgoerelse, Agterskrivelse, Dialogforloeb
from .vocabulary import AfgoerelseArt, Afgoerelsestype, AktivitetArt, Dialogform, Formaal, Udfald

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

# The reasoning differs with the decision announced (an ophør letter must not argue for a påbud).
BEGRUNDELSE = {
    "paabud": "Socialtilsynet vurderer, at tilbuddet ikke har den fornødne kvalitet inden for temaet, og at et påbud "
              "er nødvendigt for at sikre, at betingelserne for godkendelse fortsat er opfyldt.",
    "skaerpet_tilsyn": "Forholdene er alvorlige og vedvarende. Socialtilsynet vurderer, at et påbud ikke alene er "
                       "tilstrækkeligt, og at der er behov for skærpet tilsyn, mens forholdene rettes.",
    "ophoer": "Tilbuddet har ikke opfyldt det udstedte påbud inden fristen. Socialtilsynet vurderer, at tilbuddet ikke "
              "længere opfylder betingelserne for godkendelse, og at godkendelsen derfor bør ophøre.",
    "fornyelse": "Forholdene er kun delvist rettet. Socialtilsynet vurderer, at det skærpede tilsyn fortsat er "
                 "nødvendigt, mens påbuddet følges op.",
}
PLANER = [(Formaal.AFKLARE, Dialogform.MOEDE, 12), (Formaal.AFKLARE, Dialogform.BLANDET, 8),
          (Formaal.PAATAENKT_AFGOERELSE, Dialogform.MOEDE, 16), (Formaal.AFKLARE, Dialogform.SKRIFTLIG, 6)]


def _agter(paataenkt, tema, invitation=None, dialog=()):
    return {
        "paataenkt": paataenkt,
        "sagsfremstilling": f"{tema[1]}\n\nForholdene er drøftet med ledelsen, og tilbuddet har haft lejlighed til at "
                            "redegøre for dem, men socialtilsynet har ved opfølgende besøg konstateret, at "
                            "forholdene ikke er rettet.",
        "begrundelse": BEGRUNDELSE[paataenkt],
        "mulige_reaktioner": "I kan komme med bemærkninger, rette op på forholdene eller konkret beskrive, hvordan I "
                             "vil rette op på dem, inden høringsfristen.",
        "hoeringsfrist_dage": 14,
        "invitation_dialogmoede": invitation,
        "dialog_aktiviteter": list(dialog),
    }


class Builder:
    """Runs the services on back-dated days (``ago(n)``), as each step would have happened."""

    def __init__(self, ctx: DemoContext, slug: str):
        self.ctx, self.slug = ctx, slug
        users = ctx.users[slug]
        self.konsulent, self.jurist, self.leder = users["konsulent"], users["jurist"], users["leder"]
        self.konsulenter = users["konsulenter"]
        self.plan = 0

    def ago(self, n: int) -> dt.date:
        return self.ctx.today - dt.timedelta(days=n)

    def open(self, enhed, days, alvor, tema_i, kilde_i=None, konsulent=None, plan=None):
        konsulent = konsulent or self.konsulent
        tema = TEMAER[tema_i % len(TEMAER)]
        formaal, form, uger = plan or PLANER[self.plan % len(PLANER)]
        self.plan += 1
        f = services.forloeb_create(actor=konsulent, enhed=enhed, kilde=KILDER[(kilde_i or tema_i) % len(KILDER)],
                                    beskrivelse=tema[1], temaer=tema[0], alvor=alvor, dato=self.ago(days),
                                    ansvarlig=konsulent, formaal=formaal, planlagt_dialogform=form,
                                    forventet_varighed_uger=uger)
        f.tema = tema
        return f

    def act(self, f, art, days, **kw):
        kw.setdefault("form", "moede" if "dialogmoede" in art else "skriftlig")
        oplyst = kw.pop("oplyst", True)
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
        dialog = [a for a in services.dialog_valg(f) if a.oplyst_bekymring]
        agter = services.agterskrivelse_create(actor=f.ansvarlig, forloeb=f, dato=self.ago(days),
                                               data=_agter(paataenkt, f.tema, invitation, dialog))
        Agterskrivelse.objects.filter(pk=agter.pk).update(oprettet=self._moment(days))
        return agter

    def submit(self, udkast, days):
        return services.udkast_submit(actor=udkast.forfatter, udkast=udkast, dato=self.ago(days))

    def approve(self, udkast, days):
        udkast = type(udkast).objects.get(pk=udkast.pk)
        return services.udkast_approve(actor=self.jurist, udkast=udkast, tekst_hash=udkast.tekst_hash(),
                                       dato=self.ago(days))

    def send(self, f, days_draft, days_sent, paataenkt="paabud", invitation=None):
        agter = self.draft(f, days_draft, paataenkt, invitation)
        self.submit(agter, days_draft)
        self.approve(agter, max(days_sent, days_draft - 2))
        services.agterskrivelse_send(actor=f.ansvarlig, agterskrivelse=Agterskrivelse.objects.get(pk=agter.pk),
                                     sendt=self.ago(days_sent))
        return self.fresh(f)

    def decide(self, f, art, days, data, *, days_draft=None, frister=None):
        """Draft (the konsulent), approve (the jurist), issue: four eyes on every decision."""
        days_draft = days_draft or days
        afg = services.afgoerelse_create(actor=f.ansvarlig, forloeb=f, art=art, data=data, dato=self.ago(days_draft))
        Afgoerelse.objects.filter(pk=afg.pk).update(oprettet=self._moment(days_draft))
        self.submit(Afgoerelse.objects.get(pk=afg.pk), days_draft)
        self.approve(afg, days)
        afg = services.afgoerelse_issue(actor=f.ansvarlig, afgoerelse=Afgoerelse.objects.get(pk=afg.pk),
                                        frister=frister, dato=self.ago(days))
        return self.fresh(f), afg

    def paabud(self, f, days, frist_days, skaerpet_til=None):
        dato = self.ago(days)
        agter = guards.seneste_sendte(f)
        return self.decide(f, AfgoerelseArt.PAABUD, days, {
            "tekst": "Tilbuddet skal sikre, at forholdene beskrevet i agterskrivelsen bringes i orden.",
            "opfyldelseskriterium": "Socialtilsynet har ved et uanmeldt besøg og gennemgang af dokumentation "
                                    "konstateret, at forholdene er rettet.",
            "begrundelse": "Forholdene er ikke rettet trods dialog. Påbuddet er nødvendigt og står i rimeligt forhold "
                           "til bekymringens alvor.",
            "hoeringssvar_vurdering": "Tilbuddet bestrider ikke de faktiske forhold, men beder om mere tid. Det ændrer "
                                      "ikke vurderingen, men er afspejlet i fristen." if agter.hoeringssvar else "",
            "frist": dato + dt.timedelta(days=frist_days), "skaerpet_til": skaerpet_til})

    def close(self, f, days, udfald, begrundelse, frister=None):
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
    services.udkast_return(actor=b.jurist, udkast=Agterskrivelse.objects.get(pk=agter.pk), dato=b.ago(10),
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
    f = b.act(f, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, 40, referat="Ledelsen har skriftligt besvaret "
                                                                    "socialtilsynets spørgsmål om forholdene.")
    f = b.send(f, 30, 28, invitation=b.ago(20))
    f = b.act(f, AktivitetArt.DIALOGMOEDE_PAATAENKT, 20)
    f = b.act(f, AktivitetArt.HOERINGSSVAR, 15, referat="Tilbuddet bestrider ikke de faktiske forhold.")
    f = b.open(next(units), 26, "hoej", index, kilde_i=2)
    f = b.act(f, AktivitetArt.SKRIFTLIG_KORRESPONDANCE, 25)
    b.send(f, 22, 20)

    # Varslet with a høringsfrist extended on the unit's request.
    f = b.open(next(units), 45, "middel", index + 1)
    f = b.dialog(f, 43, 35)
    f = b.send(f, 12, 10)
    services.hoeringsfrist_extend(actor=f.ansvarlig, agterskrivelse=guards.seneste_sendte(f), dato=b.ago(3),
                                  ny_frist=b.ago(-11), begrundelse="Tilbuddets leder er på ferie; anmodning om en "
                                                                   "uges ekstra frist er imødekommet.")

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
    f = b.act(f, AktivitetArt.HOERINGSSVAR, 82, referat="Tilbuddet anerkender forholdene og beder om mere tid.")
    f, afg = b.paabud(f, 70, 60, skaerpet_til=guards.skaerpet_senest_til(b.ago(70)))
    f, _ = b.decide(f, AfgoerelseArt.FRISTFORLAENGELSE, 15, {
        "frist": afg.frist + dt.timedelta(days=30),
        "begrundelse": "Tilbuddet har anmodet om forlængelse: ny leder tiltræder næste måned. Forlængelsen er "
                       "forsvarlig, fordi det skærpede tilsyn følger forholdene tæt."})

    # Skærpet tilsyn renewed by a new decision: announced, heard, approved, decided in the period's last month.
    f = b.open(next(units), 240, "hoej", index + 4, plan=(Formaal.PAATAENKT_AFGOERELSE, Dialogform.MOEDE, 30))
    f = b.dialog(f, 238, 230)
    f = b.send(f, 215, 210, paataenkt="skaerpet_tilsyn")
    f, afg = b.paabud(f, 170, 150, skaerpet_til=guards.skaerpet_senest_til(b.ago(170)))
    f = b.send(f, 30, 28, paataenkt=Afgoerelsestype.FORNYELSE)
    f = b.act(f, AktivitetArt.HOERINGSSVAR, 20, referat="Tilbuddet mener, at forholdene nu er rettet.")
    periode_slut = Afgoerelse.objects.get(pk=afg.pk).skaerpet_til
    b.decide(f, AfgoerelseArt.FORNYELSE, min(5, (b.ctx.today - guards.add_months(periode_slut, -1)).days - 1), {
        "skaerpet_til": guards.skaerpet_senest_til(periode_slut + dt.timedelta(days=1)),
        "begrundelse": BEGRUNDELSE["fornyelse"],
        "hoeringssvar_vurdering": "Tilbuddet mener, at forholdene er rettet. Ved det seneste uanmeldte besøg var "
                                  "medicinhåndteringen fortsat mangelfuld, så vurderingen fastholdes."})

    # Disproportion for the leader: skærpet tilsyn announced in a forløb of low severity meant to clarify.
    f = b.open(next(units), 100, "lav", index + 5, plan=(Formaal.AFKLARE, Dialogform.SKRIFTLIG, 4))
    f = b.dialog(f, 98, 90)
    b.send(f, 20, 18, paataenkt="skaerpet_tilsyn")

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
    services.forloeb_reopen(actor=b.leder, forloeb=f, dato=b.ago(12),
                            begrundelse="Ny henvendelse fra pårørende om samme forhold.")

    # Ophør af godkendelse after a påbud that was not met (in two socialtilsyn).
    if index % 2 == 0:
        f = b.open(next(units), 330, "hoej", index + 2)
        f = b.dialog(f, 328, 320)
        f = b.send(f, 280, 275)
        f, _ = b.paabud(f, 255, 45)
        f = b.send(f, 60, 55, paataenkt="ophoer")
        b.decide(f, AfgoerelseArt.OPHOER, 30, {"begrundelse": BEGRUNDELSE["ophoer"] + " Påbuddet af " + (
            f"{b.ago(255):%d.%m.%Y} er ikke opfyldt inden fristen.")}, frister="annuller")


def seed(ctx: DemoContext) -> None:
    with pghistory.context(kilde="demo"):
        for index, st in enumerate(ctx.socialtilsyn):
            _seed_socialtilsyn(ctx, st.slug, index)
