"""Thin views: parse the request, call one selector or service, render. Each action of a forløb is a
small function in ``FORLOEB_HANDLINGER``; agterskrivelser and afgørelser share the four-eyes pages."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from kvalitetsmodel import selectors as kvalitet_selectors
from tilsyn import dates
from tilsyn.errors import DomainError, add_to_form
from tilsyn.models import Risikokategori
from tilsyn.selectors import enheder_for, konsulenter_for

from . import forms, guards, selectors, services
from .models import Agterskrivelse
from .vocabulary import AfgoerelseArt, AktivitetArt, Alvor, Dialogform, Formaal, Status, Udfald, UdkastStatus

PAGE_SIZE = 25


@dataclass
class Handling:
    label: str
    url: str
    enabled: bool
    reasons: list[str] = field(default_factory=list)
    slug: str = ""


def _form_page(request, *, form, call, title, intro="", warning="", button="Gem", back, success, obj=None, done=None,
               extra=None):
    """Validate, call the service, show its Danish refusals next to the fields (nothing saved).
    After success, go to ``done(result)`` if given, else back."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect(done(result) if done else back)
    return render(request, "dialogforloeb/form.html", {
        "form": form, "title": title, "intro": intro, "warning": warning, "button": button, "back": back, "obj": obj,
        **(extra or {}),
    })


def _data(request):
    """The submitted data of a POST (even an empty one, so a bare submit shows its errors), else unbound."""
    return request.POST if request.method == "POST" else None


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


# --- Lists and queues --------------------------------------------------------------------------------

def _listing(request, *, kun_egne: bool, title: str, template: str = "dialogforloeb/list.html"):
    filters = {k: request.GET.get(k, "") for k in ("status", "alvor", "risiko", "ansvarlig", "q", "sort", "flag")}
    today = dates.today()
    qs = selectors.forloeb_list(request.user, filters, today=today, kun_egne=kun_egne,
                                kun_aabne=request.GET.get("vis") != "alle")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.decorate(page.object_list, selectors.indstillinger_for(request.user.socialtilsyn_id), today)
    return render(request, template, {
        "title": title, "page_obj": page, "filters": filters, "statusser": Status.choices, "alvorer": Alvor.choices,
        "risici": Risikokategori.choices, "konsulenter": konsulenter_for(request.user), "kun_egne": kun_egne,
        "vis_alle": request.GET.get("vis") == "alle",
    })


def forloeb_list(request):
    # A leder follows every forløb; a jurist reads them (with no caseload of their own); a konsulent has theirs.
    if (request.user.is_leder or (request.user.is_jurist and not request.user.is_konsulent)) \
            and request.GET.get("mine") != "1":
        return _listing(request, kun_egne=False, title="Dialogforløb i socialtilsynet")
    return _listing(request, kun_egne=True, title="Mine dialogforløb")


def eskalering(request):
    _require(request, "dialogforloeb.view_eskalering")
    return _listing(request, kun_egne=False, title="Eskaleringskø")


def godkendelser(request):
    _require(request, "dialogforloeb.view_godkendelser")
    return render(request, "dialogforloeb/godkendelser.html", {
        "koe": selectors.godkendelser_for(request.user),
        # Only a jurist approves; a leader looking at the queue has no "approved by you" list.
        "seneste": selectors.senest_godkendt_af(request.user) if request.user.is_jurist else None,
    })


# --- One forløb --------------------------------------------------------------------------------------

