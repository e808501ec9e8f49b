"""Output schemas: what a client reads. Codes are the stored values (``godkendt``); each has a ``*_tekst``
with the Danish label the UI shows. Dates are ISO 8601 (2026-11-26), times in UTC with offset."""


import datetime as dt

from ninja import Schema

from .core import Ref


def ref_for(user) -> Ref | None:
    return Ref(id=user.pk, navn=str(user)) if user is not None else None


class MedUrl(Schema):
    """The object's page in Tilsyn (a link for people, next to the data)."""

    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class KommuneOut(Schema):
    kode: int
    navn: str


class EnhedRef(Schema):
    id: int
    art: str
    navn: str


class EnhedOut(MedUrl):
    id: int
    art: str
    navn: str
    adresse: str
    postnummer: str
    by: str
    kommune: KommuneOut
    alder_fra: int
    alder_til: int
    godkendelsesstatus: str
    godkendelsesstatus_tekst: str
    ansoegt_dato: dt.date | None
    godkendt_dato: dt.date | None
    ophoert_dato: dt.date | None
    risikokategori: str | None
    risikokategori_siden: dt.date | None
    ansvarlig_konsulent: Ref | None
    seneste_besoeg: dt.date | None = None
    naeste_besoeg: dt.date | None = None

    @staticmethod
    def resolve_godkendelsesstatus_tekst(obj) -> str:
        return obj.get_godkendelsesstatus_display()

    @staticmethod
    def resolve_risikokategori(obj) -> str | None:
        return obj.risikokategori or None

    @staticmethod
    def resolve_ansvarlig_konsulent(obj) -> Ref | None:
        return ref_for(obj.ansvarlig_konsulent)

    @staticmethod
    def resolve_seneste_besoeg(obj):
        return getattr(obj, "seneste_besoeg", None)

    @staticmethod
    def resolve_naeste_besoeg(obj):
        return getattr(obj, "naeste_besoeg", None)


class TilbudstypeOut(Schema):
    kode: str
    navn: str
    paragraf: str


class AfdelingOut(Schema):
    id: int
    navn: str
    adresse: str
    pladser: int


class TilbudOut(EnhedOut):
    driftsherre_navn: str
    driftsherre_ejerform: str
    driftsherre_cvr: str
    tilbudstyper: list[TilbudstypeOut]
    maalgrupper: str
    pladser: int

    @staticmethod
    def resolve_tilbudstyper(obj):
        return list(obj.tilbudstyper.all())


class TilbudDetailOut(TilbudOut):
    afdelinger: list[AfdelingOut]

    @staticmethod
    def resolve_afdelinger(obj):
        return list(obj.afdelinger.all())


class PlejefamilieOut(EnhedOut):
    plejefamilietype: str
    plejefamilietype_tekst: str
    plejeforaelder_1: str
    plejeforaelder_2: str
    godkendt_antal_boern: int
    aflastning: bool

    @staticmethod
    def resolve_plejefamilietype_tekst(obj) -> str:
        return obj.get_plejefamilietype_display()


class BesoegOut(Schema):
    id: int
    enhed: EnhedRef
    besoegstype: str
    status: str
    dato: dt.date
    varslet_dato: dt.date | None
    konsulenter: list[Ref]
    metoder: list[str]
    datakilder: list[str]
    fokus_temaer: str
    noter: str
    oprettet_af: Ref
    oprettet: dt.datetime

    @staticmethod
    def resolve_konsulenter(obj):
        return [ref_for(u) for u in obj.konsulenter.all()]

    @staticmethod
    def resolve_oprettet_af(obj):
        return ref_for(obj.oprettet_af)


class BesoegCreated(BesoegOut):
    advarsler: list[str] = []


class IntensitetOut(Schema):
    niveau: str
    note: str = ""


class RisikovurderingOut(Schema):
    id: int
    enhed: EnhedRef
    fase: str
    kategori: str
    kategori_tekst: str
    forrige_kategori: str | None
    begrundelse: str
    faktorer: list[str]
    intensitetsplan: dict[str, IntensitetOut]
    tilsynsbesoeg_id: int | None
    kvalitetsvurdering_id: int | None
    dato: dt.date
    vurderet_af: Ref
    oprettet: dt.datetime

    @staticmethod
    def resolve_kategori_tekst(obj) -> str:
        return obj.get_kategori_display()

    @staticmethod
    def resolve_forrige_kategori(obj):
        return obj.forrige_kategori or None

    @staticmethod
    def resolve_faktorer(obj):
        return [f.navn for f in obj.faktorer.all()]

    @staticmethod
    def resolve_vurderet_af(obj):
        return ref_for(obj.vurderet_af)


class TemaOut(Schema):
    nummer: int
    navn: str
    score: float | None
    tekst: str


class KvalitetsmodelOut(Schema):
    version: str
    navn: str
    niveau: str


class KvalitetsvurderingOut(MedUrl):
    """A completed quality assessment at theme level (the theme scores are snapshots taken at completion)."""

    id: int
    enhed: EnhedRef
    model: KvalitetsmodelOut
    art: str
    dato: dt.date
    afsluttet: dt.datetime
    version: int
    retter_id: int | None
    erstattet: bool
    samlet_vurdering: str
    temaer: list[TemaOut]

    @staticmethod
    def resolve_temaer(obj):
        return [TemaOut(nummer=tv.tema.nummer, navn=tv.tema.navn, score=float(tv.score) if tv.score is not None else None,
                        tekst=tv.tekst) for tv in obj.temavurderinger.all()]


class FristOut(MedUrl):
    id: int
    enhed: EnhedRef
    art: str
    art_tekst: str
    titel: str
    frist: dt.date
    oprindelig_frist: dt.date
    dagtype: str
    status: str
    status_tekst: str
    ansvarlig: Ref | None
    suspenderet: dt.date | None
    afsluttet: dt.datetime | None
    afsluttet_note: str

    @staticmethod
    def resolve_titel(obj) -> str:
        return obj.visningstitel

    @staticmethod
    def resolve_art_tekst(obj) -> str:
        return obj.get_art_display()

    @staticmethod
    def resolve_status_tekst(obj) -> str:
        return obj.badge()[1]

    @staticmethod
    def resolve_ansvarlig(obj):
        return ref_for(obj.ansvarlig)


class DialogforloebKort(MedUrl):
    id: int
    enhed: EnhedRef
    status: str
    status_tekst: str
    kilde: str
    alvor: str
    beskrivelse: str
    temaer: str
    ansvarlig: Ref
    aabnet: dt.date
    sidste_aktivitet: dt.date

    @staticmethod
    def resolve_status_tekst(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_ansvarlig(obj):
        return ref_for(obj.ansvarlig)


class AktivitetOut(Schema):
    id: int
    art: str
    art_tekst: str
    dato: dt.date
    form: str
    deltagere: str
    referat: str
    oplyst_bekymring: bool
    oplyst_formaal: bool
    oplyst_reaktioner: bool
    frist: dt.date | None
    oprettet_af: Ref

    @staticmethod
    def resolve_art_tekst(obj) -> str:
        return obj.get_art_display()

    @staticmethod
    def resolve_oprettet_af(obj):
        return ref_for(obj.oprettet_af)
