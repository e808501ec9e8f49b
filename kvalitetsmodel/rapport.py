"""What the assessment page and the tilsynsrapport PDF show: the tree with computed scores, the
comparison with the previous assessment and the spider chart. Same numbers on screen and on paper."""

from __future__ import annotations

from tilsyn.models import Datakilde, Plejefamilie, Tilbud

from . import charts, scoring, selectors
from .models import OEKONOMI_SPOERGSMAAL, SKALA, Oekonomisvar


def spider(skema: scoring.Skema, forrige: scoring.Skema | None) -> str:
    labels = [t.tema.navn for t in skema.temaer]
    nu = [t.score for t in skema.temaer]
    foer = None
    if forrige is not None and forrige.vurdering.scorer:
        by_name = {t.tema.navn: t.score for t in forrige.temaer}
        foer = [by_name.get(lbl) for lbl in labels]
    if not skema.vurdering.scorer:
        return ""
    return charts.spider_svg(labels, nu, foer)


def tema_tabel(skema: scoring.Skema, forrige: scoring.Skema | None) -> list[dict]:
    by_name = {t.tema.navn: t.score for t in forrige.temaer} if forrige else {}
    rows = []
    for t in skema.temaer:
        foer = by_name.get(t.tema.navn)
        rows.append({"tema": t.tema, "nu": t.score, "foer": foer,
                     "aendring": (t.score - foer) if t.score is not None and foer is not None else None})
    return rows


def enhed_stamdata(enhed) -> dict:
    """Header fields of the report (domain.md §1.5 'Report contents')."""
    data = {"navn": enhed.navn, "adresse": f"{enhed.adresse}, {enhed.postnummer} {enhed.by}",
            "maalgrupper": f"{enhed.alder_fra} til {enhed.alder_til} år", "tilbudstyper": "", "pladser": None,
            "omraade": "Sociale tilbud" if enhed.art == "tilbud" else "Plejefamilier"}
    if enhed.art == "tilbud":
        tilbud = Tilbud.objects.prefetch_related("tilbudstyper").get(pk=enhed.pk)
        data["tilbudstyper"] = ", ".join(f"{t.paragraf} ({t.navn.lower()})" for t in tilbud.tilbudstyper.all())
        data["maalgrupper"] += f" ({tilbud.maalgrupper.lower()})"
        data["pladser"] = tilbud.pladser
        data["driftsherre"] = tilbud.driftsherre_navn
    else:
        familie = Plejefamilie.objects.get(pk=enhed.pk)
        data["tilbudstyper"] = f"{familie.get_plejefamilietype_display()} (BL § 43, stk. 1)"
        data["pladser"] = familie.godkendt_antal_boern
    return data


def datakilder_display(values) -> str:
    labels = dict(Datakilde.choices)
    return ", ".join(labels.get(v, v) for v in values)


def context(vurdering) -> dict:
    skema = selectors.skema(vurdering)
    previous = selectors.forrige(vurdering)
    forrige_skema = selectors.skema(previous) if previous else None
    svar = dict(Oekonomisvar.choices)
    alle_kilder = sorted({k for b in skema.bedoemmelser() for k in b.datakilder} | set(vurdering.datakilder))
    return {
        "vurdering": vurdering,
        "socialtilsyn": vurdering.enhed.socialtilsyn,
        "stamdata": enhed_stamdata(vurdering.enhed),
        "skema": skema,
        "forrige": previous,
        "forrige_skema": forrige_skema,
        "spider": spider(skema, forrige_skema),
        "tema_tabel": tema_tabel(skema, forrige_skema),
        "skala": sorted(SKALA.items(), reverse=True),
        "oekonomi": [] if vurdering.enhed.art != "tilbud" else [
            (label, svar.get(getattr(vurdering, name), "Ikke besvaret")) for name, label in OEKONOMI_SPOERGSMAAL],
        "datakilder": datakilder_display(alle_kilder),
        "udarbejdet_af": vurdering.afsluttet_af or vurdering.oprettet_af,
        "har_uverificeret": any(
            (b.indikator and b.indikator.tekst_ikke_verificeret) or b.kriterium.tekst_ikke_verificeret
            for b in skema.bedoemmelser()
        ),
    }
