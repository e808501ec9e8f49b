from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    """The user's own tokens (an administrator sees everyone's in the admin, not here)."""
    if user is None or not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).select_related("oprettet_af", "tilbagekaldt_af")


def token_detail(user, pk: int) -> ApiToken:
    return get_object_or_404(tokens_for(user), pk=pk)
