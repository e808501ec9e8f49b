"""Admin: quality-model versions and their texts (correct a "tekst ikke verificeret" without a deploy)."""

from django.contrib import admin

from .models import Indikator, Kriterium, Kvalitetsflag, Kvalitetsmodel, Kvalitetsvurdering, Tema


class TemaInline(admin.TabularInline):
    model = Tema
    extra = 0


@admin.register(Kvalitetsmodel)
class KvalitetsmodelAdmin(admin.ModelAdmin):
    list_display = ["navn", "omraade", "version", "niveau", "gyldig_fra", "aktiv"]
    list_filter = ["omraade", "aktiv", "niveau"]
    inlines = [TemaInline]


class IndikatorInline(admin.StackedInline):
    model = Indikator
    extra = 0
    fields = ["bogstav", "tekst", "tekst_ikke_verificeret", "udgaaet", "kun_for_boern", "ikke_for_ambulant",
              "undtagne_tilbudstyper", "bemaerkning"]


@admin.register(Kriterium)
class KriteriumAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tema", "tekst_ikke_verificeret"]
    list_filter = ["tema__model", "tekst_ikke_verificeret"]
    search_fields = ["tekst"]
    inlines = [IndikatorInline]


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["label", "tekst", "tekst_ikke_verificeret", "udgaaet"]
    list_filter = ["kriterium__tema__model", "tekst_ikke_verificeret", "udgaaet"]
    list_editable = ["tekst_ikke_verificeret"]
    search_fields = ["tekst"]
    list_select_related = ["kriterium"]


@admin.register(Kvalitetsvurdering)
class KvalitetsvurderingAdmin(admin.ModelAdmin):
    list_display = ["enhed", "art", "status", "dato", "version", "erstattet"]
    list_filter = ["status", "art", "model"]
    raw_id_fields = ["enhed", "besoeg", "retter", "oprettet_af", "afsluttet_af"]
    search_fields = ["enhed__navn"]
    list_select_related = ["enhed"]

    # Assessments are written only by the app's services (rows per indicator, locked when completed).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Case records: never deleted (PostgreSQL refuses it too).
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Kvalitetsflag)
class KvalitetsflagAdmin(admin.ModelAdmin):
    list_display = ["enhed", "grund", "label", "score", "fald", "oprettet"]
    list_filter = ["grund", "niveau"]
    raw_id_fields = ["enhed", "vurdering"]