def _handlinger(request, f) -> list[Handling]:
    user = request.user
    if not user.has_perm("dialogforloeb.change_dialogforloeb", f):
        return []

    def url(action):
        return reverse("dialogforloeb:action", args=[f.pk, action])

    def trans(label, action, name):
        reasons = services.blocking_messages(f, name)
        return Handling(label, url(action), not reasons, reasons, action)

    def udkast(label, action, art):
        reasons = services.afgoerelse_udkast_afvisning(f, art)
        return Handling(label, url(action), not reasons, reasons, action)

    afsluttet = f.status == Status.AFSLUTTET
    lukket = ["Forløbet er afsluttet. En leder kan genåbne det med en begrundelse."] if afsluttet else []
    items = [
        Handling("Registrér aktivitet", url("aktivitet"), not afsluttet, lukket, "aktivitet"),
        Handling("Ændr alvor", url("alvor"), not afsluttet, lukket, "alvor"),
        trans("Skriv agterskrivelse", "agterskrivelse", "start_varsling"),
    ]
    if (kladde := guards.aaben_kladde(f)) is not None:
        items.insert(0, Handling(f"Agterskrivelsen ({kladde.get_status_display().lower()})", kladde.get_absolute_url(),
                                 True, [], "agterskrivelse-aaben"))
    if guards.afventer_hoeringssvar(f) is not None:
        items.append(Handling("Registrér høringssvar", url("hoeringssvar"), True, [], "hoeringssvar"))
        items.append(Handling("Forlæng høringsfristen", url("hoeringsfrist"), True, [], "hoeringsfrist"))
    if (afg := guards.aabent_udkast(f)) is not None:
        items.insert(0, Handling(f"{afg.slags} ({afg.get_status_display().lower()})", afg.get_absolute_url(), True, [],
                                 "afgoerelse-aaben"))
    else:
        items += [udkast("Skriv afgørelse: påbud", "paabud", AfgoerelseArt.PAABUD),
                  udkast("Skriv afgørelse: ophør af godkendelse", "ophoer", AfgoerelseArt.OPHOER)]
        if guards.har_skaerpet_tilsyn(f):
            items.append(udkast("Skriv afgørelse: forlængelse af skærpet tilsyn", "fornyelse", AfgoerelseArt.FORNYELSE))
        if f.status == Status.PAABUD:
            items.append(udkast("Forlæng påbuddets frist", "fristforlaengelse", AfgoerelseArt.FRISTFORLAENGELSE))
    items += [
        trans("Afslut: bekymring ophørt", "afslut-bekymring_ophoert", "afslut_bekymring_ophoert"),
        trans("Varslingen bortfalder", "afslut-varsling_bortfaldet", "afslut_varsling_bortfaldet"),
        trans("Afslut: påbud opfyldt", "afslut-paabud_opfyldt", "afslut_paabud_opfyldt"),
    ]
    if afsluttet:
        ok = user.has_perm("dialogforloeb.genaabn_dialogforloeb", f)
        items.append(Handling("Genåbn forløbet", url("genaabn"), ok,
                              [] if ok else ["Kun en leder kan genåbne et afsluttet forløb."], "genaabn"))
    return items


def detail(request, pk: int):
    today = dates.today()
    f = selectors.forloeb_detail(request.user, pk, today=today)
    flag_list = selectors.flags(f, selectors.indstillinger_for(f.enhed.socialtilsyn_id), today)
    return render(request, "dialogforloeb/detail.html", {
        "f": f, "flags": flag_list, "handlinger": _handlinger(request, f),
        "timeline": selectors.timeline(f), "aktiviteter": selectors.aktiviteter(f),
        "agterskrivelser": f.agterskrivelser.select_related("forfatter", "godkendt_af").order_by("-oprettet"),
        "afgoerelser": selectors.afgoerelser(f), "dialogdefinition": selectors.dialogdefinition(),
        "frister_ctx": {"frister": selectors.aabne_frister(request.user, f), "tom": "Ingen åbne frister i forløbet."},
        "can_change": request.user.has_perm("dialogforloeb.change_dialogforloeb", f),
    })


def create(request, enhed_pk: int):
    enhed = get_object_or_404(enheder_for(request.user), pk=enhed_pk)
    _require(request, "dialogforloeb.add_dialogforloeb", enhed)
    form = forms.BekymringForm(_data(request), user=request.user, initial={
        "dato": dates.today(), "ansvarlig": enhed.ansvarlig_konsulent_id or request.user.pk, "alvor": Alvor.MIDDEL,
        "formaal": Formaal.AFKLARE, "planlagt_dialogform": Dialogform.MOEDE, "forventet_varighed_uger": 12})
    return _form_page(request, form=form, title="Registrér bekymring", intro=f"{enhed.navn} · {enhed.get_art_display()}",
                      button="Åbn dialogforløb", back=enhed.get_absolute_url(),
                      call=lambda d: services.forloeb_create(actor=request.user, enhed=enhed, **d),
                      success="Bekymringen er registreret, og dialogforløbet er åbnet. Overvej at revurdere "
                              "enhedens risikokategori.", done=lambda f: f.get_absolute_url())


