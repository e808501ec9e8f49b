"""Demo data for quality assessments: completed assessments (two for many units, so the comparison
and the spider chart show current against previous; some with drops and low scores that raise
flags) and drafts for the demo consultants. Rows are built in memory and bulk-created."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pgtrigger
from django.utils import timezone

from tilsyn.models import Besoegsstatus, Tilbud, Tilsynsbesoeg

from . import scoring
from .models import (
    Bedoemmelse,
    Indikator,
    KriterieVurdering,
    Kriterium,
    Kvalitetsflag,
    Kvalitetsmodel,
    Kvalitetsvurdering,
    Tema,
    TemaVurdering,
    VurderingArt,
    VurderingStatus,
)

BEGRUNDELSER = {
    5: ["Ledelse, medarbejdere og borgere beskriver samstemmende en praksis, der i meget høj grad lever op til indikatoren.",
        "Observationen på besøget og den skriftlige dokumentation viser en gennemgående stærk praksis."],
    4: ["Socialtilsynet vurderer på baggrund af interview og dokumentation, at indikatoren i høj grad er opfyldt.",
        "Praksis er velbeskrevet og genkendes i interview med medarbejdere og borgere; enkelte forhold kan styrkes."],
    3: ["Indikatoren er i middel grad opfyldt. Praksis er ikke ensartet, og dokumentationen er mangelfuld på dele af området.",
        "Medarbejderne beskriver tilgangen, men det fremgår ikke tydeligt af dokumentationen, at der følges systematisk op."],
    2: ["Indikatoren er i lav grad opfyldt. Socialtilsynet har observeret forhold, der ikke understøtter indikatoren.",
        "Interview og dokumentation viser væsentlige mangler; tilbuddet har ikke fulgt op på tidligere udviklingspunkter."],
    1: ["Indikatoren er ikke opfyldt. Socialtilsynet har konstateret alvorlige mangler, som kræver opfølgning.",
        "Borgere og pårørende beskriver forhold, der står i modsætning til indikatoren, og der er ingen dokumentation."],
}
SAMLET = [
    "Socialtilsynet vurderer, at {navn} samlet set har den fornødne kvalitet. Tilbuddet arbejder målrettet med borgernes "
    "udvikling, og ledelsen har fokus på faglig sparring.",
    "Det er socialtilsynets samlede vurdering, at {navn} fortsat lever op til betingelserne for godkendelse, men at der er "
    "områder, hvor kvaliteten bør styrkes, jf. udviklingspunkterne.",
    "Socialtilsynet har på tilsynet konstateret forhold, der giver anledning til bekymring for kvaliteten i {navn}. Forholdene "
    "følges tæt, og socialtilsynet indgår i dialog med ledelsen.",
]
UDVIKLING = ["Tilbuddet kan med fordel styrke dokumentationen af borgernes mål og opfølgningen herpå.",
             "Tilbuddet bør sikre, at alle medarbejdere kender og anvender de faglige metoder ensartet.",
             "Plejefamilien kan med fordel deltage i supervision og relevante kurser.",
             "Tilbuddet bør arbejde med at nedbringe sygefraværet og personalegennemstrømningen."]
TEMA_TEKST = "Temaet er vurderet på baggrund af indikatorerne, interview og dokumentation. {grad}"
GRAD = {5: "Kvaliteten er i meget høj grad til stede.", 4: "Kvaliteten er i høj grad til stede.",
        3: "Kvaliteten er i middel grad til stede.", 2: "Kvaliteten er i lav grad til stede.",
        1: "Kvaliteten er i meget lav grad til stede."}


class _Tree:
    """One model version's criteria and indicators, loaded once."""

    def __init__(self, model):
        self.model = model
        self.temaer = list(Tema.objects.filter(model=model).order_by("nummer"))
        self.kriterier = list(Kriterium.objects.filter(tema__model=model).order_by("nummer"))
        krit = {k.pk: k for k in self.kriterier}
        self.indikatorer = list(Indikator.objects.filter(kriterium__tema__model=model, udgaaet=False)
                                .order_by("kriterium__nummer", "bogstav"))
        for i in self.indikatorer:
            i.kriterium = krit[i.kriterium_id]
        self.tema_of = {k.pk: k.tema_id for k in self.kriterier}


def _clamp(v: float) -> int:
    return max(1, min(5, round(v)))


