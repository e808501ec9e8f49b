"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tilsyn.errors import DomainError
from tilsyn.models import Risikokategori
from tilsyn.selectors import enheder_for, konsulenter_for

from . import forms, guards, selectors, services
from .models import Afgoerelsestype, AgterskrivelseStatus, AktivitetArt, Alvor, Status, Udfald

PAGE_SIZE = 25


@dataclass
class Handling:
    label: str
    url: str
    enabled: bool
    reasons: list[str] = field(default_factory=list)
    slug: str = ""


def _form_page(request, *, form, call, title, intro="", warning="", button="Gem", back, success, obj=None, done=None):
    """Validate, call the service, show its Danish refusal next to the field (nothing saved).
    After success, go to ``done(result)`` if given, else back."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, success)
            return redirect(done(result) if done else back)
    return render(request, "dialogforloeb/form.html", {
        "form": form, "title": title, "intro": intro, "warning": warning, "button": button, "back": back, "obj": obj,
    })


# --- Lists and queues --------------------------------------------------------------------------------

def _listing(request, *, kun_egne: bool, title: str, template: str = "dialogforloeb/list.html"):
    filters = {k: request.GET.get(k, "") for k in ("status", "alvor", "risiko", "ansvarlig", "q", "sort", "flag")}
    today = timezone.localdate()
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
    if request.user.is_leder and request.GET.get("mine") != "1":
        return _listing(request, kun_egne=False, title="Dialogforløb i socialtilsynet")
    return _listing(request, kun_egne=True, title="Mine dialogforløb")


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def eskalering(request):
    _require(request, "dialogforloeb.view_eskalering")
    return _listing(request, kun_egne=False, title="Eskaleringskø")


def godkendelser(request):
    _require(request, "dialogforloeb.view_godkendelser")
    return render(request, "dialogforloeb/godkendelser.html", {
        "koe": list(selectors.godkendelser_for(request.user)),
        # Only a jurist approves; a leader looking at the queue has no "approved by you" list.
        "seneste": list(selectors.senest_godkendt_af(request.user)) if request.user.is_jurist else None,
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

    afsluttet = f.status == Status.AFSLUTTET
    lukket = ["Forløbet er afsluttet. En leder kan genåbne det med en begrundelse."] if afsluttet else []
    items = [
        Handling("Registrér aktivitet", url("aktivitet"), not afsluttet, lukket, "aktivitet"),
        Handling("Ændr alvor", url("alvor"), not afsluttet, lukket, "alvor"),
        trans("Skriv agterskrivelse", "agterskrivelse", "start_varsling"),
    ]
    kladde = guards.aaben_kladde(f)
    if kladde is not None:
        items.insert(0, Handling(f"Agterskrivelsen ({kladde.get_status_display().lower()})", kladde.get_absolute_url(),
                                 True, [], "agterskrivelse-aaben"))
    if guards.afventer_hoeringssvar(f) is not None:
        items.append(Handling("Registrér høringssvar", url("hoeringssvar"), True, [], "hoeringssvar"))
    items += [
        trans("Udsted påbud", "paabud", "udsted_paabud"),
        trans("Afgørelse om ophør af godkendelse", "ophoer", "ophoer_godkendelse"),
        trans("Afslut: bekymring ophørt", "afslut-bekymring_ophoert", "afslut_bekymring_ophoert"),
        trans("Afslut: varsling bortfaldet", "afslut-varsling_bortfaldet", "afslut_varsling_bortfaldet"),
        trans("Afslut: påbud opfyldt", "afslut-paabud_opfyldt", "afslut_paabud_opfyldt"),
    ]
    if afsluttet:
        ok = user.has_perm("dialogforloeb.genaabn_dialogforloeb", f)
        items.append(Handling("Genåbn forløbet", url("genaabn"), ok,
                              [] if ok else ["Kun en leder kan genåbne et afsluttet forløb."], "genaabn"))
    return items


def detail(request, pk: int):
    today = timezone.localdate()
    f = selectors.forloeb_detail(request.user, pk, today=today)
    flag_list = selectors.flags(f, selectors.indstillinger_for(f.enhed.socialtilsyn_id), today)
    return render(request, "dialogforloeb/detail.html", {
        "f": f, "flags": flag_list, "handlinger": _handlinger(request, f),
        "timeline": selectors.timeline(f), "aktiviteter": selectors.aktiviteter(f),
        "agterskrivelser": f.agterskrivelser.select_related("forfatter", "godkendt_af").order_by("-oprettet"),
        "afgoerelser": f.afgoerelser.all(), "frister_ctx": {"frister": selectors.aabne_frister(request.user, f),
                                                            "tom": "Ingen åbne frister i forløbet."},
        "can_change": request.user.has_perm("dialogforloeb.change_dialogforloeb", f),
    })


def create(request, enhed_pk: int):
    enhed = get_object_or_404(enheder_for(request.user), pk=enhed_pk)
    _require(request, "dialogforloeb.add_dialogforloeb", enhed)
    form = forms.BekymringForm(request.POST or None, user=request.user, initial={
        "dato": timezone.localdate(), "ansvarlig": enhed.ansvarlig_konsulent_id or request.user.pk, "alvor": "middel"})
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
    field = form.fields["frister"]
    field.required = True
    field.error_messages["required"] = services.AABNE_FRISTER_VALG
    field.choices = [("", "Vælg"), *forms.FRISTER_CHOICES[1:]]
    field.help_text = "Åbne frister: " + "; ".join(f"{x.get_art_display()} {x.frist:%d.%m.%Y}" for x in aabne)


def action(request, pk: int, action: str):
    f = selectors.forloeb_detail(request.user, pk)
    user = request.user
    back = f.get_absolute_url()
    post = request.POST or None
    common = {"back": back, "obj": f}
    if action == "genaabn":
        _require(request, "dialogforloeb.genaabn_dialogforloeb", f)
        return _form_page(request, form=forms.BegrundelseForm(post), title="Genåbn forløbet", button="Genåbn",
                          call=lambda d: services.forloeb_reopen(actor=user, forloeb=f, begrundelse=d["begrundelse"]),
                          success="Forløbet er genåbnet.", **common)
    _require(request, "dialogforloeb.change_dialogforloeb", f)
    if action in ("aktivitet", "hoeringssvar"):
        initial = {"dato": timezone.localdate(), "form": "moede"}
        if action == "hoeringssvar":
            initial.update(art=AktivitetArt.HOERINGSSVAR, form="skriftlig")
        return _form_page(request, form=forms.AktivitetForm(post, initial=initial), title="Registrér aktivitet",
                          call=lambda d: services.aktivitet_create(actor=user, forloeb=f, **d),
                          success="Aktiviteten er registreret.", button="Gem aktivitet", **common)
    if action == "alvor":
        return _form_page(request, form=forms.AlvorForm(post, initial={"alvor": f.alvor}), title="Ændr alvor",
                          call=lambda d: services.forloeb_alvor_revise(actor=user, forloeb=f, **d),
                          success="Alvoren er ændret.", **common)
    if action == "agterskrivelse":
        cfg = selectors.indstillinger_for(f.enhed.socialtilsyn_id)
        form = forms.AgterskrivelseForm(post, initial={"hoeringsfrist_dage": cfg.hoeringsfrist_dage})
        reasons = services.blocking_messages(f, "start_varsling")
        if reasons and request.method == "GET":
            messages.error(request, " ".join(reasons))
            return redirect(back)
        return _form_page(request, form=form, title="Skriv agterskrivelse", button="Gem kladde",
                          intro="Agterskrivelsen varsler den påtænkte afgørelse. Den skal godkendes af en jurist, "
                                "før den kan sendes.",
                          call=lambda d: services.agterskrivelse_create(actor=user, forloeb=f, data=d),
                          success="Kladden er gemt. Send den til godkendelse hos en jurist, når den er klar.", **common)
    sendt = guards.seneste_sendte(f)
    varsel = ""
    if sendt is not None:
        varsel = (f"Varslet i agterskrivelse sendt {sendt.sendt:%d.%m.%Y}: {sendt.get_paataenkt_display().lower()}. "
                  + (f"Høringssvar modtaget {sendt.hoeringssvar:%d.%m.%Y}." if sendt.hoeringssvar
                     else f"Høringsfrist {sendt.hoeringsfrist:%d.%m.%Y}."))
    if action == "paabud":
        frist = timezone.localdate() + dt.timedelta(days=selectors.indstillinger_for(
            f.enhed.socialtilsyn_id).paabud_frist_dage)
        return _form_page(
            request, form=forms.PaabudForm(post, initial={"frist": frist}), title="Udsted påbud", button="Udsted påbud",
            intro=varsel,
            warning="Påbuddet sendes som brev (PDF) med hjemmel, begrundelse, frist og klagevejledning. Et sendt brev "
                    "kan ikke ændres.",
            call=lambda d: services.paabud_issue(actor=user, forloeb=f, **d), success="Påbuddet er udstedt.", **common)
    if action == "ophoer":
        form = forms.OphoerForm(post)
        _ask_about_frister(form, user, f)
        return _form_page(
            request, form=form, title="Afgørelse om ophør af godkendelse", button="Træf afgørelse", intro=varsel,
            warning="Godkendelsen ophører, og afgørelsen sendes som brev. Det kan ikke fortrydes.",
            call=lambda d: services.ophoer_issue(actor=user, forloeb=f, begrundelse=d["begrundelse"],
                                                 frister=d.get("frister") or None),
            success="Afgørelsen om ophør er truffet.", **common)
    if action.startswith("afslut-"):
        udfald = action.removeprefix("afslut-")
        if udfald not in services.LUK:
            raise Http404
        form = forms.AfslutForm(post, initial={"udfald": udfald})
        _ask_about_frister(form, user, f)
        form.fields["begrundelse"].label = {
            Udfald.BEKYMRING_OPHOERT: "Hvorfor er bekymringen ophørt",
            Udfald.VARSLING_BORTFALDET: "Hvordan vil enheden konkret rette op på forholdene",
            Udfald.PAABUD_OPFYLDT: "Dokumentation for at påbuddet er opfyldt",
        }[udfald]
        return _form_page(
            request, form=form, title=f"Afslut forløbet: {Udfald(udfald).label.lower()}", button="Afslut forløbet",
            warning="Forløbet afsluttes. Kun en leder kan genåbne det.",
            call=lambda d: services.forloeb_close(actor=user, forloeb=f, udfald=udfald, begrundelse=d["begrundelse"],
                                                  frister=d.get("frister") or None),
            success="Forløbet er afsluttet.", **common)
    raise Http404


# --- Agterskrivelse ----------------------------------------------------------------------------------

def agterskrivelse(request, pk: int):
    agter = selectors.agterskrivelse_detail(request.user, pk)
    f = agter.forloeb
    user = request.user
    can_change = user.has_perm("dialogforloeb.change_dialogforloeb", f)
    refusal = services.approval_refusal(user, agter)
    return render(request, "dialogforloeb/agterskrivelse.html", {
        "agter": agter, "f": f, "can_change": can_change,
        "can_approve": refusal is None, "tekst_hash": agter.tekst_hash(),
        # The author who is also a jurist sees the button, disabled, with the four-eyes rule.
        "egen_godkendelse": refusal if refusal in services.FIRE_OEJNE and agter.status == AgterskrivelseStatus.TIL_GODKENDELSE
        else "",
        "redigerbar": can_change and agter.status not in (AgterskrivelseStatus.SENDT, AgterskrivelseStatus.OPGIVET),
        "kommentar_form": forms.KommentarForm(),
        "forventet_frist": agter.forventet_hoeringsfrist(timezone.localdate()),
        "send_reasons": services.blocking_messages(f, "send_varsling") if f.status == "varsling" else [],
    })


def agterskrivelse_action(request, pk: int, action: str):
    agter = selectors.agterskrivelse_detail(request.user, pk)
    user = request.user
    back = agter.get_absolute_url()
    post = request.POST or None
    common = {"back": back, "obj": agter}
    perm = "dialogforloeb.approve_agterskrivelse" if action == "tilbagesend" else "dialogforloeb.change_dialogforloeb"
    _require(request, perm, agter.forloeb)
    if action == "rediger":
        form = forms.AgterskrivelseForm(post, instance=None, initial={
            k: getattr(agter, k) for k in services.AGTER_FELTER})
        return _form_page(request, form=form, title="Redigér agterskrivelse", button="Gem ændringer",
                          warning={
                              AgterskrivelseStatus.GODKENDT: "Ændres teksten efter juristens godkendelse, bortfalder "
                                                             "godkendelsen.",
                              AgterskrivelseStatus.TIL_GODKENDELSE: "Agterskrivelsen ligger hos juristen. Ændrer du "
                                                                    "teksten, skal juristen læse den igen, før den "
                                                                    "kan godkendes.",
                          }.get(agter.status, ""),
                          call=lambda d: services.agterskrivelse_update(actor=user, agterskrivelse=agter, data=d),
                          success="Agterskrivelsen er gemt.", **common)
    if action == "tilbagesend":
        return _form_page(request, form=forms.KommentarForm(post), title="Send tilbage til konsulenten",
                          button="Send tilbage",
                          call=lambda d: services.agterskrivelse_return(actor=user, agterskrivelse=agter, **d),
                          success="Agterskrivelsen er sendt tilbage med din kommentar.", **common)
    if action == "opgiv":
        return _form_page(request, form=forms.BegrundelseForm(post), title="Opgiv varslingen", button="Opgiv",
                          call=lambda d: services.agterskrivelse_abandon(actor=user, agterskrivelse=agter, **d),
                          success="Varslingen er opgivet.", back=agter.forloeb.get_absolute_url(), obj=agter)
    if action == "send":
        return _form_page(
            request, form=forms.SendForm(post), title="Send agterskrivelsen", button="Send agterskrivelsen",
            warning=f"Agterskrivelsen dannes som PDF, gemmes uændret og sendes i dag. Høringsfristen bliver "
                    f"{agter.forventet_hoeringsfrist(timezone.localdate()):%d.%m.%Y}.",
            call=lambda d: services.agterskrivelse_send(actor=user, agterskrivelse=agter),
            success="Agterskrivelsen er sendt, og høringsfristen er oprettet.", back=agter.forloeb.get_absolute_url(),
            obj=agter)
    raise Http404


def agterskrivelse_pdf(request, pk: int):
    """A draft's letter as it would be sent today (not stored; marked UDKAST)."""
    from django.http import HttpResponse

    agter = selectors.agterskrivelse_detail(request.user, pk)
    if agter.status == AgterskrivelseStatus.SENDT:
        raise Http404
    pdf = services.agterskrivelse_preview_pdf(agter, today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="udkast-agterskrivelse-{agter.pk}.pdf"'
    return response


@require_POST
def agterskrivelse_post(request, pk: int, action: str):
    agter = selectors.agterskrivelse_detail(request.user, pk)
    calls = {"indsend": (services.agterskrivelse_submit, "Agterskrivelsen er sendt til godkendelse hos en jurist."),
             "godkend": (services.agterskrivelse_approve, "Agterskrivelsen er godkendt. Konsulenten kan nu sende den.")}
    if action not in calls:
        raise Http404
    fn, ok = calls[action]
    extra = {"tekst_hash": request.POST.get("tekst_hash") or None} if action == "godkend" else {}
    try:
        fn(actor=request.user, agterskrivelse=agter, **extra)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(agter.get_absolute_url())


# --- Afgørelse (påbud, skærpet tilsyn) ---------------------------------------------------------------

def afgoerelse_action(request, pk: int, action: str):
    afg = selectors.afgoerelse_detail(request.user, pk)
    if afg.art != Afgoerelsestype.PAABUD:
        raise Http404
    _require(request, "dialogforloeb.change_dialogforloeb", afg.forloeb)
    user = request.user
    post = request.POST or None
    common = {"back": afg.forloeb.get_absolute_url(), "obj": afg}
    if action == "forlaeng":
        return _form_page(request, form=forms.ForlaengForm(post), title="Forlæng påbuddets frist",
                          intro=f"Nuværende frist: {afg.frist:%d.%m.%Y}. Fristen kan under særlige omstændigheder "
                                "forlænges efter anmodning fra enheden (LOST § 8, stk. 2).",
                          call=lambda d: services.paabud_extend(actor=user, afgoerelse=afg, **d),
                          button="Forlæng fristen", success="Fristen er forlænget.", **common)
    if action == "forny" and afg.har_skaerpet:
        return _form_page(request, form=forms.FornyForm(post), title="Forny skærpet tilsyn",
                          intro=f"Nuværende periode slutter {afg.skaerpet_til:%d.%m.%Y}.",
                          warning="Fornyelsen er en ny afgørelse og sendes som brev med klagevejledning.",
                          call=lambda d: services.skaerpet_renew(actor=user, afgoerelse=afg, **d),
                          button="Forny skærpet tilsyn", success="Det skærpede tilsyn er fornyet.", **common)
    raise Http404
