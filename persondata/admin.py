from django.contrib import admin

from .models import AdgangsLog, Anonymisering


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log is evidence: administrators search it, nobody edits or deletes it by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdgangsLog)
class AdgangsLogAdmin(ReadOnlyAdmin):
    list_display = ("tidspunkt", "brugernavn", "objekt_type", "objekt_id", "visning", "ip")
    list_filter = (("objekt_type", admin.RelatedOnlyFieldListFilter), "visning", "tidspunkt")
    search_fields = ("brugernavn", "=objekt_id", "=ip", "sti")
    date_hierarchy = "tidspunkt"
    list_select_related = ("objekt_type",)
    show_full_result_count = False


@admin.register(Anonymisering)
class AnonymiseringAdmin(ReadOnlyAdmin):
    list_display = ("tidspunkt", "objekt_type", "objekt_id", "regel")
    list_filter = (("objekt_type", admin.RelatedOnlyFieldListFilter), "regel")
    search_fields = ("=objekt_id",)
    list_select_related = ("objekt_type",)
