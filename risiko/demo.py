"""Demo data for risiko: præ and post assessments over the last two years for most active units in
all five socialtilsyn, ending roughly 70 % grøn, 22 % gul and 8 % rød, and a few open suggestions.

Præ assessments sit before the units' visits (linked to them); post assessments follow the
completed kvalitetsvurderinger that kvalitetsmodel's demo created (a few are deliberately left
without one so "Mangler post-vurdering" has content). Everything is bulk-created.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pghistory
from django.apps import apps
from django.db.models import DateTimeField, ExpressionWrapper, F, Value

from tilsyn.demo import DemoContext
from tilsyn.models import Enhed, Risikokategori, Tilsynsbesoeg

from .models import DIMENSION_KEYS, Intensitet, Revurderingsforslag, Risikofaktor, Risikovurdering

ANDEL_MED_HISTORIK = 0.96
FORDELING = ([Risikokategori.GROEN, Risikokategori.GUL, Risikokategori.ROED], [70, 22, 8])
NIVEAUER = [Risikokategori.GROEN, Risikokategori.GUL, Risikokategori.ROED]

BEGRUNDELSER = {
    Risikokategori.GROEN: [
        "Stabil ledelse og personalegruppe. Borgerne giver udtryk for at trives, og tidligere udviklingspunkter er fulgt op.",
        "Ingen bekymringer. Tilbuddet dokumenterer sine resultater og har lavt sygefravær.",
        "Plejefamilien fremstår velfungerende; barnet trives i skole og fritid. Ingen henvendelser fra kommunen.",
        "Kvalitetsvurderingen bekræfter fornøden kvalitet i alle temaer. Fortsat standardtilsyn.",
    ],
    Risikokategori.GUL: [
        "Ny leder siden foråret og høj personalegennemstrømning. Usikkerhed om, hvordan pædagogiske planer følges op.",
        "To whistleblower-henvendelser om vikardækning om natten. Behov for uanmeldt besøg og samtaler med medarbejdere.",
        "Lave scorer i Sundhed og trivsel (kriterium 6 om magtanvendelser). Afklarende dialog med ledelsen.",
        "Kommunen har henvendt sig om manglende samarbejde om handleplaner. Redegørelse indhentes.",
        "Økonomien er presset efter fald i belægningen; årsrapporten viser underskud.",
    ],
    Risikokategori.ROED: [
        "Alvorlig bekymring for borgernes sikkerhed: gentagne magtanvendelser uden dokumentation og opfølgning.",
        "Flere alvorlige whistleblower-henvendelser og manglende ledelse. Påbud overvejes; jurist inddraget.",
        "Påbud om kompetenceudvikling er ikke efterlevet inden fristen. Skærpet tilsyn overvejes.",
    ],
}
FAKTORER_FOR = {
    Risikokategori.GROEN: [],
    Risikokategori.GUL: ["Ledelsesskifte", "Høj personalegennemstrømning", "Whistleblower-henvendelser",
                         "Lave scorer i kvalitetsvurderingen", "Økonomiske problemer",
                         "Henvendelser fra kommuner eller pårørende", "Højt sygefravær"],
    Risikokategori.ROED: ["Magtanvendelser", "Whistleblower-henvendelser", "Åbent dialogforløb",
                          "Påbud eller skærpet tilsyn", "Manglende opfølgning på udviklingspunkter",
                          "Lave scorer i kvalitetsvurderingen"],
}
NOTER = {
    Intensitet.STANDARD: {
        "skriftlige": "Årsrapport og nøgletal", "eksterne": "Ved behov", "hyppighed": "Ét uanmeldt besøg i perioden",
        "datakilder": "Ledelse og borgere", "metoder": "Interview", "omfang": "Et halvt dags besøg",
        "afrapportering": "Tilsynsrapport",
    },
    Intensitet.OEGET: {
        "skriftlige": "Pædagogiske planer, vagtplaner og magtanvendelsesindberetninger",
        "eksterne": "Kontakt til visiterende kommuner", "hyppighed": "Et anmeldt og et uanmeldt besøg",
        "datakilder": "Ledelse, medarbejdere og borgere", "metoder": "Interview og observation",
        "omfang": "En hel dag", "afrapportering": "Tilsynsrapport og opfølgende dialogmøde",
    },
    Intensitet.HOEJ: {
        "skriftlige": "Redegørelse og løbende dokumentation", "eksterne": "Kommuner, pårørende og samarbejdspartnere",
        "hyppighed": "Uanmeldte besøg hver måned", "datakilder": "Alle medarbejdergrupper, borgere og pårørende",
        "metoder": "Observation, interview og dokumentanalyse", "omfang": "Flere dage, også aften",
        "afrapportering": "Tæt opfølgning, dialogmøder og skriftlig afrapportering til ledelsen",
    },
}
STANDARD_NIVEAU = {Risikokategori.GROEN: Intensitet.STANDARD, Risikokategori.GUL: Intensitet.OEGET,
                   Risikokategori.ROED: Intensitet.HOEJ}
FORSLAG = [
    "Kvalitetsvurderingen rejser flag: lav score i Organisation og ledelse",
    "Ny henvendelse fra whistleblowerordningen",
    "Kvalitetsvurderingen rejser flag: fald i Sundhed og trivsel",
]


def _plan(rng, kategori: str) -> dict:
    base = STANDARD_NIVEAU[kategori]
    plan = {}
    for key in DIMENSION_KEYS:
        niveau = base
        if rng.random() < 0.2:
            niveau = rng.choice(list(Intensitet))
        plan[key] = {"niveau": str(niveau), "note": NOTER[niveau][key] if rng.random() < 0.7 else ""}
    return plan


def _walk_back(rng, final: str, n: int) -> list[str]:
    """n categories ending in ``final``, each earlier one usually the same or one step away."""
    seq = [final]
    for _ in range(n - 1):
        level = NIVEAUER.index(seq[0])
        roll = rng.random()
        if roll < 0.65:
            prev = level
        elif roll < 0.85:
            prev = max(0, level - 1)
        else:
            prev = min(2, level + 1)
        seq.insert(0, NIVEAUER[prev])
    return seq


def seed(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    faktorer = {f.navn: f for f in Risikofaktor.objects.filter(aktiv=True)}
    Kv = apps.get_model("kvalitetsmodel", "Kvalitetsvurdering")
    enhed_ids = [e.pk for slug in (st.slug for st in ctx.socialtilsyn) for e in ctx.enheder(slug)]
    visits = defaultdict(list)
    for pk, enhed_id, dato in Tilsynsbesoeg.objects.filter(
        enhed_id__in=enhed_ids, dato__gte=today - dt.timedelta(days=730)
    ).values_list("pk", "enhed_id", "dato"):
        visits[enhed_id].append((dato, pk))
    kvs = defaultdict(list)
    for pk, enhed_id, dato, afsluttet in Kv.objects.filter(
        enhed_id__in=enhed_ids, status="afsluttet", erstattet=False
    ).values_list("pk", "enhed_id", "dato", "afsluttet"):
        kvs[enhed_id].append(((afsluttet.date() if afsluttet else dato), pk))

    rows: list[Risikovurdering] = []
    row_faktorer: list[list] = []
    updates: list[Enhed] = []
    forslag: list[Revurderingsforslag] = []
    for st in ctx.socialtilsyn:
        users = ctx.users[st.slug]
        for enhed in ctx.enheder(st.slug):
            if not enhed.er_aktiv or rng.random() > ANDEL_MED_HISTORIK:
                continue
            # Anchors: a præ before each visit, a post after each completed quality assessment.
            anchors = []
            for dato, besoeg_pk in sorted(visits.get(enhed.pk, [])):
                prae = min(today, dato - dt.timedelta(days=rng.randint(10, 35)))
                anchors.append((prae, "prae", besoeg_pk, None))
            own_kvs = sorted(kvs.get(enhed.pk, []))
            for i, (dato, kv_pk) in enumerate(own_kvs):
                if i == len(own_kvs) - 1 and rng.random() < 0.15:
                    continue  # left for "Mangler post-vurdering"
                anchors.append((min(today, dato + dt.timedelta(days=rng.randint(0, 10))), "post", None, kv_pk))
            if not anchors:
                for _ in range(rng.choice([1, 1, 2])):
                    anchors.append((today - dt.timedelta(days=rng.randint(20, 700)), "prae", None, None))
            anchors = sorted(a for a in anchors if a[0] >= enhed.godkendt_dato) or [
                (max(enhed.godkendt_dato, today - dt.timedelta(days=rng.randint(20, 300))), "prae", None, None)]
            final = rng.choices(*FORDELING)[0]
            kategorier = _walk_back(rng, final, len(anchors))
            actor = enhed.ansvarlig_konsulent or users["konsulent"]
            previous, siden = "", None
            for (dato, fase, besoeg_pk, kv_pk), kategori in zip(anchors, kategorier, strict=True):
                rows.append(Risikovurdering(
                    enhed_id=enhed.pk, fase=fase, kategori=kategori, forrige_kategori=previous,
                    begrundelse=rng.choice(BEGRUNDELSER[kategori]), intensitetsplan=_plan(rng, kategori),
                    tilsynsbesoeg_id=besoeg_pk, kvalitetsvurdering_id=kv_pk, dato=dato, vurderet_af=actor,
                ))
                navne = FAKTORER_FOR[kategori]
                row_faktorer.append([faktorer[n] for n in rng.sample(navne, min(len(navne), rng.randint(1, 3)))
                                     if n in faktorer] if navne else [])
                if kategori != previous:
                    siden = dato
                previous = kategori
            updates.append(Enhed(pk=enhed.pk, risikokategori=final, risikokategori_siden=siden))
            enhed.risikokategori, enhed.risikokategori_siden = final, siden
            if rng.random() < 0.05:
                forslag.append(Revurderingsforslag(enhed_id=enhed.pk, grund=rng.choice(FORSLAG),
                                                   kilde="kvalitetsvurdering"))

    with pghistory.context(kilde="demo"):
        created = Risikovurdering.objects.bulk_create(rows, batch_size=1000)
        Through = Risikovurdering.faktorer.through
        Through.objects.bulk_create(
            [Through(risikovurdering_id=v.pk, risikofaktor_id=f.pk)
             for v, fs in zip(created, row_faktorer, strict=True) for f in fs],
            batch_size=2000,
        )
        # Registered on the assessment day (auto_now_add stamped them now).
        Risikovurdering.objects.filter(pk__in=[v.pk for v in created]).update(
            oprettet=ExpressionWrapper(F("dato") + Value(dt.timedelta(hours=10)), output_field=DateTimeField()))
        Enhed.objects.bulk_update(updates, ["risikokategori", "risikokategori_siden"], batch_size=500)
        Revurderingsforslag.objects.bulk_create(forslag)
