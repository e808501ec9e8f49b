"""Frister (read) and the dialogforløb writes that stand still while the forløb is being reworked:
register a bekymring (dialogforloeb.services.forloeb_create) and log a dialog activity
(dialogforloeb.services.aktivitet_create), each validated by the UI's own form."""


from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dialogforloeb import forms as dialog_forms
from dialogforloeb import selectors as dialog_selectors
from dialogforloeb import services as dialog_services
from dialogforloeb.models import AktivitetArt, Alvor, Dialogforloeb, Dialogform, Form, Formaal, Kilde
from frister import selectors as frister_selectors
from frister.models import AKTIVE_STATUSSER, FristArt, FristStatus
from tilsyn.dates import today
from tilsyn.selectors import enheder_for

from .core import READ_ERRORS, WRITE_ERRORS, Dato, Id, Side, Tekst, filtered, require
from .forms import form_data, validate
from .schemas import AktivitetOut, DialogforloebKort, FristOut

router = Router(tags=["Sager"])


class FristFilter(Schema):
    enhed: Id | None = Field(None, description="Kun frister for denne enhed.")
    art: Literal[tuple(FristArt.values)] | None = None
    status: Literal[tuple(FristStatus.values)] | Literal["aktive"] | None = Field(
        None, description="aktive = åbne og overskredne (det, der endnu skal opfyldes).")
    ansvarlig: Id | None = None
    mine: bool = Field(False, description="Kun frister, du selv er ansvarlig for.")
    overskredne: bool = Field(False, description="Kun åbne frister, der er overskredet.")
    sort: Literal["frist", "-frist", "enhed", "-enhed", "art", "-art"] = "frist"


@router.get("/frister", response={200: list[FristOut], **READ_ERRORS}, summary="Frister")
@paginate(Side)
def frist_list(request, filters: Query[FristFilter]):
    aktive = filters.status == "aktive"
    qs = filtered(frister_selectors.frister_for(request.user).select_related("enhed", "ansvarlig"),
                  enhed_id=filters.enhed, art=filters.art, ansvarlig_id=filters.ansvarlig,
                  status__in=AKTIVE_STATUSSER if aktive else None, status=None if aktive else filters.status,
                  ansvarlig=request.user if filters.mine else None)
    if filters.overskredne:
        qs = qs.filter(Q(status=FristStatus.OVERSKREDET) | Q(status=FristStatus.AABEN, frist__lt=today()))
    return qs.order_by(*frister_selectors.SORTS[filters.sort])


@router.get("/frister/{id}", response={200: FristOut, **READ_ERRORS}, summary="En frist")
def frist_detail(request, id: Id):
    return frister_selectors.frist_detail(request.user, id)


# --- Dialogforløb: register a bekymring, log an activity -------------------------------------------

class BekymringIn(Schema):
    kilde: Literal[tuple(Kilde.values)]
    alvor: Literal[tuple(Alvor.values)]
    beskrivelse: Tekst(20000) = Field(..., description="Hvad blev set.")
    temaer: Tekst(1000) = Field(..., description="Temaer og kriterier i kvalitetsmodellen, bekymringen angår.")
    dato: Dato | None = Field(None, description="Bekymringen opstod den; standard i dag.")
    ansvarlig: Id | None = Field(None, description="Den ansvarlige konsulent; standard enhedens konsulent eller dig.")
    # The plan recorded at opening (audit 19.2, anbefaling 2); defaults as the model's.
    formaal: Literal[tuple(Formaal.values)] = Dialogforloeb._meta.get_field("formaal").default
    planlagt_dialogform: Literal[tuple(Dialogform.values)] = Dialogforloeb._meta.get_field("planlagt_dialogform").default
    forventet_varighed_uger: int = Field(Dialogforloeb._meta.get_field("forventet_varighed_uger").default, ge=1, le=104)


@router.post("/enheder/{id}/dialogforloeb", response={201: DialogforloebKort, **WRITE_ERRORS},
             summary="Registrér en bekymring (åbner et dialogforløb)")
def bekymring_create(request, id: Id, data: BekymringIn):
    enhed = get_object_or_404(enheder_for(request.user), pk=id)
    require(request, "dialogforloeb.add_dialogforloeb", enhed, "Kun konsulenter og ledere kan registrere en bekymring.")
    payload = data.model_dump()
    payload["dato"] = data.dato or today()
    payload["ansvarlig"] = data.ansvarlig or enhed.ansvarlig_konsulent_id or request.user.pk
    form = validate(dialog_forms.BekymringForm(form_data(payload), user=request.user))
    forloeb = dialog_services.forloeb_create(actor=request.user, enhed=enhed, **form.cleaned_data)
    return Status(201, dialog_selectors.forloeb_detail(request.user, forloeb.pk))


class AktivitetIn(Schema):
    art: Literal[tuple(AktivitetArt.values)]
    dato: Dato
    form: Literal[tuple(Form.values)]
    deltagere: Tekst(300) = ""
    referat: Tekst(20000) = ""
    oplyst_bekymring: bool = False
    oplyst_formaal: bool = False
    oplyst_reaktioner: bool = False
    frist: Dato | None = Field(None, description="Frist for redegørelse (kun ved anmodning om redegørelse).")


@router.post("/dialogforloeb/{id}/aktiviteter", response={201: AktivitetOut, **WRITE_ERRORS},
             summary="Registrér en aktivitet i et dialogforløb")
def aktivitet_create(request, id: Id, data: AktivitetIn):
    forloeb = dialog_selectors.forloeb_detail(request.user, id)
    require(request, "dialogforloeb.change_dialogforloeb", forloeb,
            "Kun konsulenter og ledere kan registrere aktiviteter i dialogforløb.")
    form = validate(dialog_forms.AktivitetForm(form_data(data.model_dump())))
    aktivitet = dialog_services.aktivitet_create(actor=request.user, forloeb=forloeb, **form.cleaned_data)
    return Status(201, aktivitet)
