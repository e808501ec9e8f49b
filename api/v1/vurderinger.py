"""Risk assessments (read and record, through the UI's RisikovurderingForm and risiko.services) and
completed quality assessments at theme level (read)."""


from typing import Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kvalitetsmodel import selectors as kv_selectors
from kvalitetsmodel.models import TemaVurdering, VurderingArt, VurderingStatus
from risiko import selectors as risiko_selectors
from risiko import services as risiko_services
from risiko.forms import RisikovurderingForm
from risiko.models import DIMENSION_KEYS, Fase, Intensitet
from tilsyn.dates import today
from tilsyn.models import Besoegstype, Risikokategori

from .core import READ_ERRORS, WRITE_ERRORS, Dato, Id, Side, Tekst, filtered, require
from .forms import form_data, validate
from .schemas import KvalitetsvurderingOut, RisikovurderingOut

router = Router(tags=["Vurderinger"])


class RisikoFilter(Schema):
    enhed: Id | None = Field(None, description="Kun vurderinger af denne enhed.")
    fase: Literal[tuple(Fase.values)] | None = None
    kategori: Literal[tuple(Risikokategori.values)] | None = None
    fra: Dato | None = Field(None, description="Vurderet fra og med denne dato.")
    til: Dato | None = Field(None, description="Vurderet til og med denne dato.")


def _risiko_qs(user):
    return risiko_selectors.risikovurderinger_for(user).select_related("enhed", "vurderet_af").prefetch_related(
        "faktorer")


@router.get("/risikovurderinger", response={200: list[RisikovurderingOut], **READ_ERRORS},
            summary="Risikovurderinger (præ og post)")
@paginate(Side)
def risikovurdering_list(request, filters: Query[RisikoFilter]):
    qs = filtered(_risiko_qs(request.user), enhed_id=filters.enhed, fase=filters.fase, kategori=filters.kategori,
                  dato__gte=filters.fra, dato__lte=filters.til)
    return qs.order_by("-dato", "-oprettet", "-pk")


@router.get("/risikovurderinger/{id}", response={200: RisikovurderingOut, **READ_ERRORS},
            summary="En risikovurdering")
def risikovurdering_detail(request, id: Id):
    return risiko_selectors.vurdering_detail(request.user, id)


class DimensionIn(Schema):
    niveau: Literal[tuple(Intensitet.values)]
    note: Tekst(500) = ""


class PlanlagtBesoegIn(Schema):
    dato: Dato
    besoegstype: Literal[tuple(Besoegstype.values)] = Besoegstype.UANMELDT.value
    varslet_dato: Dato | None = None


class RisikovurderingIn(Schema):
    fase: Literal[tuple(Fase.values)]
    kategori: Literal[tuple(Risikokategori.values)]
    begrundelse: Tekst(20000)
    intensitetsplan: dict[Literal[tuple(DIMENSION_KEYS)], DimensionIn] = Field(
        ..., description="Tilsynsintensiteten for hver af de syv dimensioner: " + ", ".join(DIMENSION_KEYS) + ".")
    faktorer: list[Id] = Field(default_factory=list, max_length=50, description="Risikofaktorernes id.")
    dato: Dato | None = Field(None, description="Vurderet den; standard i dag.")
    kvalitetsvurdering: Id | None = Field(None, description="Den afsluttede kvalitetsvurdering (kun post).")
    tilsynsbesoeg: Id | None = Field(None, description="Et planlagt tilsynsbesøg at knytte til (kun præ).")
    planlagt_besoeg: PlanlagtBesoegIn | None = Field(None, description="Planlæg et nyt besøg (kun præ, konsulenter).")


@router.post("/enheder/{id}/risikovurderinger", response={201: RisikovurderingOut, **WRITE_ERRORS},
             summary="Registrér en risikovurdering", description="Sætter enhedens risikokategori, som i Tilsyn.")
def risikovurdering_create(request, id: Id, data: RisikovurderingIn):
    enhed = risiko_selectors.enhed_for(request.user, id)
    require(request, "risiko.add_risikovurdering", enhed, "Kun konsulenter og ledere kan vurdere risikoen.")
    payload = {"fase": data.fase, "kategori": data.kategori, "begrundelse": data.begrundelse,
               "faktorer": [str(pk) for pk in data.faktorer], "dato": data.dato or today(),
               "kvalitetsvurdering": data.kvalitetsvurdering, "tilsynsbesoeg": data.tilsynsbesoeg}
    for key, dim in data.intensitetsplan.items():
        payload[f"niveau_{key}"] = dim.niveau
        payload[f"note_{key}"] = dim.note
    if data.planlagt_besoeg is not None:
        payload.update(besoeg_dato=data.planlagt_besoeg.dato, besoeg_type=data.planlagt_besoeg.besoegstype,
                       besoeg_varslet=data.planlagt_besoeg.varslet_dato)
    form = RisikovurderingForm(form_data(payload), user=request.user, enhed=enhed)
    if data.planlagt_besoeg is not None and "besoeg_dato" not in form.fields:
        require(request, "tilsyn.add_tilsynsbesoeg", enhed, "Kun konsulenter planlægger tilsynsbesøg.")
    validate(form)
    vurdering = risiko_services.risikovurdering_create(actor=request.user, enhed=enhed, **form.service_kwargs())
    return Status(201, risiko_selectors.vurdering_detail(request.user, vurdering.pk))


# --- Completed quality assessments --------------------------------------------------------------------

class KvalitetFilter(Schema):
    enhed: Id | None = Field(None, description="Kun vurderinger af denne enhed.")
    art: Literal[tuple(VurderingArt.values)] | None = None
    erstattede: bool = Field(False, description="Medtag vurderinger, der er erstattet af en rettet version.")


def _kv_qs(user):
    return (kv_selectors.vurderinger_for(user).filter(status=VurderingStatus.AFSLUTTET)
            .select_related("enhed", "model")
            .prefetch_related(Prefetch("temavurderinger",
                                       queryset=TemaVurdering.objects.select_related("tema").order_by("tema__nummer"))))


@router.get("/kvalitetsvurderinger", response={200: list[KvalitetsvurderingOut], **READ_ERRORS},
            summary="Afsluttede kvalitetsvurderinger på temaniveau")
@paginate(Side)
def kvalitetsvurdering_list(request, filters: Query[KvalitetFilter]):
    qs = filtered(_kv_qs(request.user), enhed_id=filters.enhed, art=filters.art,
                  erstattet=None if filters.erstattede else False)
    return qs.order_by("-dato", "-pk")


@router.get("/kvalitetsvurderinger/{id}", response={200: KvalitetsvurderingOut, **READ_ERRORS},
            summary="En afsluttet kvalitetsvurdering på temaniveau")
def kvalitetsvurdering_detail(request, id: Id):
    return get_object_or_404(_kv_qs(request.user), pk=id)
