from django.contrib import admin

from .models import Revurderingsforslag, Risikofaktor, Risikovurdering


@admin.register(Risikofaktor)
class RisikofaktorAdmin(admin.ModelAdmin):
    list_display = ("navn", "aktiv", "orden")
    list_editable = ("aktiv", "orden")
    search_fields = ("navn",)


@admin.register(Risikovurdering)
class RisikovurderingAdmin(admin.ModelAdmin):
    list_display = ("enhed", "fase", "kategori", "forrige_kategori", "dato", "vurderet_af")
    list_filter = ("fase", "kategori", "enhed__socialtilsyn")
    search_fields = ("enhed__navn", "begrundelse")
    raw_id_fields = ("enhed", "tilsynsbesoeg", "vurderet_af")
    list_select_related = ("enhed", "vurderet_af")

    # Recorded assessments are history; a new one (through risiko.services, which also sets the
    # unit's current colour) supersedes them. Adding or deleting here would leave the colour stale.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revurderingsforslag)
class RevurderingsforslagAdmin(admin.ModelAdmin):
    list_display = ("enhed", "kilde", "grund", "oprettet", "loest")
    list_filter = ("kilde", "enhed__socialtilsyn")
    raw_id_fields = ("enhed", "loest_af")
