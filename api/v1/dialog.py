"""Dialogforløb: read (timeline, activities, agterskrivelser and afgørelser with their letters) and act,
through ``POST /api/v1/dialogforloeb/{id}/transitions/{name}``: every step the forløb's page offers, done
by the same service with the same guards, validated by the same form.

Stale state: GET answers an ``ETag`` naming the forløb's state and its open drafts' states. Every
transition needs ``If-Match`` (428 without it). If the state moved since, the client's view of it is
handed to the service, whose stale-state check (the one the UI relies on) refuses with its Danish
message and rule ``stale``, answered as 412. A transition its guards refuse answers 409 with the
guard's Danish message and the transition's name as ``rule``."""

import re
from dataclasses import dataclass
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate

from dialogforloeb import forms as dialog_forms
from dialogforloeb import guards
from dialogforloeb import selectors as dialog_selectors
from dialogforloeb import services as dialog_services
from dialogforloeb.models import Afgoerelse, Agterskrivelse, Dialogforloeb
from dialogforloeb.vocabulary import AfgoerelseArt, Afgoerelsestype, Alvor, Status, Udfald
from dokumenter import selectors as dok_selectors
from dokumenter import services as dok_services
from tilsyn.errors import DomainError

from .core import READ_ERRORS, WRITE_ERRORS, ApiError, Dato, Fejl, Id, Ref, Side, Tekst, filtered, require
from .forms import form_data, validate
from .schemas import AktivitetOut, DialogforloebKort, EnhedRef, ref_for

router = Router(tags=["Dialogforløb"])
CHANGE = "dialogforloeb.change_dialogforloeb"


# --- ETag: the forløb's state and its open drafts' ----------------------------------------------------

@dataclass
class Tilstand:
    forloeb: tuple[int, str]
    agterskrivelse: tuple[int, str] | None
    afgoerelse: tuple[int, str] | None


ETAG = re.compile(r'^"f(\d+):([a-z_]+)\.a(?:(\d+):([a-z_]+)|-)\.b(?:(\d+):([a-z_]+)|-)"$')


def etag_for(f: Dialogforloeb) -> str:
    agter, afg = guards.aaben_kladde(f), guards.aabent_udkast(f)
    return (f'"f{f.pk}:{f.status}.' + (f"a{agter.pk}:{agter.status}" if agter else "a-") + "."
            + (f"b{afg.pk}:{afg.status}" if afg else "b-") + '"')


def parse_etag(value: str) -> Tilstand | None:
    m = ETAG.match(value.strip())
    if not m:
        return None
    f_pk, f_status, a_pk, a_status, b_pk, b_status = m.groups()
    return Tilstand((int(f_pk), f_status), (int(a_pk), a_status) if a_pk else None,
                    (int(b_pk), b_status) if b_pk else None)


def _as_seen(obj, status: str):
    """The object as the client last saw it: the status it read, so the service's stale-state check
    compares that with the row it locks (the FSM field is protected, hence __dict__)."""
    obj.__dict__["status"] = status
    return obj


# --- Output ---------------------------------------------------------------------------------------------

class DokumentRef(Schema):
    id: int
    titel: str
    sendt: Dato | None
    sha256: str
    pdf: str = Field(description="Brevet som PDF (samme bytes som arkivets, med kontrolsum).")
    journal: str | None = Field(description="Journaliseringsstatus i ESDH, fx »journaliseret 26.11.2026 kl. 13.40«.")

    @staticmethod
    def resolve_pdf(obj) -> str:
        return f"/api/v1/dokumenter/{obj.pk}/pdf"

    @staticmethod
    def resolve_journal(obj) -> str | None:
        post = getattr(obj, "journalpost", None) if hasattr(obj, "journalpost") else None
        return post.status_tekst if post else None


class HaendelseOut(Schema):
    dato: Dato
    tidspunkt: str
    titel: str
    tekst: str
    actor: Ref | None
    fra_status: str | None
    til_status: str | None

    @staticmethod
    def resolve_tidspunkt(obj) -> str:
        return obj.tidspunkt.isoformat()

    @staticmethod
    def resolve_actor(obj):
        return ref_for(obj.actor)

    @staticmethod
    def resolve_fra_status(obj):
        return obj.fra_status or None

    @staticmethod
    def resolve_til_status(obj):
        return obj.til_status or None


