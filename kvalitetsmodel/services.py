"""Writes for quality assessments. Each checks the actor's permission, runs in one transaction with
the actor recorded on the history rows, and refuses with a Danish message."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tilsyn import dates
from tilsyn.errors import Checks, DomainError
from tilsyn.models import Datakilde, Tilsynsbesoeg
from tilsyn.services import require_perm, write

from . import scoring, selectors
from .models import (
    Bedoemmelse,
    Indikator,
    KriterieVurdering,
    Kriterium,
    Kvalitetsflag,
    Kvalitetsmodel,
    Kvalitetsvurdering,
    Niveau,
    Oekonomisvar,
    Tema,
    TemaVurdering,
    VurderingArt,
    VurderingStatus,
)

LAAST = "Vurderingen er afsluttet og kan ikke ændres. Ret den ved at oprette en ny version med en begrundelse."


def _tilbudstyper(enhed) -> list:
    if enhed.art != "tilbud":
        return []
    from tilsyn.models import Tilbud

    return list(Tilbud.objects.get(pk=enhed.pk).tilbudstyper.all())


def aktiv_model(enhed) -> Kvalitetsmodel | None:
    return selectors.modeller_til(enhed).order_by("-gyldig_fra", "-pk").first()


def dato_fejl(dato, *, enhed, besoeg=None) -> str | None:
    """An assessment is dated when it was made: not in the future, not before LOST, the unit's
    application or the visit it is based on."""
    tidligst, hvad = enhed.ansoegt_dato, "enhedens ansøgningsdato"
    if besoeg is not None and (tidligst is None or besoeg.dato > tidligst):
        tidligst, hvad = besoeg.dato, "tilsynsbesøget, den bygger på"
    return dates.sket(dato, hvad="Vurderingsdatoen", tidligst=tidligst, tidligst_hvad=hvad)


def vurdering_start(*, actor, enhed, art: str = VurderingArt.DRIFT, model: Kvalitetsmodel | None = None,
                    besoeg: Tilsynsbesoeg | None = None, dato: dt.date | None = None) -> Kvalitetsvurdering:
    """Create a draft with one row per indicator (or criterion), 'ikke relevant' set from the unit's types."""
    require_perm(actor, "kvalitetsmodel.add_kvalitetsvurdering", enhed,
                 "Kun konsulenter i enhedens socialtilsyn kan starte en kvalitetsvurdering.")
    if art not in VurderingArt.values:
        raise DomainError("Vælg vurderingstype.", field="art")
    model = model or aktiv_model(enhed)
    if model is None:
        raise DomainError("Der er ingen aktiv kvalitetsmodel for denne type enhed.", field="model")
    if model.omraade != enhed.art:
        raise DomainError("Kvalitetsmodellen passer ikke til enhedstypen.", field="model")
    if besoeg is not None and besoeg.enhed_id != enhed.pk:
        raise DomainError("Tilsynsbesøget hører ikke til denne enhed.", field="besoeg")
    dato = dato or (besoeg.dato if besoeg else dates.today())
    checks = Checks()
    checks.add("dato", dato_fejl(dato, enhed=enhed, besoeg=besoeg))
    checks.raise_if_any()
    kriterier = list(Kriterium.objects.filter(tema__model=model).order_by("nummer"))
    indikatorer = list(
        Indikator.objects.filter(kriterium__tema__model=model, udgaaet=False).order_by("kriterium__nummer", "bogstav")
    )
    if model.niveau == Niveau.KRITERIUM and not kriterier:
        raise DomainError(f"{model} har endnu ingen kriterier. Indlæs kriterierne, før modellen bruges.", field="model")
    if model.niveau == Niveau.INDIKATOR and not indikatorer:
        raise DomainError(f"{model} har ingen indikatorer.", field="model")
    typer = _tilbudstyper(enhed)
    datakilder = list(besoeg.datakilder) if besoeg else []
    with write(actor):
        vurdering = Kvalitetsvurdering.objects.create(
            enhed=enhed, model=model, art=art, besoeg=besoeg, oprettet_af=actor,
            dato=dato, datakilder=datakilder,
        )
        if model.niveau == Niveau.INDIKATOR:
            rows = [Bedoemmelse(vurdering=vurdering, indikator=i, kriterium_id=i.kriterium_id,
                                ikke_relevant=not i.relevant_for(typer), datakilder=datakilder) for i in indikatorer]
        else:
            rows = [Bedoemmelse(vurdering=vurdering, kriterium=k, datakilder=datakilder) for k in kriterier]
        Bedoemmelse.objects.bulk_create(rows)
        KriterieVurdering.objects.bulk_create([KriterieVurdering(vurdering=vurdering, kriterium=k) for k in kriterier])
        TemaVurdering.objects.bulk_create(
            [TemaVurdering(vurdering=vurdering, tema=t) for t in Tema.objects.filter(model=model)]
        )
    return vurdering


