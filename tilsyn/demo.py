"""Demo data for the register: realistic, seeded and repeatable.

The demo command (``manage.py demo_data``) calls ``seed(ctx)`` here first, then ``seed(ctx)`` in
each domain app's ``demo`` module (frister, kvalitetsmodel, risiko, dialogforloeb), all with the
same ``DemoContext`` so every app's demo data builds on the same units, users and visits.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pghistory
from django.contrib.auth.hashers import make_password

from .models import (
    Afdeling,
    Besoegsstatus,
    Besoegstype,
    Datakilde,
    Godkendelsesaendring,
    Godkendelsesstatus,
    Kommune,
    Metode,
    Plejefamilie,
    Socialtilsyn,
    Tilbud,
    Tilbudstype,
    Tilsynsbesoeg,
    User,
)
from .services import GRUNDLAG_REGISTRERET

DEMO_PASSWORD = "demo"
TILBUD_PER_TILSYN = 62
PLEJEFAMILIER_PER_TILSYN = 124


@dataclass
class DemoContext:
    rng: random.Random
    today: dt.date
    socialtilsyn: list[Socialtilsyn] = field(default_factory=list)
    # slug -> {"konsulent": User, "leder": User, "jurist": User, "konsulenter": [User, ...]}
    users: dict[str, dict] = field(default_factory=dict)
    # slug -> list of units
    tilbud: dict[str, list[Tilbud]] = field(default_factory=dict)
    plejefamilier: dict[str, list[Plejefamilie]] = field(default_factory=dict)

    def enheder(self, slug: str) -> list:
        return [*self.tilbud.get(slug, []), *self.plejefamilier.get(slug, [])]


FORNAVNE = ["Anne", "Mette", "Lars", "Jens", "Hanne", "Søren", "Camilla", "Mikkel", "Louise", "Rasmus", "Birgitte",
            "Kasper", "Line", "Thomas", "Signe", "Peter", "Maja", "Henrik", "Julie", "Anders", "Ida", "Niels", "Sofie",
            "Morten", "Pernille", "Jørgen", "Lærke", "Bo", "Trine", "Ole"]
EFTERNAVNE = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
              "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen", "Johansen", "Møller",
              "Mortensen", "Østergaard", "Bæk", "Kjær", "Holm", "Lund", "Dahl", "Skov", "Bech", "Frølund"]
TILBUD_FORLED = ["Bostedet", "Opholdsstedet", "Botilbuddet", "Døgninstitutionen", "Center", "Bofællesskabet", "Huset",
                 "Krisecentret", "Herberget", "Behandlingscentret", "Ungehuset", "Hjemmet"]
TILBUD_NAVNE = ["Ågården", "Solsikken", "Bøgely", "Skovbrynet", "Kildevang", "Æblehaven", "Fjordblik", "Lærkereden",
                "Engbo", "Møllehuset", "Havgården", "Ørnereden", "Birkelund", "Strandhøj", "Granly", "Rosenhaven",
                "Søbakken", "Lyngbo", "Tjørnelyst", "Egebjerg", "Kastanjehuset", "Nørreled", "Vestervang", "Østerbo",
                "Højvang", "Bakkehuset", "Rønnebær", "Fuglsang", "Kløverstien", "Hyldebo", "Pilegården", "Mosegården"]
VEJE = ["Skovvej", "Bøgevej", "Kirkevej", "Stationsvej", "Møllevej", "Engvej", "Vestergade", "Østergade", "Nørregade",
        "Søndergade", "Ahornvej", "Lindevej", "Birkevej", "Strandvejen", "Bakkevej", "Fjordvej", "Åvej", "Kærvej"]
MAALGRUPPER = {
    "SEL_107": "Psykisk sårbarhed, angst, skizofreni", "SEL_108": "Udviklingshæmning, autisme, epilepsi",
    "SEL_109": "Kvinder udsat for vold i nære relationer og deres børn", "SEL_110": "Hjemløshed, misbrug",
    "SEL_101": "Stofmisbrug", "SEL_101A": "Stofmisbrug (anonym behandling)", "SUL_141": "Alkoholmisbrug",
    "SEL_85_ABL105": "Udviklingshæmning, fysisk funktionsnedsættelse",
    "BL_43_6": "Børn og unge med omsorgssvigt, tilknytningsforstyrrelse",
    "BL_43_7": "Unge med indlæringsvanskeligheder",
}
ALDER = {"BL_43_6": (6, 17), "BL_43_7": (14, 18), "SEL_109": (18, 99)}
POSTNUMRE = {"hovedstaden": ("2000", "Frederiksberg"), "sjaelland": ("4300", "Holbæk"), "syddanmark": ("5750", "Ringe"),
             "midtjylland": ("8600", "Silkeborg"), "nordjylland": ("9800", "Hjørring")}
EXTRA_KONSULENTER = 4


def _name(rng) -> tuple[str, str]:
    return rng.choice(FORNAVNE), rng.choice(EFTERNAVNE)


def _users(ctx: DemoContext) -> None:
    password = make_password(DEMO_PASSWORD)
    if not User.objects.filter(username="admin").exists():
        User.objects.create(username="admin", password=password, is_staff=True, is_superuser=True,
                            first_name="Systemets", last_name="administrator")
    for st in ctx.socialtilsyn:
        users = {}
        for rolle in ("konsulent", "leder", "jurist"):
            first, last = _name(ctx.rng)
            users[rolle] = User.objects.create(
                username=f"{rolle}-{st.slug}", password=password, first_name=first, last_name=last,
                email=f"{rolle}-{st.slug}@example.org", socialtilsyn=st, **{f"is_{rolle}": True},
            )
        users["konsulenter"] = [users["konsulent"]] + [
            User.objects.create(
                username=f"konsulent{i}-{st.slug}", password=password, first_name=_name(ctx.rng)[0],
                last_name=_name(ctx.rng)[1], email=f"konsulent{i}-{st.slug}@example.org", socialtilsyn=st,
                is_konsulent=True,
            )
            for i in range(2, 2 + EXTRA_KONSULENTER)
        ]
        ctx.users[st.slug] = users


def _status(rng, today) -> tuple[str, dt.date | None, dt.date | None]:
    """A unit is registered as an application or with its existing approval; an approval ends only by a
    decision (the dialogforløb demo's ophør af godkendelse), never in the register's own data."""
    roll = rng.random()
    godkendt = today - dt.timedelta(days=rng.randint(200, 3600))
    if roll < 0.04:
        return Godkendelsesstatus.ANSOEGT, None, None
    if roll < 0.08:
        rng.randint(10, 300)  # keeps the seeded sequence (and so the rest of the demo) as it was
        return Godkendelsesstatus.GODKENDT, godkendt, None
    if roll < 0.20:
        return Godkendelsesstatus.GODKENDT_MED_VILKAAR, godkendt, None
    return Godkendelsesstatus.GODKENDT, godkendt, None


def _godkendelse_rows(ctx: DemoContext) -> None:
    """Each unit's first approval row, as tilsyn.services writes it at registration (in bulk here: the
    demo loads ~900 units at once): an application from its date, an approval from its date."""
    Godkendelsesaendring.objects.bulk_create([
        Godkendelsesaendring(enhed_id=e.pk, fra="", til=e.godkendelsesstatus, grundlag=GRUNDLAG_REGISTRERET,
                             dato=e.godkendt_dato or e.ansoegt_dato, actor=e.ansvarlig_konsulent)
        for st in ctx.socialtilsyn for e in ctx.enheder(st.slug)
    ], batch_size=1000)


def _units(ctx: DemoContext) -> None:
    typer = {t.kode: t for t in Tilbudstype.objects.all()}
    weights = {"SEL_107": 12, "SEL_108": 16, "SEL_109": 4, "SEL_110": 4, "SEL_101": 4, "SEL_101A": 1, "SUL_141": 3,
               "SEL_85_ABL105": 10, "BL_43_6": 14, "BL_43_7": 3}
    codes, wts = list(weights), list(weights.values())
    used_names: set[str] = set()
    for st in ctx.socialtilsyn:
        kommuner = list(Kommune.objects.filter(region=st.region))
        postnr, by = POSTNUMRE[st.region]
        konsulenter = ctx.users[st.slug]["konsulenter"]
        ctx.tilbud[st.slug], ctx.plejefamilier[st.slug] = [], []
        for _ in range(TILBUD_PER_TILSYN):
            kode = ctx.rng.choices(codes, wts)[0]
            while True:
                navn = f"{ctx.rng.choice(TILBUD_FORLED)} {ctx.rng.choice(TILBUD_NAVNE)}"
                if kode == "SEL_109":
                    navn = f"Krisecentret {ctx.rng.choice(TILBUD_NAVNE)}"
                if navn not in used_names:
                    break
                navn = f"{navn} {ctx.rng.choice(['Nord', 'Syd', 'Øst', 'Vest', 'II'])}"
                if navn not in used_names:
                    break
            used_names.add(navn)
            kommune = ctx.rng.choice(kommuner)
            status, godkendt, ophoert = _status(ctx.rng, ctx.today)
            ejerform = ctx.rng.choices(list(Tilbud.Ejerform), [5, 2, 5])[0]
            alder = ALDER.get(kode, (18, 85))
            tilbud = Tilbud.objects.create(
                socialtilsyn=st, navn=navn, adresse=f"{ctx.rng.choice(VEJE)} {ctx.rng.randint(1, 140)}",
                postnummer=postnr, by=kommune.navn if len(kommune.navn) < 30 else by, kommune=kommune,
                alder_fra=alder[0], alder_til=alder[1], godkendelsesstatus=status, godkendt_dato=godkendt,
                ansoegt_dato=(godkendt or ctx.today) - dt.timedelta(days=ctx.rng.randint(40, 120)), ophoert_dato=ophoert,
                ansvarlig_konsulent=ctx.rng.choice(konsulenter),
                driftsherre_navn=f"{kommune.navn} Kommune" if ejerform == "kommunal" else (
                    f"Region {st.get_region_display().removeprefix('Region ')}" if ejerform == "regional"
                    else f"Den selvejende institution {navn.split(' ', 1)[1]}"),
                driftsherre_ejerform=ejerform, driftsherre_cvr=f"{ctx.rng.randint(10_000_000, 99_999_999)}",
                maalgrupper=MAALGRUPPER[kode], pladser=ctx.rng.randint(4, 40),
            )
            extra = [typer[kode]]
            if kode == "SEL_108" and ctx.rng.random() < 0.3:
                extra.append(typer["SEL_107"])
            tilbud.tilbudstyper.set(extra)
            if tilbud.pladser > 14:
                for i, afd in enumerate(("Hus A", "Hus B", "Hus C")[: ctx.rng.randint(2, 3)]):
                    Afdeling.objects.create(tilbud=tilbud, navn=afd, adresse=f"{tilbud.adresse}{'ABC'[i]}",
                                            pladser=max(1, tilbud.pladser // 3))
            ctx.tilbud[st.slug].append(tilbud)
        for _ in range(PLEJEFAMILIER_PER_TILSYN):
            first1, last = _name(ctx.rng)
            first2 = ctx.rng.choice(FORNAVNE)
            kommune = ctx.rng.choice(kommuner)
            status, godkendt, ophoert = _status(ctx.rng, ctx.today)
            pftype = ctx.rng.choices(list(Plejefamilie.Type), [6, 3, 1])[0]
            alene = ctx.rng.random() < 0.15
            familie = Plejefamilie.objects.create(
                socialtilsyn=st, navn=f"Familien {last} ({kommune.navn})",
                adresse=f"{ctx.rng.choice(VEJE)} {ctx.rng.randint(1, 140)}",
                postnummer=postnr, by=kommune.navn if len(kommune.navn) < 30 else by, kommune=kommune,
                alder_fra=ctx.rng.choice([0, 3, 6]), alder_til=ctx.rng.choice([12, 17, 17, 22]),
                godkendelsesstatus=status, godkendt_dato=godkendt, ophoert_dato=ophoert,
                ansoegt_dato=(godkendt or ctx.today) - dt.timedelta(days=ctx.rng.randint(60, 200)),
                ansvarlig_konsulent=ctx.rng.choice(konsulenter), plejefamilietype=pftype,
                plejeforaelder_1=f"{first1} {last}", plejeforaelder_2="" if alene else f"{first2} {last}",
                godkendt_antal_boern=ctx.rng.randint(1, 3), aflastning=ctx.rng.random() < 0.25,
            )
            ctx.plejefamilier[st.slug].append(familie)


NOTER = [
    "Samtale med leder og to medarbejdere. Gennemgang af handleplaner og dokumentation af magtanvendelser.",
    "Observation i fællesarealer ved aftensmad. God stemning; borgerne giver udtryk for at trives.",
    "Interview med tre borgere og en pårørende. Enkelte udtrykker utryghed ved skiftende vikarer.",
    "Dokumentanalyse af medicinhåndtering og pædagogiske planer. Mangler opfølgning på to planer.",
    "Rundvisning og samtale med plejeforældre og barn. Barnet fortæller om skole og fritidsaktiviteter.",
]


def _visits(ctx: DemoContext) -> None:
    besoeg, konsulent_links = [], []
    for st in ctx.socialtilsyn:
        konsulenter = ctx.users[st.slug]["konsulenter"]
        for enhed in ctx.enheder(st.slug):
            if not enhed.godkendt_dato:
                continue
            # The latest visit mostly lies within the 12-month interval; about one in ten is overdue.
            # Earlier visits go back every 4-9 months, over the last two years.
            dates = []
            dato = ctx.today - dt.timedelta(days=ctx.rng.choice([ctx.rng.randint(5, 362)] * 9 + [ctx.rng.randint(370, 480)]))
            while dato >= max(enhed.godkendt_dato, ctx.today - dt.timedelta(days=730)):
                dates.append(dato)
                dato -= dt.timedelta(days=ctx.rng.randint(120, 280))
            for dato in dates:
                anmeldt = ctx.rng.random() < 0.45
                varsel = dato - dt.timedelta(days=ctx.rng.choice([14, 21, 25, 28, 35])) if anmeldt else None
                ansvarlig = enhed.ansvarlig_konsulent or ctx.rng.choice(konsulenter)
                besoeg.append(Tilsynsbesoeg(
                    enhed=enhed, besoegstype=Besoegstype.ANMELDT if anmeldt else Besoegstype.UANMELDT,
                    status=Besoegsstatus.GENNEMFOERT, varslet_dato=varsel, dato=dato,
                    metoder=ctx.rng.sample(list(Metode.values), ctx.rng.randint(1, 3)),
                    datakilder=ctx.rng.sample(list(Datakilde.values), ctx.rng.randint(2, 4)),
                    fokus_temaer=ctx.rng.choice(["Sundhed og trivsel", "Organisation og ledelse", "Kompetencer",
                                                 "Målgrupper, metoder og resultater", ""]),
                    noter=ctx.rng.choice(NOTER), oprettet_af=ansvarlig,
                ))
                konsulent_links.append(ansvarlig)
            if enhed.er_aktiv and ctx.rng.random() < 0.08:
                dato = ctx.today + dt.timedelta(days=ctx.rng.randint(3, 40))
                besoeg.append(Tilsynsbesoeg(
                    enhed=enhed, besoegstype=Besoegstype.ANMELDT, status=Besoegsstatus.PLANLAGT,
                    varslet_dato=ctx.today, dato=dato, metoder=["interview", "observation"],
                    datakilder=["ledelse", "borgere"], fokus_temaer="Opfølgning på udviklingspunkter",
                    oprettet_af=enhed.ansvarlig_konsulent or konsulenter[0],
                ))
                konsulent_links.append(enhed.ansvarlig_konsulent or konsulenter[0])
    created = Tilsynsbesoeg.objects.bulk_create(besoeg, batch_size=1000)
    Through = Tilsynsbesoeg.konsulenter.through
    Through.objects.bulk_create(
        [Through(tilsynsbesoeg_id=b.pk, user_id=k.pk) for b, k in zip(created, konsulent_links, strict=True)],
        batch_size=2000,
    )


def seed(ctx: DemoContext) -> None:
    ctx.socialtilsyn = list(Socialtilsyn.objects.order_by("pk"))
    with pghistory.context(kilde="demo"):
        _users(ctx)
        _units(ctx)
        _godkendelse_rows(ctx)
        _visits(ctx)