def _vurdering_rows(ctx, tree, vurdering, typer, niveau: float, svage_temaer: set[int], *, udfyldt: float = 1.0):
    rng = ctx.rng
    rows = []
    for i in tree.indikatorer:
        relevant = i.relevant_for(typer)
        b = Bedoemmelse(vurdering=vurdering, indikator=i, kriterium=i.kriterium, ikke_relevant=not relevant)
        if relevant and rng.random() < udfyldt:
            mu = niveau - (2.2 if tree.tema_of[i.kriterium_id] in svage_temaer else 0)
            b.score = _clamp(rng.gauss(mu, 0.55))
            b.begrundelse = rng.choice(BEGRUNDELSER[b.score])
            b.datakilder = list(vurdering.datakilder) or ["ledelse", "medarbejdere"]
        rows.append(b)
    return rows


def _texts(ctx, tree, vurdering, skema, enhed, udfyldt: bool = True):
    tv, kv = [], []
    for t in skema.temaer:
        grad = GRAD.get(_clamp(float(t.score)) if t.score is not None else 4)
        tv.append(TemaVurdering(vurdering=vurdering, tema=t.tema, score=t.score if vurdering.afsluttet is not None else None,
                                tekst=TEMA_TEKST.format(grad=grad) if udfyldt else ""))
        for k in t.kriterier:
            kv.append(KriterieVurdering(vurdering=vurdering, kriterium=k.kriterium,
                                        score=k.score if vurdering.afsluttet is not None else None,
                                        tekst=f"{k.kriterium.label} er vurderet ud fra indikatorerne." if udfyldt else ""))
    return tv, kv


