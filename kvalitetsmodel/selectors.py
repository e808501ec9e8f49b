"""Reads, scoped to the user's socialtilsyn. Another socialtilsyn's assessment answers 404."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from tilsyn.selectors import enheder_for

from . import scoring
from .models import (
    Bedoemmelse,
    KriterieVurdering,
    Kriterium,
    Kvalitetsflag,
    Kvalitetsmodel,
    Kvalitetsvurdering,
    Tema,
    TemaVurdering,
    VurderingStatus,
)


def vurderinger_for(user) -> QuerySet[Kvalitetsvurdering]:
    sid = getattr(user, "socialtilsyn_id", None) if user and user.is_authenticated else None
    if not sid:
        return Kvalitetsvurdering.objects.none()
    return Kvalitetsvurdering.objects.filter(enhed__socialtilsyn_id=sid)


def vurdering_detail(user, pk: int) -> Kvalitetsvurdering:
    qs = vurderinger_for(user).select_related(
        "enhed", "enhed__socialtilsyn", "enhed__kommune", "model", "oprettet_af", "afsluttet_af", "besoeg", "retter"
    )
    return get_object_or_404(qs, pk=pk)


def vurderinger_for_enhed(user, enhed) -> QuerySet[Kvalitetsvurdering]:
    return vurderinger_for(user).filter(enhed=enhed).select_related("model", "oprettet_af", "retter")


def modeller_til(enhed) -> QuerySet[Kvalitetsmodel]:
    """Versions that can be chosen for a new assessment of this unit (active, and with something to rate)."""
    qs = Kvalitetsmodel.objects.filter(omraade=enhed.art, aktiv=True)
    return qs.filter(Q(niveau="indikator", temaer__kriterier__indikatorer__isnull=False)
                     | Q(niveau="kriterium", temaer__kriterier__isnull=False)).distinct()


def skema(vurdering: Kvalitetsvurdering) -> scoring.Skema:
    """The whole tree of one assessment in five flat queries, whatever its size."""
    temaer = list(Tema.objects.filter(model_id=vurdering.model_id).order_by("nummer"))
    kriterier = list(Kriterium.objects.filter(tema__model_id=vurdering.model_id).order_by("nummer"))
    bedoemmelser = list(
        Bedoemmelse.objects.filter(vurdering=vurdering).select_related("indikator", "kriterium")
        .order_by("kriterium__nummer", "indikator__bogstav")
    )
    tv = list(TemaVurdering.objects.filter(vurdering=vurdering))
    kv = list(KriterieVurdering.objects.filter(vurdering=vurdering))
    return scoring.build(vurdering, temaer, kriterier, bedoemmelser, tv, kv)


def forrige(vurdering: Kvalitetsvurdering) -> Kvalitetsvurdering | None:
    """The unit's previous completed assessment (not replaced by a correction, not the one corrected)."""
    qs = (
        Kvalitetsvurdering.objects.filter(enhed_id=vurdering.enhed_id, status=VurderingStatus.AFSLUTTET,
                                          erstattet=False)
        .exclude(pk=vurdering.pk)
        .filter(Q(dato__lt=vurdering.dato) | Q(dato=vurdering.dato, pk__lt=vurdering.pk))
        .select_related("model", "enhed")
        .order_by("-dato", "-pk")
    )
    if vurdering.retter_id:
        qs = qs.exclude(pk=vurdering.retter_id)
    return qs.first()


def seneste_afsluttede(user, enhed) -> Kvalitetsvurdering | None:
    return (
        vurderinger_for(user).filter(enhed=enhed, status=VurderingStatus.AFSLUTTET, erstattet=False)
        .select_related("model", "enhed").order_by("-dato", "-pk").first()
    )


def udkast_for(user) -> QuerySet[Kvalitetsvurdering]:
    """Drafts the consultant started, and drafts of the units they are responsible for (a correction
    a leder opened is scored by the unit's konsulent, so it must show up on their start page)."""
    return (
        vurderinger_for(user).filter(Q(oprettet_af=user) | Q(enhed__ansvarlig_konsulent=user),
                                     status=VurderingStatus.KLADDE)
        .select_related("enhed", "model").order_by("-opdateret")
    )


def _seneste_vurdering_pk():
    return Subquery(
        Kvalitetsvurdering.objects.filter(enhed=OuterRef("enhed"), status=VurderingStatus.AFSLUTTET, erstattet=False)
        .order_by("-dato", "-pk").values("pk")[:1]
    )


def flag_for(user) -> QuerySet[Kvalitetsflag]:
    """Flags from each unit's latest completed assessment in the user's socialtilsyn."""
    sid = getattr(user, "socialtilsyn_id", None)
    if not sid:
        return Kvalitetsflag.objects.none()
    return (
        Kvalitetsflag.objects.filter(enhed__socialtilsyn_id=sid, vurdering_id=_seneste_vurdering_pk())
        .select_related("enhed", "vurdering").order_by("-vurdering__dato", "enhed__navn", "pk")
    )


def enhed_for_start(user, enhed_pk: int):
    return get_object_or_404(enheder_for(user).select_related("socialtilsyn"), pk=enhed_pk)


def seneste_besoeg(enhed, *, dage: int = 90):
    """The unit's latest completed visit of the last ``dage`` days (the usual starting point)."""
    import datetime as dt

    from django.utils import timezone

    from tilsyn.models import Besoegsstatus

    fra = timezone.localdate() - dt.timedelta(days=dage)
    return enhed.besoeg.filter(status=Besoegsstatus.GENNEMFOERT, dato__gte=fra).order_by("-dato", "-pk").first()


def bedoemmelse_for(user, vurdering_pk: int, pk: int) -> Bedoemmelse:
    sid = getattr(user, "socialtilsyn_id", None)
    qs = Bedoemmelse.objects.filter(vurdering__enhed__socialtilsyn_id=sid, vurdering_id=vurdering_pk).select_related(
        "vurdering", "vurdering__enhed", "indikator", "kriterium"
    )
    return get_object_or_404(qs, pk=pk)
