from django.contrib import admin

from .models import Frist, FristAendring, FristRegel, FristTrin, Notifikation


@admin.register(FristRegel)
class FristRegelAdmin(admin.ModelAdmin):
    list_display = ("art", "paamindelser", "eskaler")


class FristAendringInline(admin.TabularInline):
    model = FristAendring
    extra = 0
    readonly_fields = ("kind", "gammel_frist", "ny_frist", "begrundelse", "actor", "tidspunkt")
    can_delete = False


class FristTrinInline(admin.TabularInline):
    model = FristTrin
    extra = 0
    readonly_fields = ("kind", "dage_foer", "forfalder", "status", "udfoert")
    can_delete = False


@admin.register(Frist)
class FristAdmin(admin.ModelAdmin):
    list_display = ("__str__", "enhed", "art", "frist", "status", "ansvarlig")
    list_filter = ("art", "status", "enhed__socialtilsyn")
    search_fields = ("titel", "enhed__navn")
    raw_id_fields = ("enhed", "ansvarlig", "afsluttet_af")
    list_select_related = ("enhed", "ansvarlig")
    inlines = [FristAendringInline, FristTrinInline]

    # Read-only: a frist changes only through frister.services, which rewrites its rungs and records
    # who extended, suspended or closed it; an edit here would leave the rungs for the old date.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notifikation)
class NotifikationAdmin(admin.ModelAdmin):
    list_display = ("titel", "user", "oprettet", "laest", "email_sendt")
    raw_id_fields = ("user", "frist", "trin")
