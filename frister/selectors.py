"""Reads of frister and notifications, scoped to the user's socialtilsyn (through the unit)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import AKTIVE_STATUSSER, Frist, FristArt, FristStatus, Notifikation
from .services import content_type_of


def frister_for(user) -> QuerySet[Frist]:
    sid = getattr(user, "socialtilsyn_id", None) if user is not None and user.is_authenticated else None
    if not sid:
        return Frist.objects.none()
    return Frist.objects.filter(enhed__socialtilsyn_id=sid)


def _aabne(qs: QuerySet[Frist]) -> QuerySet[Frist]:
    return qs.filter(status__in=AKTIVE_STATUSSER).select_related("enhed", "ansvarlig").order_by("frist", "pk")


def aabne_frister_for_owner(user, owner) -> QuerySet[Frist]:
    return _aabne(frister_for(user).filter(owner_ct=content_type_of(owner), owner_id=owner.pk))


def aabne_frister_for_sag(user, sag) -> QuerySet[Frist]:
    return _aabne(frister_for(user).filter(sag_ct=content_type_of(sag), sag_id=sag.pk))


def aabne_frister_for_enhed(user, enhed) -> QuerySet[Frist]:
    return _aabne(frister_for(user).filter(enhed=enhed))


def frister_for_enhed(user, enhed) -> QuerySet[Frist]:
    """Every frist of a unit, open ones first (for the unit's Frister tab)."""
    aktiv = Case(When(status__in=AKTIVE_STATUSSER, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (frister_for(user).filter(enhed=enhed).select_related("enhed", "ansvarlig")
            .annotate(aktiv_orden=aktiv).order_by("aktiv_orden", "frist", "pk"))


SORTS = {
    "frist": ("frist", "pk"), "-frist": ("-frist", "-pk"),
    "enhed": ("enhed__navn", "frist", "pk"), "-enhed": ("-enhed__navn", "frist", "pk"),
    "art": ("art", "frist", "pk"), "-art": ("-art", "frist", "pk"),
    "ansvarlig": ("ansvarlig__first_name", "ansvarlig__last_name", "frist", "pk"),
    "-ansvarlig": ("-ansvarlig__first_name", "-ansvarlig__last_name", "frist", "pk"),
}


def _filtered(qs: QuerySet[Frist], filters: dict | None) -> QuerySet[Frist]:
    filters = filters or {}
    if (art := filters.get("art")) in FristArt.values:
        qs = qs.filter(art=art)
    if (ansvarlig := filters.get("ansvarlig")) and str(ansvarlig).isdigit():
        qs = qs.filter(ansvarlig_id=int(ansvarlig))
    if sort := SORTS.get(filters.get("sort") or ""):
        qs = qs.order_by(*sort)
    return qs


def mine_frister(user, *, vis: str = "aabne", filters: dict | None = None) -> QuerySet[Frist]:
    """What the user is responsible for: overdue on top, then soonest first."""
    qs = frister_for(user).filter(ansvarlig=user).select_related("enhed", "ansvarlig")
    if vis == "alle":
        pass
    elif vis == "afsluttede":
        qs = qs.exclude(status__in=AKTIVE_STATUSSER)
    else:
        qs = qs.filter(status__in=AKTIVE_STATUSSER)
    today = timezone.localdate()
    overdue_first = Case(
        When(status=FristStatus.OVERSKREDET, then=Value(0)),
        When(status=FristStatus.AABEN, frist__lt=today, then=Value(0)),
        When(status=FristStatus.AABEN, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return _filtered(qs.annotate(orden=overdue_first).order_by("orden", "frist", "pk"), filters)


def overskredne_frister(user, *, today: dt.date | None = None, filters: dict | None = None) -> QuerySet[Frist]:
    """The leader's queue: every overdue open frist in the socialtilsyn (escalated or past due)."""
    today = today or timezone.localdate()
    from django.db.models import Q

    return _filtered(frister_for(user)
                     .filter(Q(status=FristStatus.OVERSKREDET) | Q(status=FristStatus.AABEN, frist__lt=today))
                     .select_related("enhed", "ansvarlig").order_by("frist", "pk"), filters)


def mine_overskredne_antal(user, *, today: dt.date | None = None) -> int:
    """How many of the user's own frister are overdue (the count next to "Frister" in the menu)."""
    from django.db.models import Q

    today = today or timezone.localdate()
    return (frister_for(user).filter(ansvarlig=user)
            .filter(Q(status=FristStatus.OVERSKREDET) | Q(status=FristStatus.AABEN, frist__lt=today)).count())


def frist_detail(user, pk: int) -> Frist:
    return get_object_or_404(
        frister_for(user).select_related("enhed", "ansvarlig", "afsluttet_af", "owner_ct", "sag_ct"), pk=pk
    )


def frist_aendringer(frist: Frist):
    return frist.aendringer.select_related("actor").order_by("tidspunkt", "pk")


def frist_trin(frist: Frist):
    return frist.trin.order_by("forfalder", "pk")


def notifikationer_for(user) -> QuerySet[Notifikation]:
    if user is None or not user.is_authenticated:
        return Notifikation.objects.none()
    return Notifikation.objects.filter(user=user).order_by("-oprettet", "-pk")


def ulaeste_antal(user) -> int:
    return notifikationer_for(user).filter(laest__isnull=True).count()


def notifikation_detail(user, pk: int) -> Notifikation:
    return get_object_or_404(notifikationer_for(user), pk=pk)