def _locked_draft(actor, vurdering) -> Kvalitetsvurdering:
    require_perm(actor, "kvalitetsmodel.change_kvalitetsvurdering", vurdering,
                 "Kun konsulenter i enhedens socialtilsyn kan bedømme.")
    locked = Kvalitetsvurdering.objects.select_for_update().get(pk=vurdering.pk)
    if locked.status != VurderingStatus.KLADDE:
        raise DomainError(LAAST)
    return locked


_UNSET = object()


def _clean_datakilder(datakilder) -> list[str]:
    datakilder = list(dict.fromkeys(datakilder))
    if bad := [d for d in datakilder if d not in Datakilde.values]:
        raise DomainError(f"Ukendt datakilde: {', '.join(bad)}.", field="datakilder")
    return datakilder


def bedoemmelse_save(*, actor, bedoemmelse: Bedoemmelse, score=_UNSET, forventes_opfyldt=_UNSET,
                     begrundelse=_UNSET, datakilder=_UNSET) -> Bedoemmelse:
    """Save one indicator's rating as the consultant types (htmx). Only given fields change."""
    with write(actor):
        vurdering = _locked_draft(actor, bedoemmelse.vurdering)
        changed = []
        if score is not _UNSET:
            if score is not None and (not isinstance(score, int) or not 1 <= score <= 5):
                raise DomainError("Scoren skal være et helt tal fra 1 til 5.", field="score")
            if score is not None and not vurdering.scorer:
                raise DomainError("En godkendelse scores ikke 1–5: vælg om indikatoren forventes opfyldt.",
                                  field="score")
            bedoemmelse.score = score
            changed.append("score")
        if forventes_opfyldt is not _UNSET:
            if forventes_opfyldt is not None and vurdering.scorer:
                raise DomainError("Et driftsorienteret tilsyn scores 1–5.", field="forventes_opfyldt")
            bedoemmelse.forventes_opfyldt = forventes_opfyldt
            changed.append("forventes_opfyldt")
        if bedoemmelse.ikke_relevant and (bedoemmelse.score is not None or bedoemmelse.forventes_opfyldt is not None):
            raise DomainError(f"{bedoemmelse.label} er ikke relevant for denne enhed og bedømmes ikke.", field="score")
        if begrundelse is not _UNSET:
            bedoemmelse.begrundelse = (begrundelse or "").strip()
            changed.append("begrundelse")
        if datakilder is not _UNSET:
            bedoemmelse.datakilder = _clean_datakilder(datakilder or [])
            changed.append("datakilder")
        if changed:
            bedoemmelse.save(update_fields=[*changed, "opdateret"])
    return bedoemmelse