class UdkastOut(Schema):
    id: int
    status: str
    status_tekst: str
    forfatter: Ref
    indsendt: str | None
    kommentar: str
    godkendt_af: Ref | None
    tekst_hash: str = Field(description="Tekstens fingeraftryk: sendes med, når en jurist godkender den.")

    @staticmethod
    def resolve_status_tekst(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_forfatter(obj):
        return ref_for(obj.forfatter)

    @staticmethod
    def resolve_godkendt_af(obj):
        return ref_for(obj.godkendt_af)

    @staticmethod
    def resolve_indsendt(obj):
        return obj.indsendt.isoformat() if obj.indsendt else None

    @staticmethod
    def resolve_tekst_hash(obj) -> str:
        return obj.tekst_hash()


class AgterskrivelseOut(UdkastOut):
    paataenkt: str
    sagsfremstilling: str
    begrundelse: str
    mulige_reaktioner: str
    hoeringsfrist_dage: int
    invitation_dialogmoede: Dato | None
    dialog_aktiviteter: list[int]
    sendt: Dato | None
    hoeringsfrist: Dato | None
    hoeringssvar: Dato | None
    brev: DokumentRef | None

    @staticmethod
    def resolve_dialog_aktiviteter(obj):
        return sorted(a.pk for a in obj.dialog_aktiviteter.all())

    @staticmethod
    def resolve_brev(obj):
        return obj.dokument


class AfgoerelseOut(UdkastOut):
    art: str
    art_tekst: str
    tekst: str
    opfyldelseskriterium: str
    begrundelse: str
    hoeringssvar_vurdering: str
    frist: Dato | None
    tidligere_frist: Dato | None
    skaerpet_fra: Dato | None
    skaerpet_til: Dato | None
    udstedt: Dato | None
    udstedt_af: Ref | None
    opfyldt: Dato | None
    paabud_id: int | None
    agterskrivelse_id: int | None
    breve: list[DokumentRef]

    @staticmethod
    def resolve_art_tekst(obj) -> str:
        return obj.get_art_display()

    @staticmethod
    def resolve_udstedt_af(obj):
        return ref_for(obj.udstedt_af)

    @staticmethod
    def resolve_breve(obj):
        return [d for d in (obj.dokument, obj.skaerpet_dokument) if d is not None]


class HandlingOut(Schema):
    name: str = Field(description="Overgangens navn i /transitions/{name}.")
    art: str | None = Field(None, description="Ved skriv_afgoerelse: afgørelsens art.")
    muligt: bool
    grunde: list[str] = Field(description="Hvorfor den ikke er mulig nu (de samme beskeder som i Tilsyn).")


class DialogforloebOut(DialogforloebKort):
    formaal: str
    planlagt_dialogform: str
    forventet_varighed_uger: int
    runde: int
    afgoerelse_dato: Dato | None
    afsluttet: Dato | None
    udfald: str | None
    udfald_begrundelse: str
    etag: str = Field(description="Samme værdi som headeren ETag; send den som If-Match på en overgang.")
    handlinger: list[HandlingOut]
    tidslinje: list[HaendelseOut]
    aktiviteter: list[AktivitetOut]
    agterskrivelser: list[AgterskrivelseOut]
    afgoerelser: list[AfgoerelseOut]

    @staticmethod
    def resolve_udfald(obj):
        return obj.udfald or None

    @staticmethod
    def resolve_aktiviteter(obj):
        return obj.aktiviteter_liste

    @staticmethod
    def resolve_agterskrivelser(obj):
        return obj.api_agter

    @staticmethod
    def resolve_afgoerelser(obj):
        return obj.api_afg


def _handlinger(f: Dialogforloeb) -> list[dict]:
    """The transitions and whether they are possible now, with the guards' Danish reasons (what the forløb's
    and the drafts' pages show on their disabled buttons). Roles are not considered here."""

    def item(name, grunde, art=None):
        return {"name": name, "art": art, "muligt": not grunde, "grunde": grunde}

    out = [item(name, dialog_services.blocking_messages(f, name)) for name in (
        "start_varsling", "afslut_bekymring_ophoert", "afslut_varsling_bortfaldet", "afslut_paabud_opfyldt", "genaabn")]
    out += [item("skriv_afgoerelse", dialog_services.afgoerelse_udkast_afvisning(f, art), art)
            for art in AfgoerelseArt.values]
    if guards.afventer_hoeringssvar(f) is None:
        out.append(item("forlaeng_hoeringsfrist", ["Der er ingen sendt agterskrivelse, som afventer høringssvar."]))
    else:
        out.append(item("forlaeng_hoeringsfrist", []))
    for kind, draft in (("agterskrivelse", guards.aaben_kladde(f)), ("afgoerelse", guards.aabent_udkast(f))):
        final = "send" if kind == "agterskrivelse" else "udsted"
        for action in ("indsend", "godkend", "tilbagesend", "opgiv", final):
            if draft is None:
                grunde = [f"Der er ingen åben {'agterskrivelse' if kind == 'agterskrivelse' else 'afgørelse'} i "
                          "forløbet."]
            else:
                grunde = dialog_services.blocking_messages(draft, action)
                forloeb_name = ("send_varsling" if kind == "agterskrivelse" else
                                dialog_services.UDSTED_TRANSITION[draft.art]) if action == final else None
                if forloeb_name and f.status in (Status.VARSLING, Status.VARSLET):
                    grunde = grunde + dialog_services.blocking_messages(f, forloeb_name)
            out.append(item(f"{kind}_{action}", grunde))
    return out


def _detail(user, pk: int) -> Dialogforloeb:
    f = dialog_selectors.forloeb_detail(user, pk)
    dok = ("dokument", "dokument__journalpost")
    f.api_agter = list(f.agterskrivelser.select_related("forfatter", "godkendt_af", *dok)
                       .prefetch_related("dialog_aktiviteter").order_by("-oprettet", "-pk"))
    f.api_afg = list(f.afgoerelser.select_related("forfatter", "godkendt_af", "udstedt_af", *dok,
                                                  "skaerpet_dokument", "skaerpet_dokument__journalpost").order_by("-pk"))
    return f


def _respond(response: HttpResponse, f: Dialogforloeb) -> Dialogforloeb:
    """The forløb as DialogforloebOut reads it, with its ETag in the header and the body."""
    f.etag = etag_for(f)
    f.handlinger = _handlinger(f)
    f.tidslinje = list(dialog_selectors.timeline(f))
    f.aktiviteter_liste = list(dialog_selectors.aktiviteter(f))
    response["ETag"] = f.etag
    return f


# --- Reads ----------------------------------------------------------------------------------------------

class ForloebFilter(Schema):
    enhed: Id | None = Field(None, description="Kun forløb om denne enhed.")
    status: Literal[tuple(Status.values)] | None = None
    alvor: Literal[tuple(Alvor.values)] | None = None
    ansvarlig: Id | None = None
    aabne: bool = Field(False, description="Kun forløb, der ikke er afsluttet.")


@router.get("/dialogforloeb", response={200: list[DialogforloebKort], **READ_ERRORS}, summary="Dialogforløb")
@paginate(Side)
def forloeb_list(request, filters: Query[ForloebFilter]):
    qs = filtered(dialog_selectors.forloeb_for(request.user), enhed_id=filters.enhed, status=filters.status,
                  alvor=filters.alvor, ansvarlig_id=filters.ansvarlig)
    if filters.aabne:
        qs = qs.exclude(status=Status.AFSLUTTET)
    return qs.order_by("-aabnet", "-pk")


@router.get("/dialogforloeb/{id}", response={200: DialogforloebOut, **READ_ERRORS},
            summary="Et dialogforløb med tidslinje, aktiviteter, agterskrivelser og afgørelser",
            description="Headeren ETag angiver forløbets tilstand; send den som If-Match på en overgang.")
def forloeb_detail(request, response: HttpResponse, id: Id):
    return _respond(response, _detail(request.user, id))


class DokumentOut(DokumentRef):
    art: str
    enhed: EnhedRef
    oprettet: str

    @staticmethod
    def resolve_oprettet(obj) -> str:
        return obj.oprettet.isoformat()


class DokumentFilter(Schema):
    enhed: Id | None = Field(None, description="Kun denne enheds dokumenter.")
    art: Literal["tilsynsrapport", "agterskrivelse", "paabud", "skaerpet_tilsyn", "afgoerelse", "andet"] | None = None
    sendt: bool | None = Field(None, description="Kun sendte (true) eller ikke sendte (false) dokumenter.")


@router.get("/dokumenter", response={200: list[DokumentOut], **READ_ERRORS},
            summary="Breve og rapporter (PDF) med journaliseringsstatus")
@paginate(Side)
def dokument_list(request, filters: Query[DokumentFilter]):
    qs = filtered(dok_selectors.dokumenter_for(request.user).select_related("enhed", "journalpost"),
                  enhed_id=filters.enhed, art=filters.art, sendt__isnull=None if filters.sendt is None else not filters.sendt)
    return qs.order_by("-oprettet", "-pk")


@router.get("/dokumenter/{id}/pdf", response={200: bytes, **READ_ERRORS, 409: Fejl}, summary="Et brev som PDF",
            openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {
                "schema": {"type": "string", "format": "binary"}}}}}})