def seed(ctx) -> None:
    trees = {m.omraade: _Tree(m) for m in Kvalitetsmodel.objects.filter(version="2017")}
    if len(trees) < 2:
        return
    tz = timezone.get_current_timezone()
    all_units = [e for st in ctx.socialtilsyn for e in ctx.enheder(st.slug)]
    typer_by_unit = defaultdict(list)
    for row in Tilbud.tilbudstyper.through.objects.filter(tilbud_id__in=[e.pk for e in all_units]).select_related("tilbudstype"):
        typer_by_unit[row.tilbud_id].append(row.tilbudstype)
    visits = defaultdict(list)
    for b in (Tilsynsbesoeg.objects.filter(enhed_id__in=[e.pk for e in all_units], status=Besoegsstatus.GENNEMFOERT)
              .order_by("-dato").only("pk", "enhed_id", "dato", "datakilder")):
        visits[b.enhed_id].append(b)

    vurderinger, bedoemmelser, tema_v, krit_v, flags = [], [], [], [], []
    pending = []  # (vurdering, rows, enhed, tree, previous skema) to finish after the ids exist

    for st in ctx.socialtilsyn:
        users = ctx.users[st.slug]
        konsulenter = users["konsulenter"]
        drafts_for = {users["konsulent"].pk: 3}
        for enhed in ctx.enheder(st.slug):
            if not enhed.er_aktiv:
                continue
            tree = trees[enhed.art]
            besoeg = visits.get(enhed.pk, [])
            roll = ctx.rng.random()
            to, en = (0.5, 0.7) if enhed.art == "tilbud" else (0.25, 0.4)
            antal = 2 if roll < to else (1 if roll < en else 0)
            antal = min(antal, len(besoeg))
            niveau = ctx.rng.choice([4.6, 4.4, 4.2, 4.0, 3.8, 3.5]) if ctx.rng.random() > 0.05 else 2.4
            ansvarlig = enhed.ansvarlig_konsulent or ctx.rng.choice(konsulenter)
            forrige_skema = None
            for n, visit in enumerate(reversed(besoeg[:antal])):
                er_seneste = n == antal - 1
                # About one in eight units with two assessments dropped sharply in one or two themes.
                svage = set()
                if er_seneste and antal == 2 and ctx.rng.random() < 0.12:
                    svage = set(ctx.rng.sample([t.pk for t in tree.temaer], ctx.rng.choice([1, 2])))
                afsluttet = min(dt.datetime.combine(visit.dato + dt.timedelta(days=ctx.rng.randint(5, 20)), dt.time(14, 0)),
                                dt.datetime.combine(ctx.today, dt.time(9, 0)))
                v = Kvalitetsvurdering(
                    enhed=enhed, model=tree.model, art=VurderingArt.DRIFT, status=VurderingStatus.AFSLUTTET,
                    besoeg=visit, dato=visit.dato, datakilder=list(visit.datakilder), oprettet_af=ansvarlig,
                    afsluttet=timezone.make_aware(afsluttet, tz), afsluttet_af=ansvarlig,
                    samlet_vurdering=ctx.rng.choice(SAMLET[:2] if niveau >= 3.5 and not svage else SAMLET[1:]).format(
                        navn=enhed.navn),
                    udviklingspunkter=ctx.rng.choice(UDVIKLING), opmaerksomhedspunkter="",
                    oekonomi_baeredygtig="ja" if niveau >= 3.5 else "delvist", oekonomi_kvalitet_pris="ja",
                    oekonomi_gennemsigtig=ctx.rng.choice(["ja", "ja", "delvist"]),
                    oekonomi_tekst="Socialtilsynet har gennemgået budget og årsrapport. Økonomien vurderes at give mulighed "
                                   "for den fornødne kvalitet i forhold til prisen og målgruppen.",
                )
                rows = _vurdering_rows(ctx, tree, v, typer_by_unit.get(enhed.pk, []), niveau, svage)
                skema = scoring.build(v, tree.temaer, tree.kriterier, rows, [], [])
                vurderinger.append(v)
                pending.append((v, rows, skema, forrige_skema if er_seneste else None, enhed, tree))
                forrige_skema = skema
            # Drafts: the demo consultant has a few under way, others one now and then.
            if ansvarlig.pk in drafts_for and drafts_for[ansvarlig.pk] > 0 and antal:
                drafts_for[ansvarlig.pk] -= 1
            elif not (antal and ctx.rng.random() < 0.03):
                continue
            v = Kvalitetsvurdering(enhed=enhed, model=tree.model, art=VurderingArt.DRIFT, status=VurderingStatus.KLADDE,
                                   dato=ctx.today - dt.timedelta(days=ctx.rng.randint(1, 12)), oprettet_af=ansvarlig,
                                   datakilder=["ledelse", "medarbejdere", "borgere"])
            rows = _vurdering_rows(ctx, tree, v, typer_by_unit.get(enhed.pk, []), niveau, set(),
                                   udfyldt=ctx.rng.uniform(0.2, 0.8))
            vurderinger.append(v)
            pending.append((v, rows, scoring.build(v, tree.temaer, tree.kriterier, rows, [], []), None, enhed, tree))

    # Written as drafts and completed once their rows exist, as the service does (a completed
    # assessment's rows are locked in PostgreSQL).
    afsluttede = [v for v in vurderinger if v.status == VurderingStatus.AFSLUTTET]
    for v in afsluttede:
        v.status = VurderingStatus.KLADDE
    Kvalitetsvurdering.objects.bulk_create(vurderinger, batch_size=1000)
    for v, rows, skema, forrige_skema, enhed, tree in pending:
        for b in rows:
            b.vurdering_id = v.pk
        bedoemmelser.extend(rows)
        tv, kv = _texts(ctx, tree, v, skema, enhed, udfyldt=v.afsluttet is not None)
        tema_v.extend(tv)
        krit_v.extend(kv)
        if v.afsluttet is not None:
            flags.extend(scoring.flag(skema, forrige_skema))
    # The assessments' own insert events stay in the history; their ~50,000 child rows would only
    # add insert events nobody reads and make the demo load slow, so their history triggers are skipped.
    with pgtrigger.ignore("kvalitetsmodel.Bedoemmelse:insert_insert", "kvalitetsmodel.TemaVurdering:insert_insert",
                          "kvalitetsmodel.KriterieVurdering:insert_insert"):
        Bedoemmelse.objects.bulk_create(bedoemmelser, batch_size=5000)
        TemaVurdering.objects.bulk_create(tema_v, batch_size=5000)
        KriterieVurdering.objects.bulk_create(krit_v, batch_size=5000)
    Kvalitetsvurdering.objects.filter(pk__in=[v.pk for v in afsluttede]).update(status=VurderingStatus.AFSLUTTET)
    for v in afsluttede:
        v.status = VurderingStatus.AFSLUTTET
    for f in flags:
        f.vurdering_id = f.vurdering.pk
    Kvalitetsflag.objects.bulk_create(flags, batch_size=1000)
    _suggest_risk(ctx, flags)


def _suggest_risk(ctx, flags) -> None:
    """Units flagged in an assessment of the last three months get a suggestion to reassess the risk."""
    from .services import _revurdering

    recent = ctx.today - dt.timedelta(days=90)
    seen = set()
    for f in flags:
        if f.enhed_id in seen or f.vurdering.dato < recent:
            continue
        seen.add(f.enhed_id)
        _revurdering(f.vurdering.enhed, "Kvalitetsvurderingen rejser flag: " + f.tekst)