def tekst_save(*, actor, vurdering: Kvalitetsvurdering, tema: Tema | None = None,
               kriterium: Kriterium | None = None, tekst: str) -> None:
    """The written assessment of one theme or criterion."""
    with write(actor):
        _locked_draft(actor, vurdering)
        if tema is not None:
            updated = TemaVurdering.objects.filter(vurdering=vurdering, tema=tema).update(tekst=tekst.strip())
        elif kriterium is not None:
            updated = KriterieVurdering.objects.filter(vurdering=vurdering, kriterium=kriterium).update(tekst=tekst.strip())
        else:
            raise DomainError("Angiv tema eller kriterium.")
        if not updated:
            raise DomainError("Temaet eller kriteriet hører ikke til vurderingens model.")


VURDERING_FELTER = ("dato", "samlet_vurdering", "udviklingspunkter", "opmaerksomhedspunkter", "datakilder",
                    "oekonomi_baeredygtig", "oekonomi_kvalitet_pris", "oekonomi_gennemsigtig", "oekonomi_tekst")


def vurdering_update(*, actor, vurdering: Kvalitetsvurdering, data: dict) -> Kvalitetsvurdering:
    with write(actor):
        locked = _locked_draft(actor, vurdering)
        if "dato" in data:
            checks = Checks()
            checks.require(data["dato"] is not None, "dato", "Angiv vurderingsdatoen.")
            checks.add("dato", dato_fejl(data["dato"], enhed=locked.enhed, besoeg=locked.besoeg))
            checks.raise_if_any()
        for key, value in data.items():
            if key not in VURDERING_FELTER:
                raise DomainError(f"Feltet {key} kan ikke ændres her.")
            if key.startswith("oekonomi_") and key != "oekonomi_tekst" and value and value not in Oekonomisvar.values:
                raise DomainError("Vælg ja, delvist eller nej.", field=key)
            if key == "datakilder":
                value = _clean_datakilder(value)
            setattr(locked, key, value.strip() if isinstance(value, str) and key != "dato" else value)
        locked.save()
    return locked


def _revurdering(enhed, grund: str) -> None:
    """Suggest reconsidering the unit's risk colour (never changes it: risiko owns the category)."""
    from risiko.services import revurdering_foreslaa

    revurdering_foreslaa(enhed=enhed, grund=grund, kilde="kvalitetsvurdering")


def vurdering_afslut(*, actor, vurdering: Kvalitetsvurdering, now=None) -> Kvalitetsvurdering:
    """Lock the assessment: refuse while anything applicable is missing (named), snapshot the computed
    scores, raise flags (to consider, never a decision) and suggest a risk reassessment if flagged."""
    with write(actor):
        locked = _locked_draft(actor, vurdering)
        locked.enhed = vurdering.enhed
        skema = selectors.skema(locked)
        if missing := skema.mangler():
            shown = "; ".join(missing[:8]) + (f" og {len(missing) - 8} mere" if len(missing) > 8 else "")
            raise DomainError(f"Vurderingen kan ikke afsluttes. Der mangler: {shown}.", rule="Alle indikatorer skal bedømmes")
        for t in skema.temaer:
            if t.vurdering is not None:
                t.vurdering.score = t.score
            for k in t.kriterier:
                if k.vurdering is not None:
                    k.vurdering.score = k.score
        TemaVurdering.objects.bulk_update([t.vurdering for t in skema.temaer if t.vurdering], ["score"])
        KriterieVurdering.objects.bulk_update(
            [k.vurdering for t in skema.temaer for k in t.kriterier if k.vurdering], ["score"]
        )
        locked.status = VurderingStatus.AFSLUTTET
        locked.afsluttet = now or timezone.now()
        locked.afsluttet_af = actor
        locked.save()
        if locked.retter_id:
            Kvalitetsvurdering.objects.filter(pk=locked.retter_id).update(erstattet=True)
        previous = selectors.forrige(locked)
        flags = scoring.flag(skema, selectors.skema(previous) if previous else None)
        Kvalitetsflag.objects.bulk_create(flags)
        if flags:
            grund = "Kvalitetsvurderingen rejser flag: " + "; ".join(f.tekst for f in flags[:5])
            _revurdering(locked.enhed, grund)
    return locked