def dokument_pdf(request, id: Id):
    dokument = dok_selectors.dokument_detail(request.user, id)
    data = dok_services.dokument_bytes(dokument)  # verified against its sha256; a mismatch is a 409
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dokument-{dokument.pk}.pdf"'
    response["X-Content-SHA256"] = dokument.sha256
    return response


# --- Transitions ----------------------------------------------------------------------------------------

class Tom(Schema):
    pass


class BegrundelseIn(Schema):
    begrundelse: Tekst(2000)


class AfslutIn(Schema):
    begrundelse: Tekst(20000)
    frister: Literal["annuller", "opfyld"] | None = Field(
        None, description="Hvad der skal ske med forløbets åbne frister (påkrævet, hvis der er nogen).")


class AgterskrivelseIn(Schema):
    paataenkt: Literal[tuple(Afgoerelsestype.values)]
    sagsfremstilling: Tekst(20000)
    begrundelse: Tekst(20000)
    mulige_reaktioner: Tekst(2000)
    hoeringsfrist_dage: int = Field(..., ge=1, le=365)
    invitation_dialogmoede: Dato | None = None
    dialog_aktiviteter: list[Id] = Field(default_factory=list, max_length=100,
                                         description="De dialogaktiviteter (id), agterskrivelsen bygger på (BEK § 9).")


