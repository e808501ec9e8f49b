"""Units (tilbud, plejefamilier) and tilsynsbesøg: reads through tilsyn.selectors, the visit write through
the UI's own form (the same rules and Danish messages) and tilsyn.services.tilsynsbesoeg_create."""


from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tilsyn import selectors, services
from tilsyn.forms import TilsynsbesoegForm
from tilsyn.models import Besoegsstatus, Besoegstype, Datakilde, Godkendelsesstatus, Metode

from .core import READ_ERRORS, WRITE_ERRORS, Dato, Id, Side, Tekst, filtered, require
from .forms import form_data, validate
from .schemas import BesoegCreated, BesoegOut, PlejefamilieOut, TilbudDetailOut, TilbudOut

router = Router(tags=["Register"])

Sort = Literal["navn", "-navn", "kommune", "-kommune", "status", "-status", "risiko", "-risiko", "naeste_besoeg",
               "-naeste_besoeg"]


class EnhedFilter(Schema):
    q: Tekst(200) | None = Field(None, description="Søg i navn, adresse, by, postnummer (og driftsherre/CVR for tilbud, "
                                                    "plejeforældre for plejefamilier).")
    status: Literal[tuple(Godkendelsesstatus.values)] | None = Field(None, description="Godkendelsesstatus.")
    kommune: Id | None = Field(None, description="Kommunens id.")
    risiko: Literal["groen", "gul", "roed", "ingen"] | None = Field(None, description="Risikokategori; ingen = ikke vurderet.")
    konsulent: Id | None = Field(None, description="Den ansvarlige konsulents id.")
    besoeg: Literal["overskredet", "forfalder"] | None = Field(None, description="Besøgsinterval overskredet eller "
                                                                                    "forfalder inden 30 dage.")
    type: Tekst(30) | None = Field(None, description="Tilbudstypens kode (fx SEL_107) eller plejefamiliens type.")
    sort: Sort = "navn"


def _filters(f: EnhedFilter) -> dict:
    return f.model_dump(exclude_none=True)


@router.get("/tilbud", response={200: list[TilbudOut], **READ_ERRORS}, summary="Tilbud i dit socialtilsyn")
@paginate(Side)
def tilbud_list(request, filters: Query[EnhedFilter]):
    return selectors.tilbud_list(request.user, _filters(filters))


@router.get("/tilbud/{id}", response={200: TilbudDetailOut, **READ_ERRORS}, summary="Et tilbud")
def tilbud_detail(request, id: Id):
    return selectors.enhed_detail(request.user, id, art="tilbud")


@router.get("/plejefamilier", response={200: list[PlejefamilieOut], **READ_ERRORS},
            summary="Plejefamilier i dit socialtilsyn")
@paginate(Side)
def plejefamilie_list(request, filters: Query[EnhedFilter]):
    return selectors.plejefamilie_list(request.user, _filters(filters))


@router.get("/plejefamilier/{id}", response={200: PlejefamilieOut, **READ_ERRORS}, summary="En plejefamilie")
def plejefamilie_detail(request, id: Id):
    return selectors.enhed_detail(request.user, id, art="plejefamilie")


# --- Tilsynsbesøg ---------------------------------------------------------------------------------------

class BesoegFilter(Schema):
    enhed: Id | None = Field(None, description="Kun besøg hos denne enhed.")
    type: Literal[tuple(Besoegstype.values)] | None = None
    status: Literal[tuple(Besoegsstatus.values)] | None = None
    konsulent: Id | None = None
    art: Literal["tilbud", "plejefamilie"] | None = None
    q: Tekst(200) | None = Field(None, description="Søg i enhedens navn.")
    fra: Dato | None = Field(None, description="Besøg fra og med denne dato.")
    til: Dato | None = Field(None, description="Besøg til og med denne dato.")
    sort: Literal["dato", "-dato", "enhed"] = "-dato"


@router.get("/tilsynsbesoeg", response={200: list[BesoegOut], **READ_ERRORS}, summary="Tilsynsbesøg")
@paginate(Side)
def besoeg_list(request, filters: Query[BesoegFilter]):
    qs = selectors.besoeg_list(request.user, filters.model_dump(exclude_none=True)).select_related("oprettet_af")
    return filtered(qs, enhed_id=filters.enhed)


@router.get("/tilsynsbesoeg/{id}", response={200: BesoegOut, **READ_ERRORS}, summary="Et tilsynsbesøg")
def besoeg_detail(request, id: Id):
    return selectors.besoeg_detail(request.user, id)


class BesoegIn(Schema):
    besoegstype: Literal[tuple(Besoegstype.values)]
    status: Literal[tuple(Besoegsstatus.values)] = Besoegsstatus.GENNEMFOERT.value
    dato: Dato
    varslet_dato: Dato | None = Field(None, description="Kun ved anmeldte besøg (højst 4 uger før, L 200).")
    konsulenter: list[Id] = Field(default_factory=list, max_length=50,
                                  description="Konsulenternes id; tom = dig selv.")
    metoder: list[Literal[tuple(Metode.values)]] = Field(..., min_length=1, max_length=10)
    datakilder: list[Literal[tuple(Datakilde.values)]] = Field(..., min_length=1, max_length=10)
    fokus_temaer: Tekst(2000) = ""
    noter: Tekst(20000) = ""


@router.post("/enheder/{id}/tilsynsbesoeg", response={201: BesoegCreated, **WRITE_ERRORS},
             summary="Registrér et tilsynsbesøg", description="Samme regler og beskeder som formularen i Tilsyn. "
             "Et anmeldt besøg varslet mere end 4 uger før gemmes med en advarsel (L 200).")
def besoeg_create(request, id: Id, data: BesoegIn):
    enhed = get_object_or_404(selectors.enheder_for(request.user), pk=id)
    require(request, "tilsyn.add_tilsynsbesoeg", enhed, "Kun konsulenter kan registrere tilsynsbesøg.")
    payload = data.model_dump()
    payload["konsulenter"] = payload["konsulenter"] or [request.user.pk]
    form = validate(TilsynsbesoegForm(form_data(payload), user=request.user, enhed=enhed))
    besoeg = services.tilsynsbesoeg_create(actor=request.user, enhed=enhed, data=form.service_data(),
                                           konsulenter=form.cleaned_data["konsulenter"])
    besoeg = selectors.besoeg_detail(request.user, besoeg.pk)
    besoeg.advarsler = [a for a in [form.advarsel] if a]
    return Status(201, besoeg)
