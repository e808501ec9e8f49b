from django.contrib import admin
from django.utils import timezone

from .models import Email, EmailStatus, Frist, FristAendring, FristRegel, FristTrin, Koersel, Notifikation


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


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """The outbox: what waits, what failed and why. Rows are written by services and sent by the
    outbox sweep; here an administrator can only look, and ask for a failed e-mail to be tried now."""

    list_display = ("oprettet", "modtager", "emne", "status", "forsoeg", "naeste_forsoeg", "sendt")
    list_filter = ("status",)
    search_fields = ("modtager", "emne")
    date_hierarchy = "oprettet"
    readonly_fields = [f.name for f in Email._meta.fields]
    actions = ["proev_igen_nu"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Prøv at sende de valgte igen nu")
    def proev_igen_nu(self, request, queryset):
        n = queryset.filter(status=EmailStatus.VENTER).update(naeste_forsoeg=timezone.now())
        self.message_user(request, f"{n} e-mails sendes ved næste kørsel af udbakken.")


@admin.register(Koersel)
class KoerselAdmin(admin.ModelAdmin):
    list_display = ("navn", "seneste")
    readonly_fields = ("navn", "seneste")

    def has_add_permission(self, request):
        return False