class AfgoerelseIn(Schema):
    art: Literal[tuple(AfgoerelseArt.values)]
    begrundelse: Tekst(20000)
    tekst: Tekst(20000) | None = Field(None, description="Påbuddets indhold (påbud).")
    opfyldelseskriterium: Tekst(2000) | None = Field(None, description="Hvornår påbuddet er opfyldt (påbud).")
    frist: Dato | None = Field(None, description="Påbuddets frist, eller den nye frist ved en fristforlængelse.")
    skaerpet_til: Dato | None = Field(None, description="Skærpet tilsyn til og med (påbud med skærpet tilsyn, fornyelse).")
    hoeringssvar_vurdering: Tekst(20000) | None = Field(None, description="Høringssvaret og vurderingen af det.")


class HoeringsfristIn(Schema):
    ny_frist: Dato
    begrundelse: Tekst(2000)


class GodkendIn(Schema):
    tekst_hash: str = Field(..., pattern=r"^[0-9a-f]{64}$",
                            description="Fingeraftrykket (tekst_hash) af den tekst, juristen har læst.")


class KommentarIn(Schema):
    kommentar: Tekst(4000)


class UdstedIn(Schema):
    frister: Literal["annuller", "opfyld"] | None = Field(
        None, description="Ved ophør: hvad der skal ske med forløbets åbne frister.")


def _kladde(f: Dialogforloeb, seen: Tilstand | None, kind: str):
    """The draft a draft transition acts on: the one the client saw (stale or not), else the open one."""
    model, aaben = (Agterskrivelse, guards.aaben_kladde) if kind == "agterskrivelse" else (Afgoerelse, guards.aabent_udkast)
    seen_draft = getattr(seen, kind) if seen else None
    if seen_draft is not None:
        obj = model.objects.select_related("forfatter", "godkendt_af").filter(forloeb=f, pk=seen_draft[0]).first()
        if obj is not None:
            obj.forloeb = f
            return _as_seen(obj, seen_draft[1])
    obj = aaben(f)
    if obj is None:
        raise ApiError(409, f"Der er ingen åben {'agterskrivelse' if kind == 'agterskrivelse' else 'afgørelse'} i "
                            "forløbet.", rule="ingen_kladde")
    obj.forloeb = f
    return obj