def vurdering_ret(*, actor, vurdering: Kvalitetsvurdering, grund: str) -> Kvalitetsvurdering:
    """A correction of a completed assessment: a new draft version copying every row, with the reason.
    The completed one stays as it is (and in the history) until the correction is completed."""
    require_perm(actor, "kvalitetsmodel.ret_kvalitetsvurdering", vurdering,
                 "Kun konsulenter og ledere i enhedens socialtilsyn kan rette en vurdering.")
    if not (grund or "").strip():
        raise DomainError("Skriv hvorfor vurderingen rettes.", field="grund")
    with write(actor):
        original = Kvalitetsvurdering.objects.select_for_update().get(pk=vurdering.pk)
        if original.status != VurderingStatus.AFSLUTTET or original.erstattet:
            raise DomainError("Kun den gældende, afsluttede version af en vurdering kan rettes.")
        if Kvalitetsvurdering.objects.filter(retter=original, status=VurderingStatus.KLADDE).exists():
            raise DomainError("Der er allerede en rettelse i gang af denne vurdering.")
        ny = Kvalitetsvurdering.objects.create(
            **{f: getattr(original, f) for f in VURDERING_FELTER},
            enhed_id=original.enhed_id, model_id=original.model_id, art=original.art, besoeg_id=original.besoeg_id,
            retter=original, version=original.version + 1, rettelse_grund=grund.strip(), oprettet_af=actor,
        )
        Bedoemmelse.objects.bulk_create([
            Bedoemmelse(vurdering=ny, indikator_id=b.indikator_id, kriterium_id=b.kriterium_id, score=b.score,
                        forventes_opfyldt=b.forventes_opfyldt, ikke_relevant=b.ikke_relevant,
                        begrundelse=b.begrundelse, datakilder=b.datakilder)
            for b in original.bedoemmelser.all()
        ])
        KriterieVurdering.objects.bulk_create([
            KriterieVurdering(vurdering=ny, kriterium_id=k.kriterium_id, tekst=k.tekst)
            for k in original.kriterievurderinger.all()
        ])
        TemaVurdering.objects.bulk_create([
            TemaVurdering(vurdering=ny, tema_id=t.tema_id, tekst=t.tekst) for t in original.temavurderinger.all()
        ])
    return ny


def rapport_faerdiggoer(*, actor, vurdering: Kvalitetsvurdering):
    """Render the tilsynsrapport once, store it with its sha256 and date; later calls return the stored one."""
    from dokumenter.models import Dokument, DokumentArt
    from dokumenter.pdf import render_pdf
    from dokumenter.services import dokument_create

    from . import rapport

    require_perm(actor, "kvalitetsmodel.rapport_kvalitetsvurdering", vurdering,
                 "Kun konsulenter og ledere i enhedens socialtilsyn kan udarbejde tilsynsrapporten.")
    with write(actor):
        locked = Kvalitetsvurdering.objects.select_for_update(of=("self",)).select_related(
            "enhed", "enhed__socialtilsyn", "model", "oprettet_af", "afsluttet_af", "besoeg"
        ).get(pk=vurdering.pk)
        if locked.rapport_id:
            return Dokument.objects.get(pk=locked.rapport_id)
        if locked.status != VurderingStatus.AFSLUTTET:
            raise DomainError("Tilsynsrapporten kan først udarbejdes, når vurderingen er afsluttet.")
        pdf = render_pdf("kvalitetsmodel/pdf/tilsynsrapport.html", rapport.context(locked))
        titel = f"Tilsynsrapport {locked.enhed.navn} {locked.dato:%d.%m.%Y}"
        if locked.version > 1:
            titel += f" (version {locked.version})"
        dokument = dokument_create(actor=actor, enhed=locked.enhed, art=DokumentArt.TILSYNSRAPPORT, titel=titel,
                                   pdf=pdf, owner=locked)
        Kvalitetsvurdering.objects.filter(pk=locked.pk).update(rapport_id=dokument.pk)
        vurdering.rapport_id = dokument.pk
    return dokument