def _ask_about_frister(form, user, f) -> None:
    """Closing with open frister asks what happens to them; with none open, there is nothing to ask."""
    aabne = selectors.aabne_frister(user, f)
    if not aabne:
        del form.fields["frister"]
        return
    fld = form.fields["frister"]
    fld.required = True
    fld.error_messages["required"] = services.AABNE_FRISTER_VALG
    fld.choices = [("", "Vælg"), *forms.FRISTER_CHOICES[1:]]
    fld.help_text = "Åbne frister: " + "; ".join(f"{x.get_art_display()} {x.frist:%d.%m.%Y}" for x in aabne)


def _varsel_intro(f) -> str:
    sendt = guards.seneste_sendte(f)
    if sendt is None:
        return ""
    return (f"Varslet i agterskrivelse sendt {sendt.sendt:%d.%m.%Y}: {sendt.get_paataenkt_display().lower()}. "
            + (f"Høringssvar modtaget {sendt.hoeringssvar:%d.%m.%Y}." if sendt.hoeringssvar
               else f"Høringsfrist {sendt.hoeringsfrist:%d.%m.%Y}."))


def _aktivitet(request, f, *, hoeringssvar=False):
    initial = {"dato": dates.today(), "form": "moede"}
    if hoeringssvar:
        initial.update(art=AktivitetArt.HOERINGSSVAR, form="skriftlig")
    return _form_page(request, form=forms.AktivitetForm(_data(request), initial=initial),
                      title="Registrér aktivitet", button="Gem aktivitet", back=f.get_absolute_url(), obj=f,
                      call=lambda d: services.aktivitet_create(actor=request.user, forloeb=f, **d),
                      success="Aktiviteten er registreret.", extra={"dialogdefinition": selectors.dialogdefinition()})


def _alvor(request, f):
    return _form_page(request, form=forms.AlvorForm(_data(request), initial={"alvor": f.alvor}),
                      title="Ændr alvor", back=f.get_absolute_url(), obj=f,
                      call=lambda d: services.forloeb_alvor_revise(actor=request.user, forloeb=f, **d),
                      success="Alvoren er ændret.")


def _agterskrivelse_form(request, f, *, initial):
    cfg = selectors.indstillinger_for(f.enhed.socialtilsyn_id)
    return forms.AgterskrivelseForm(_data(request), forloeb=f, mindst=cfg.hoeringsfrist_min_dage, initial=initial)