def _afslut(udfald):
    def run(request, f, data, seen):
        form = validate(dialog_forms.AfslutForm(form_data({"udfald": udfald, **data.model_dump()})))
        return dialog_services.forloeb_close(actor=request.user, forloeb=f, udfald=udfald,
                                             begrundelse=form.cleaned_data["begrundelse"],
                                             frister=form.cleaned_data.get("frister") or None)
    return run


def _start_varsling(request, f, data, seen):
    cfg = dialog_selectors.indstillinger_for(f.enhed.socialtilsyn_id)
    payload = data.model_dump()
    payload["dialog_aktiviteter"] = [str(pk) for pk in payload["dialog_aktiviteter"]]
    form = validate(dialog_forms.AgterskrivelseForm(form_data(payload), forloeb=f, mindst=cfg.hoeringsfrist_min_dage))
    return dialog_services.agterskrivelse_create(actor=request.user, forloeb=f, data=form.cleaned_data)


def _skriv_afgoerelse(request, f, data, seen):
    sendt = guards.seneste_sendte(f)
    med_hoeringssvar = bool(sendt and sendt.hoeringssvar and data.art != AfgoerelseArt.FRISTFORLAENGELSE)
    form = validate(dialog_forms.AFGOERELSE_FORMS[data.art](form_data(data.model_dump(exclude={"art"})),
                                                            med_hoeringssvar=med_hoeringssvar))
    return dialog_services.afgoerelse_create(actor=request.user, forloeb=f, art=data.art, data=form.cleaned_data)


def _forlaeng_hoeringsfrist(request, f, data, seen):
    agter = guards.afventer_hoeringssvar(f)
    if agter is None:
        raise ApiError(409, "Der er ingen sendt agterskrivelse, som afventer høringssvar.", rule="hoeringsfrist")
    agter.forloeb = f
    form = validate(dialog_forms.HoeringsfristForm(form_data(data.model_dump())))
    return dialog_services.hoeringsfrist_extend(actor=request.user, agterskrivelse=agter, **form.cleaned_data)


def _genaabn(request, f, data, seen):
    form = validate(dialog_forms.BegrundelseForm(form_data(data.model_dump())))
    return dialog_services.forloeb_reopen(actor=request.user, forloeb=f, begrundelse=form.cleaned_data["begrundelse"])


def _udkast(kind, action):
    def run(request, f, data, seen):
        obj = _kladde(f, seen, kind)
        actor = request.user
        if action == "indsend":
            return dialog_services.udkast_submit(actor=actor, udkast=obj)
        if action == "godkend":
            return dialog_services.udkast_approve(actor=actor, udkast=obj, tekst_hash=data.tekst_hash)
        if action == "tilbagesend":
            form = validate(dialog_forms.KommentarForm(form_data(data.model_dump())))
            return dialog_services.udkast_return(actor=actor, udkast=obj, **form.cleaned_data)
        if action == "opgiv":
            form = validate(dialog_forms.BegrundelseForm(form_data(data.model_dump())))
            return dialog_services.udkast_abandon(actor=actor, udkast=obj, **form.cleaned_data)
        if action == "send":
            return dialog_services.agterskrivelse_send(actor=actor, agterskrivelse=obj)
        return dialog_services.afgoerelse_issue(actor=actor, afgoerelse=obj, frister=data.frister)
    return run


