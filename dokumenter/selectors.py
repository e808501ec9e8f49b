from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Dokument


def dokumenter_for(user) -> QuerySet[Dokument]:
    sid = getattr(user, "socialtilsyn_id", None) if user and user.is_authenticated else None
    if not sid:
        return Dokument.objects.none()
    return Dokument.objects.filter(enhed__socialtilsyn_id=sid)


def dokumenter_for_enhed(user, enhed) -> QuerySet[Dokument]:
    return dokumenter_for(user).filter(enhed=enhed).select_related("oprettet_af", "journalpost")


def dokument_detail(user, pk: int) -> Dokument:
    return get_object_or_404(dokumenter_for(user).select_related("enhed"), pk=pk)
