from django.contrib import admin

from .models import Dokument


@admin.register(Dokument)
class DokumentAdmin(admin.ModelAdmin):
    list_display = ("titel", "art", "enhed", "oprettet", "sendt", "sha256")
    list_filter = ("art",)
    search_fields = ("titel", "sha256")
    raw_id_fields = ("enhed",)

    # Sent is sent: the admin may look, never change or delete.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
