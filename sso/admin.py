from django.contrib import admin

from .models import SsoIdentitet


@admin.register(SsoIdentitet)
class SsoIdentitetAdmin(admin.ModelAdmin):
    """Which identity logs in as which user. Removing a link makes the next login match by e-mail again."""

    list_display = ("user", "provider", "sub", "oprettet", "sidst_logget_ind")
    list_filter = ("provider",)
    search_fields = ("user__username", "user__email", "sub")
    readonly_fields = ("user", "provider", "sub", "oprettet", "sidst_logget_ind")

    def has_add_permission(self, request):
        return False
