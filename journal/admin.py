from django.contrib import admin, messages

from . import services
from .models import Journalpost


@admin.register(Journalpost)
class JournalpostAdmin(admin.ModelAdmin):
    """The outbox as the IT department sees it: what waits, how often it failed and why."""

    list_display = ("titel", "socialtilsyn", "sendt", "status", "forsoeg", "naeste_forsoeg", "journaliseret", "kvittering")
    list_filter = ("status", "socialtilsyn", "dokumenttype")
    search_fields = ("titel", "sagsnummer", "uuid", "sha256", "kvittering")
    actions = ["retry_now"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Prøv at journalisere de valgte igen ved næste kørsel")
    def retry_now(self, request, queryset):
        n = services.journalpost_retry_now(posts=queryset)
        self.message_user(request, f"{n} journalpost(er) forsøges igen ved næste kørsel.", messages.SUCCESS)