APPROVE = "dialogforloeb.approve_agterskrivelse"
# name → (body, permission asked first (as the page does), handler, what it does)
TRANSITIONS = {
    "start_varsling": (AgterskrivelseIn, CHANGE, _start_varsling, "Skriv agterskrivelse (kladde): forløbet går i varsling."),
    "forlaeng_hoeringsfrist": (HoeringsfristIn, CHANGE, _forlaeng_hoeringsfrist, "Forlæng høringsfristen."),
    "skriv_afgoerelse": (AfgoerelseIn, CHANGE, _skriv_afgoerelse,
                         "Skriv et udkast til afgørelse (påbud, ophør, forlængelse af skærpet tilsyn eller af "
                         "påbuddets frist)."),
    **{name: (AfslutIn, CHANGE, _afslut(udfald), f"Afslut: {Udfald(udfald).label.lower()}.")
       for udfald, (name, _) in dialog_services.LUK.items()},
    "genaabn": (BegrundelseIn, "dialogforloeb.genaabn_dialogforloeb", _genaabn, "Genåbn forløbet (leder)."),
    "agterskrivelse_indsend": (Tom, CHANGE, _udkast("agterskrivelse", "indsend"), "Send agterskrivelsen til godkendelse."),
    "agterskrivelse_godkend": (GodkendIn, APPROVE, _udkast("agterskrivelse", "godkend"),
                               "Godkend agterskrivelsen (jurist, fire øjne)."),
    "agterskrivelse_tilbagesend": (KommentarIn, APPROVE, _udkast("agterskrivelse", "tilbagesend"),
                                   "Send agterskrivelsen tilbage med en kommentar (jurist)."),
    "agterskrivelse_opgiv": (BegrundelseIn, CHANGE, _udkast("agterskrivelse", "opgiv"), "Opgiv varslingen."),
    "agterskrivelse_send": (Tom, CHANGE, _udkast("agterskrivelse", "send"),
                            "Send den godkendte agterskrivelse (brev som PDF, høringsfrist)."),
    "afgoerelse_indsend": (Tom, CHANGE, _udkast("afgoerelse", "indsend"), "Send afgørelsen til godkendelse."),
    "afgoerelse_godkend": (GodkendIn, APPROVE, _udkast("afgoerelse", "godkend"), "Godkend afgørelsen (jurist, fire øjne)."),
    "afgoerelse_tilbagesend": (KommentarIn, APPROVE, _udkast("afgoerelse", "tilbagesend"),
                               "Send afgørelsen tilbage med en kommentar (jurist)."),
    "afgoerelse_opgiv": (BegrundelseIn, CHANGE, _udkast("afgoerelse", "opgiv"), "Opgiv udkastet til afgørelse."),
    "afgoerelse_udsted": (UdstedIn, CHANGE, _udkast("afgoerelse", "udsted"),
                          "Udsted den godkendte afgørelse (brev som PDF, frister, evt. ophør af godkendelsen)."),
}
ROLLE_BESKED = {
    CHANGE: "Kun konsulenter og ledere kan handle i dialogforløb.",
    APPROVE: "Kun en jurist fra samme socialtilsyn kan godkende eller sende en tekst tilbage.",
    "dialogforloeb.genaabn_dialogforloeb": "Kun en leder fra samme socialtilsyn kan genåbne et afsluttet forløb.",
}
TRANSITION_ERRORS = {**WRITE_ERRORS, 412: Fejl, 428: Fejl}
MANGLER_IF_MATCH = ("Angiv forløbets ETag i headeren If-Match (fra GET /api/v1/dialogforloeb/{id}), så en handling på "
                    "en forældet tilstand afvises.")


def _transition(request, response, id: int, name: str, data, if_match: str | None):
    body, perm, handler, _ = TRANSITIONS[name]
    f = dialog_selectors.forloeb_detail(request.user, id)
    require(request, perm, f, ROLLE_BESKED[perm])
    if not if_match:
        raise ApiError(428, MANGLER_IF_MATCH, rule="if_match")
    seen = None
    if if_match.strip() != etag_for(f):
        seen = parse_etag(if_match)
        if seen is None or seen.forloeb[0] != f.pk:
            raise ApiError(412, "If-Match passer ikke til dette forløb. Hent forløbet igen.", rule="stale")
        _as_seen(f, seen.forloeb[1])
    try:
        handler(request, f, data, seen)
    except DomainError as exc:
        if seen is not None and exc.rule == "stale":
            raise ApiError(412, exc.message, rule="stale") from exc
        raise
    return _respond(response, _detail(request.user, f.pk))


def _register(name: str):
    body, _, _, beskrivelse = TRANSITIONS[name]

    def operation(request, response: HttpResponse, id: Id, data: body,
                  if_match: str = Header("", alias="If-Match", max_length=200, description="Forløbets ETag.")):
        return _transition(request, response, id, name, data, if_match)

    operation.__name__ = f"transition_{name}"
    router.post(f"/dialogforloeb/{{id}}/transitions/{name}", response={200: DialogforloebOut, **TRANSITION_ERRORS},
                summary=beskrivelse, operation_id=f"dialogforloeb_transition_{name}",
                description="Samme service, vagter og beskeder som forløbets side i Tilsyn. Kræver If-Match.")(operation)


for _name in TRANSITIONS:
    _register(_name)
