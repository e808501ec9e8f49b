"""Thin views for quality assessments: start, score (htmx autosave), complete, correct, report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tilsyn.errors import DomainError, add_to_form

from . import rapport, selectors, services
from .forms import BedoemmelseForm, GenereltForm, RetForm, StartForm, TekstForm
from .models import Kriterium, Tema, VurderingStatus


def _risiko_url(user, vurdering) -> str | None:
    # Only offered to whoever may record it (a jurist would meet a 403: no dead ends).
    if not user.has_perm("risiko.add_risikovurdering", vurdering.enhed):
        return None
    try:
        url = reverse("risiko:vurder", args=[vurdering.enhed_id])
    except NoReverseMatch:
        return None
    return f"{url}?fase=post&kvalitetsvurdering={vurdering.pk}"


@require_http_methods(["GET", "POST"])
def start(request, enhed_pk: int):
    enhed = selectors.enhed_for_start(request.user, enhed_pk)
    if not request.user.has_perm("kvalitetsmodel.add_kvalitetsvurdering", enhed):
        raise PermissionDenied
    initial = {}
    if besoeg_pk := request.GET.get("besoeg"):
        initial["besoeg"] = besoeg_pk
    elif seneste := selectors.seneste_besoeg(enhed):
        initial["besoeg"] = seneste.pk  # usually the assessment follows the latest visit
    form = StartForm(request.POST or None, initial=initial, enhed=enhed, modeller=selectors.modeller_til(enhed))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vurdering = services.vurdering_start(actor=request.user, enhed=enhed, art=data["art"], model=data["model"],
                                                 besoeg=data["besoeg"], dato=data["dato"])
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Kvalitetsvurderingen er oprettet som kladde. Den gemmes, mens du udfylder.")
            return redirect("kvalitetsmodel:udfyld", vurdering.pk)
    return render(request, "kvalitetsmodel/start.html", {"form": form, "enhed": enhed})


def detail(request, pk: int):
    vurdering = selectors.vurdering_detail(request.user, pk)
    ctx = rapport.context(vurdering)
    ctx.update({
        "flag": list(vurdering.flag.all()),
        "sammenligning": _sammenligning(ctx),
        "versioner": _versioner(request.user, vurdering),
        "can_change": request.user.has_perm("kvalitetsmodel.change_kvalitetsvurdering", vurdering),
        "can_ret": request.user.has_perm("kvalitetsmodel.ret_kvalitetsvurdering", vurdering),
        "can_rapport": request.user.has_perm("kvalitetsmodel.rapport_kvalitetsvurdering", vurdering),
        "risiko_url": _risiko_url(request.user, vurdering) if vurdering.status == VurderingStatus.AFSLUTTET else None,
        "rapport_url": reverse("dokumenter:download", args=[vurdering.rapport_id]) if vurdering.rapport_id else None,
    })
    return render(request, "kvalitetsmodel/detail.html", ctx)


def _sammenligning(ctx):
    if ctx["forrige_skema"] is None:
        return []
    from . import scoring

    return scoring.sammenlign(ctx["skema"], ctx["forrige_skema"])


def _versioner(user, vurdering):
    root = vurdering
    while root.retter_id:
        root = root.retter
    versions, frontier = [root], [root.pk]
    qs = selectors.vurderinger_for(user).select_related("oprettet_af")
    while frontier:
        children = list(qs.filter(retter_id__in=frontier))
        versions.extend(children)
        frontier = [c.pk for c in children]
    return versions if len(versions) > 1 else []


def _udfyld_context(request, vurdering, generelt_form=None):
    skema = selectors.skema(vurdering)
    forms_by_b = {}
    for b in skema.bedoemmelser():
        opfyldt = {True: "ja", False: "nej"}.get(b.forventes_opfyldt, "")
        forms_by_b[b.pk] = BedoemmelseForm(
            initial={"score": b.score, "forventes_opfyldt": opfyldt, "begrundelse": b.begrundelse,
                     "datakilder": b.datakilder},
            prefix=f"b{b.pk}",
        )
        b.form = forms_by_b[b.pk]
        b.mangler = _b_mangler(b, vurdering)
    return {
        "vurdering": vurdering, "enhed": vurdering.enhed, "skema": skema, "mangler": skema.mangler(),
        "generelt": generelt_form or GenereltForm(instance=vurdering, prefix="g"),
    }


def _b_mangler(b, vurdering) -> list[str]:
    from .scoring import bedoemmelse_mangler

    return bedoemmelse_mangler(b, vurdering.scorer)


def _editable(request, pk):
    vurdering = selectors.vurdering_detail(request.user, pk)
    if not request.user.has_perm("kvalitetsmodel.change_kvalitetsvurdering", vurdering):
        raise PermissionDenied
    return vurdering


def udfyld(request, pk: int):
    vurdering = _editable(request, pk)
    if vurdering.status != VurderingStatus.KLADDE:
        return redirect(vurdering)
    return render(request, "kvalitetsmodel/udfyld.html", _udfyld_context(request, vurdering))


def _saved_response(request, vurdering, *, status_id: str, fejl: str | None = None, bedoemmelse=None,
                    kriterium_id: int | None = None, anchor: str = ""):
    """htmx: a status line plus out-of-band updates of the computed scores and the missing list.
    Without JavaScript: back to the form (with the message)."""
    if not request.htmx:
        if fejl:
            messages.error(request, fejl)
        return redirect(reverse("kvalitetsmodel:udfyld", args=[vurdering.pk]) + (f"#{anchor}" if anchor else ""))
    skema = selectors.skema(vurdering)
    tema = skema.tema_for_kriterium(kriterium_id) if kriterium_id else None
    kriterie = skema.kriterie_raekke(kriterium_id) if kriterium_id else None
    if bedoemmelse is not None:
        bedoemmelse = next((b for b in skema.bedoemmelser() if b.pk == bedoemmelse.pk), bedoemmelse)
        bedoemmelse.mangler = _b_mangler(bedoemmelse, vurdering)
    return render(request, "kvalitetsmodel/_saved.html", {
        "vurdering": vurdering, "status_id": status_id, "fejl": fejl, "tidspunkt": timezone.localtime(),
        "tema": tema, "kriterie": kriterie, "b": bedoemmelse, "mangler": skema.mangler(), "skema": skema,
    })


@require_POST
def bedoemmelse_gem(request, pk: int, bpk: int):
    bedoemmelse = selectors.bedoemmelse_for(request.user, pk, bpk)
    vurdering = bedoemmelse.vurdering
    if not request.user.has_perm("kvalitetsmodel.change_kvalitetsvurdering", vurdering):
        raise PermissionDenied  # as for the other autosave endpoints (_editable)
    form = BedoemmelseForm(request.POST, prefix=f"b{bpk}")
    fejl = None
    if form.is_valid():
        try:
            services.bedoemmelse_save(actor=request.user, bedoemmelse=bedoemmelse, **form.service_kwargs(vurdering.scorer))
        except DomainError as exc:
            fejl = exc.message
            bedoemmelse.refresh_from_db()
    else:
        fejl = " ".join(e for errs in form.errors.values() for e in errs)
    return _saved_response(request, vurdering, status_id=f"status-b{bpk}", fejl=fejl, bedoemmelse=bedoemmelse,
                           kriterium_id=bedoemmelse.kriterium_id, anchor=f"b{bpk}")


@require_POST
def tekst_gem(request, pk: int):
    vurdering = _editable(request, pk)
    form = TekstForm(request.POST)
    if not form.is_valid():
        return _saved_response(request, vurdering, status_id="status-tekst", fejl="Ugyldig formular.")
    data = form.cleaned_data
    fejl = None
    kriterium_id = None
    try:
        if data["niveau"] == "tema":
            tema = get_object_or_404(Tema, pk=data["objekt"], model_id=vurdering.model_id)
            services.tekst_save(actor=request.user, vurdering=vurdering, tema=tema, tekst=data["tekst"])
        else:
            kriterium = get_object_or_404(Kriterium, pk=data["objekt"], tema__model_id=vurdering.model_id)
            kriterium_id = kriterium.pk
            services.tekst_save(actor=request.user, vurdering=vurdering, kriterium=kriterium, tekst=data["tekst"])
    except DomainError as exc:
        fejl = exc.message
    status_id = f"status-{data['niveau']}{data['objekt']}"
    return _saved_response(request, vurdering, status_id=status_id, fejl=fejl, kriterium_id=kriterium_id,
                           anchor=f"{data['niveau']}{data['objekt']}")


@require_POST
def generelt_gem(request, pk: int):
    vurdering = _editable(request, pk)
    form = GenereltForm(request.POST, instance=vurdering, prefix="g")
    fejl = None
    if form.is_valid():
        try:
            services.vurdering_update(actor=request.user, vurdering=vurdering,
                                      data={k: form.cleaned_data[k] for k in form.fields if k in form.cleaned_data})
        except DomainError as exc:
            fejl = exc.message
    else:
        fejl = " ".join(f"{form.fields[k].label}: {e}" for k, errs in form.errors.items() for e in errs)
        if not request.htmx:
            ctx = _udfyld_context(request, vurdering, generelt_form=form)
            return render(request, "kvalitetsmodel/udfyld.html", ctx)
    vurdering.refresh_from_db()
    return _saved_response(request, vurdering, status_id="status-generelt", fejl=fejl, anchor="generelt")


@require_POST
def afslut(request, pk: int):
    vurdering = _editable(request, pk)
    try:
        vurdering = services.vurdering_afslut(actor=request.user, vurdering=vurdering)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("kvalitetsmodel:udfyld", pk)
    antal = vurdering.flag.count()
    besked = "Kvalitetsvurderingen er afsluttet og låst."
    if antal:
        besked += f" Den rejser {antal} flag til overvejelse (ikke en afgørelse)."
    if _risiko_url(request.user, vurdering):
        besked += " Vurdér nu risikoen (post-vurdering) ud fra kvalitetsvurderingen."
    messages.success(request, besked)
    return redirect(vurdering)


@require_http_methods(["GET", "POST"])
def ret(request, pk: int):
    vurdering = selectors.vurdering_detail(request.user, pk)
    if not request.user.has_perm("kvalitetsmodel.ret_kvalitetsvurdering", vurdering):
        raise PermissionDenied
    form = RetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ny = services.vurdering_ret(actor=request.user, vurdering=vurdering, grund=form.cleaned_data["grund"])
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            besked = (f"Version {ny.version} er oprettet som kladde. Den gældende version er uændret, "
                      "indtil rettelsen afsluttes.")
            if request.user.has_perm("kvalitetsmodel.change_kvalitetsvurdering", ny):
                messages.success(request, besked)
                return redirect("kvalitetsmodel:udfyld", ny.pk)
            messages.success(request, besked + " Enhedens konsulent finder den under Igangværende vurderinger "
                                               "og udfylder rettelsen.")
            return redirect(ny)
    return render(request, "kvalitetsmodel/ret.html", {"form": form, "vurdering": vurdering, "enhed": vurdering.enhed})


@require_POST
def rapport_udarbejd(request, pk: int):
    vurdering = selectors.vurdering_detail(request.user, pk)
    if not request.user.has_perm("kvalitetsmodel.rapport_kvalitetsvurdering", vurdering):
        raise PermissionDenied
    try:
        dokument = services.rapport_faerdiggoer(actor=request.user, vurdering=vurdering)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(vurdering)
    messages.success(request, f"Tilsynsrapporten er udarbejdet og gemt ({dokument.titel}).")
    return redirect(vurdering)