def _editor(request, f, *, form, call, success, done=None, obj=None, title):
    """The agterskrivelse editor: wide fields, the jurist's comment pinned above them, the letter as it will
    look beside them, and (once a draft exists) autosave."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect(done(result) if done else result.get_absolute_url())
    return render(request, "dialogforloeb/agterskrivelse_editor.html", {
        "form": form, "f": f, "obj": obj, "title": title, "dialogdefinition": selectors.dialogdefinition(),
        "kommentar": obj.kommentar if obj is not None and obj.status == UdkastStatus.TILBAGESENDT else "",
        "advarsel": services.hoeringsfrist_advarsel(form["hoeringsfrist_dage"].value() and
                                                    _int(form["hoeringsfrist_dage"].value())),
        "redigeret_advarsel": {
            UdkastStatus.GODKENDT: "Ændres teksten efter juristens godkendelse, bortfalder godkendelsen.",
            UdkastStatus.TIL_GODKENDELSE: "Teksten ligger hos juristen. Ændrer du den, skal juristen læse den igen, "
                                          "før den kan godkendes."}.get(obj.status, "") if obj is not None else "",
    })


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _agterskrivelse_ny(request, f):
    reasons = services.blocking_messages(f, "start_varsling")
    if reasons and request.method == "GET":
        messages.error(request, " ".join(reasons))
        return redirect(f.get_absolute_url())
    cfg = selectors.indstillinger_for(f.enhed.socialtilsyn_id)
    dialog = [a for a in services.dialog_valg(f) if a.oplyst_bekymring]
    form = _agterskrivelse_form(request, f, initial={
        "hoeringsfrist_dage": cfg.hoeringsfrist_dage, "dialog_aktiviteter": dialog,
        "mulige_reaktioner": Agterskrivelse._meta.get_field("mulige_reaktioner").default,
        "sagsfremstilling": services.agterskrivelse_udkast_tekst(f)})
    return _editor(request, f, form=form, title="Skriv agterskrivelse",
                   call=lambda d: services.agterskrivelse_create(actor=request.user, forloeb=f, data=d),
                   success="Kladden er gemt. Herfra gemmes dine ændringer automatisk. Send den til godkendelse hos en "
                           "jurist, når den er klar.",
                   done=lambda a: reverse("dialogforloeb:udkast_action", args=["agterskrivelse", a.pk, "rediger"]))


def _hoeringsfrist(request, f):
    agter = guards.afventer_hoeringssvar(f)
    if agter is None:
        raise Http404
    return _form_page(request, form=forms.HoeringsfristForm(_data(request)), title="Forlæng høringsfristen",
                      intro=f"Nuværende høringsfrist: {agter.hoeringsfrist:%d.%m.%Y}. En høringsfrist kan kun "
                            "forlænges, ikke forkortes.", back=f.get_absolute_url(), obj=f, button="Forlæng fristen",
                      call=lambda d: services.hoeringsfrist_extend(actor=request.user, agterskrivelse=agter, **d),
                      success="Høringsfristen er forlænget.")


def _afgoerelse_ny(request, f, art):
    reasons = services.afgoerelse_udkast_afvisning(f, art)
    if reasons and request.method == "GET":
        messages.error(request, " ".join(reasons))
        return redirect(f.get_absolute_url())
    sendt = guards.seneste_sendte(f)
    initial = {}
    if art == AfgoerelseArt.PAABUD:
        initial["frist"] = dates.today() + dt.timedelta(
            days=selectors.indstillinger_for(f.enhed.socialtilsyn_id).paabud_frist_dage)
    form = forms.AFGOERELSE_FORMS[art](_data(request), initial=initial,
                                       med_hoeringssvar=bool(sendt and sendt.hoeringssvar and
                                                             art != AfgoerelseArt.FRISTFORLAENGELSE))
    return _form_page(request, form=form, title=f"Skriv afgørelse: {AfgoerelseArt(art).label.lower()}",
                      button="Gem udkast", back=f.get_absolute_url(), obj=f, intro=_varsel_intro(f),
                      warning="Afgørelsen gemmes som udkast. Den skal godkendes af en jurist fra socialtilsynet, før den "
                              "kan udstedes som brev.",
                      call=lambda d: services.afgoerelse_create(actor=request.user, forloeb=f, art=art, data=d),
                      success="Udkastet er gemt. Send det til godkendelse hos en jurist, når det er klar.",
                      done=lambda a: a.get_absolute_url())


def _afslut(request, f, udfald):
    if udfald not in services.LUK:
        raise Http404
    form = forms.AfslutForm(_data(request), initial={"udfald": udfald})
    _ask_about_frister(form, request.user, f)
    form.fields["begrundelse"].label = {
        Udfald.BEKYMRING_OPHOERT: "Hvorfor er bekymringen ophørt",
        Udfald.VARSLING_BORTFALDET: "Hvordan vil enheden konkret rette op på forholdene",
        Udfald.PAABUD_OPFYLDT: "Dokumentation for at påbuddet er opfyldt",
    }[udfald]
    return _form_page(
        request, form=form, title=f"Afslut forløbet: {Udfald(udfald).label.lower()}", button="Bekræft",
        warning="Forløbet afsluttes (bortfalder en varslet forlængelse af skærpet tilsyn, fortsætter påbuddet). Kun en "
                "leder kan genåbne et afsluttet forløb.", back=f.get_absolute_url(), obj=f,
        call=lambda d: services.forloeb_close(actor=request.user, forloeb=f, udfald=udfald, begrundelse=d["begrundelse"],
                                              frister=d.get("frister") or None),
        success="Forløbet er opdateret.")


def _genaabn(request, f):
    return _form_page(request, form=forms.BegrundelseForm(_data(request)), title="Genåbn forløbet",
                      button="Genåbn", back=f.get_absolute_url(), obj=f,
                      intro="Et genåbnet forløb begynder en ny runde: dialogen efter bekendtgørelsens § 9 skal føres "
                            "på ny om de forhold, en afgørelse bygger på.",
                      call=lambda d: services.forloeb_reopen(actor=request.user, forloeb=f, begrundelse=d["begrundelse"]),
                      success="Forløbet er genåbnet.")


CHANGE = "dialogforloeb.change_dialogforloeb"
FORLOEB_HANDLINGER = {
    "aktivitet": (CHANGE, _aktivitet),
    "hoeringssvar": (CHANGE, lambda r, f: _aktivitet(r, f, hoeringssvar=True)),
    "alvor": (CHANGE, _alvor),
    "agterskrivelse": (CHANGE, _agterskrivelse_ny),
    "hoeringsfrist": (CHANGE, _hoeringsfrist),
    **{art: (CHANGE, lambda r, f, art=art: _afgoerelse_ny(r, f, art)) for art in AfgoerelseArt.values},
    **{f"afslut-{u}": (CHANGE, lambda r, f, u=u: _afslut(r, f, u)) for u in services.LUK},
    "genaabn": ("dialogforloeb.genaabn_dialogforloeb", _genaabn),
}


def action(request, pk: int, action: str):
    f = selectors.forloeb_detail(request.user, pk)
    if action not in FORLOEB_HANDLINGER:
        raise Http404
    perm, handler = FORLOEB_HANDLINGER[action]
    _require(request, perm, f)
    return handler(request, f)


# --- Agterskrivelser and afgørelser: the four-eyes pages --------------------------------------------

def _diff(obj, foer: dict, nu: dict) -> list[dict]:
    """What changed since the jurist sent the text back, field by field (the changed lines, - before, + now)."""
    out = []
    for key, tekst in nu.items():
        gammel = foer.get(key, "")
        if gammel != tekst:
            lines = [line for line in difflib.unified_diff(gammel.splitlines(), tekst.splitlines(), lineterm="", n=1)
                     if not line.startswith(("---", "+++", "@@"))]
            label = ("dialogen, agterskrivelsen bygger på" if key == "dialog"
                     else str(obj._meta.get_field(key).verbose_name))
            out.append({"felt": label[:1].upper() + label[1:], "linjer": lines})
    return out


def _udkast_context(request, obj) -> dict:
    user = request.user
    f = obj.forloeb
    can_change = user.has_perm(CHANGE, f)
    refusal = guards.godkender_afvisning(user, obj)
    if isinstance(obj, Agterskrivelse):
        final_reasons = services.blocking_messages(obj, "send") + (
            services.blocking_messages(f, "send_varsling") if f.status == Status.VARSLING else [])
    else:
        name = services.UDSTED_TRANSITION[obj.art]
        final_reasons = services.blocking_messages(obj, "udsted") + (
            services.blocking_messages(f, name) if name else [])
    til_godkendelse = obj.status == UdkastStatus.TIL_GODKENDELSE
    return {
        "obj": obj, "f": f, "can_change": can_change, "can_approve": refusal is None, "tekst_hash": obj.tekst_hash(),
        # The author who is also a jurist sees the button, disabled, with the four-eyes rule.
        "egen_godkendelse": refusal if til_godkendelse and user.is_jurist and guards.er_fire_oejne_afvisning(user, obj)
        else "",
        "redigerbar": can_change and obj.er_redigerbar,
        "kan_indsende": can_change and not services.blocking_messages(obj, "indsend"),
        "final_reasons": final_reasons, "kan_afslutte": can_change and obj.status in (UdkastStatus.GODKENDT,
                                                                                      UdkastStatus.KLADDE,
                                                                                      UdkastStatus.TILBAGESENDT),
        "diff": _diff(obj, obj.tilbagesendt_tekst, obj.indhold()) if obj.tilbagesendt_tekst and til_godkendelse else [],
        "til_godkendelse": til_godkendelse, "timeline": selectors.timeline(f)[:15],
        **_vurdering_fakta(user, f), "aktiviteter": selectors.aktiviteter(f),
        "dialogdefinition": selectors.dialogdefinition(),
    }


def _vurdering_fakta(user, f) -> dict:
    """For the jurist's review: the proportionality flags and the unit's latest quality assessment by theme."""
    today = dates.today()
    queue = selectors.forloeb_detail(user, f.pk, today=today)
    seneste = kvalitet_selectors.seneste_afsluttede(user, f.enhed)
    return {
        "prop_flag": selectors.flags(queue, selectors.indstillinger_for(f.enhed.socialtilsyn_id), today),
        "vurdering": seneste,
        "temaer": kvalitet_selectors.skema(seneste).temaer if seneste else [],
        "kvalitetsflag": list(seneste.flag.all()) if seneste else [],
    }


def agterskrivelse(request, pk: int):
    obj = selectors.agterskrivelse_detail(request.user, pk)
    return render(request, "dialogforloeb/agterskrivelse.html", {
        **_udkast_context(request, obj), "agter": obj, "dialog": list(obj.dialog_aktiviteter.all()),
        "forventet_frist": obj.forventet_hoeringsfrist(),
    })


def afgoerelse(request, pk: int):
    obj = selectors.afgoerelse_detail(request.user, pk)
    return render(request, "dialogforloeb/afgoerelse.html", {**_udkast_context(request, obj), "afg": obj})


UDKAST = {"agterskrivelse": selectors.agterskrivelse_detail, "afgoerelse": selectors.afgoerelse_detail}


def _udkast(request, kind: str, pk: int):
    if kind not in UDKAST:
        raise Http404
    return UDKAST[kind](request.user, pk)


def udkast_action(request, kind: str, pk: int, action: str):
    obj = _udkast(request, kind, pk)
    user = request.user
    post = _data(request)
    back = obj.get_absolute_url()
    f = obj.forloeb
    perm = "dialogforloeb.approve_agterskrivelse" if action == "tilbagesend" else CHANGE
    _require(request, perm, f)
    common = {"back": back, "obj": obj}
    if action == "rediger":
        initial = {k: getattr(obj, k) for k in (services.AGTER_FELTER if kind == "agterskrivelse" else services.AFG_FELTER)
                   if k != "dialog_aktiviteter"}
        if kind == "agterskrivelse":
            initial["dialog_aktiviteter"] = list(obj.dialog_aktiviteter.all())
            return _editor(request, f, form=_agterskrivelse_form(request, f, initial=initial), obj=obj,
                           title="Redigér agterskrivelse", success="Agterskrivelsen er gemt.",
                           call=lambda d: services.agterskrivelse_update(actor=user, agterskrivelse=obj, data=d))
        else:
            sendt = obj.agterskrivelse
            form = forms.AFGOERELSE_FORMS[obj.art](post, initial=initial,
                                                   med_hoeringssvar=bool(sendt and sendt.hoeringssvar))
            call = lambda d: services.afgoerelse_update(actor=user, afgoerelse=obj, data=d)  # noqa: E731
        warning = {UdkastStatus.GODKENDT: "Ændres teksten efter juristens godkendelse, bortfalder godkendelsen.",
                   UdkastStatus.TIL_GODKENDELSE: "Teksten ligger hos juristen. Ændrer du den, skal juristen læse den "
                                                 "igen, før den kan godkendes."}.get(obj.status, "")
        return _form_page(request, form=form, title=f"Redigér {obj.NAVN}", button="Gem ændringer", warning=warning,
                          call=call, success=f"{obj.BESTEMT.capitalize()} er gemt.",
                          extra={"kommentar": obj.kommentar if obj.status == UdkastStatus.TILBAGESENDT else ""},
                          **common)
    if action == "tilbagesend":
        return _form_page(request, form=forms.KommentarForm(post), title="Send tilbage til konsulenten",
                          button="Send tilbage",
                          call=lambda d: services.udkast_return(actor=user, udkast=obj, **d),
                          success=f"{obj.BESTEMT.capitalize()} er sendt tilbage med din kommentar.", **common)
    if action == "opgiv":
        return _form_page(request, form=forms.BegrundelseForm(post), title=f"Opgiv {obj.BESTEMT}", button="Opgiv",
                          call=lambda d: services.udkast_abandon(actor=user, udkast=obj, **d),
                          success=f"{obj.BESTEMT.capitalize()} er opgivet.", back=f.get_absolute_url(), obj=obj)
    if action == "send" and kind == "agterskrivelse":
        return _form_page(
            request, form=forms.SendForm(post), title="Send agterskrivelsen", button="Send agterskrivelsen",
            warning=f"Agterskrivelsen dannes som PDF, gemmes uændret og sendes i dag. Høringsfristen bliver "
                    f"{obj.forventet_hoeringsfrist():%d.%m.%Y}.",
            call=lambda d: services.agterskrivelse_send(actor=user, agterskrivelse=obj),
            success="Agterskrivelsen er sendt, og høringsfristen er oprettet.", back=f.get_absolute_url(), obj=obj)
    if action == "udsted" and kind == "afgoerelse":
        form = forms.UdstedForm(post)
        if obj.er_ophoer:
            _ask_about_frister(form, user, f)
        else:
            del form.fields["frister"]
        return _form_page(
            request, form=form, title=f"Udsted {obj.get_art_display().lower()}", button="Udsted afgørelsen",
            warning="Afgørelsen dannes som brev (PDF) med hjemmel, begrundelse og klagevejledning, gemmes uændret og "
                    "udstedes i dag. Det kan ikke fortrydes." + (" Enhedens godkendelse ophører." if obj.er_ophoer else ""),
            call=lambda d: services.afgoerelse_issue(actor=user, afgoerelse=obj, frister=d.get("frister") or None),
            success="Afgørelsen er udstedt.", back=f.get_absolute_url(), obj=obj)
    raise Http404


@require_POST
def udkast_post(request, kind: str, pk: int, action: str):
    obj = _udkast(request, kind, pk)
    calls = {"indsend": (services.udkast_submit, f"{obj.BESTEMT.capitalize()} er sendt til godkendelse hos en jurist."),
             "godkend": (services.udkast_approve,
                         f"{obj.BESTEMT.capitalize()} er godkendt. Konsulenten kan nu "
                         f"{'sende' if kind == 'agterskrivelse' else 'udstede'} den.")}
    if action not in calls:
        raise Http404
    fn, ok = calls[action]
    extra = {"tekst_hash": request.POST.get("tekst_hash", "")} if action == "godkend" else {}
    try:
        fn(actor=request.user, udkast=obj, **extra)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(obj.get_absolute_url())


@require_POST
def agterskrivelse_autosave(request, pk: int):
    """The editor saves as the konsulent types (htmx): the same service as the Gem button; an invalid or refused
    text is not saved, and the status says why."""
    obj = selectors.agterskrivelse_detail(request.user, pk)
    _require(request, CHANGE, obj.forloeb)
    form = _agterskrivelse_form(request, obj.forloeb, initial={})
    fejl, gemt = [], False
    if form.is_valid():
        try:
            obj = services.agterskrivelse_update(actor=request.user, agterskrivelse=obj, data=form.cleaned_data)
            gemt = True
        except DomainError as exc:
            fejl = [m for ms in exc.errors.values() for m in ms]
    else:
        fejl = [f"{form.fields[n].label}: {e}" if n in form.fields else e for n, es in form.errors.items() for e in es]
    return render(request, "dialogforloeb/_autosave.html", {"obj": obj, "gemt": gemt, "fejl": fejl,
                                                            "tidspunkt": dates.now_at(dates.today())})


@xframe_options_sameorigin
def udkast_html(request, kind: str, pk: int):
    """The draft letter as HTML for the editor's preview frame (same template as the PDF, never stored)."""
    obj = _udkast(request, kind, pk)
    if kind != "agterskrivelse" or not obj.er_redigerbar:
        raise Http404
    return HttpResponse(services.agterskrivelse_preview_html(obj, today=dates.today()))


def udkast_pdf(request, kind: str, pk: int):
    """A draft's letter as it would be sent or issued today (not stored; marked UDKAST)."""
    obj = _udkast(request, kind, pk)
    if not obj.er_redigerbar:
        raise Http404
    preview = services.agterskrivelse_preview_pdf if kind == "agterskrivelse" else services.afgoerelse_preview_pdf
    response = HttpResponse(preview(obj, today=dates.today()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="udkast-{kind}-{obj.pk}.pdf"'
    return response
