from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    Afdeling,
    Godkendelsesaendring,
    Indstillinger,
    Kommune,
    Plejefamilie,
    Socialtilsyn,
    Tilbud,
    Tilbudstype,
    Tilsynsbesoeg,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "socialtilsyn", "is_konsulent", "is_jurist", "is_leder",
                    "is_staff", "is_active")
    list_filter = ("socialtilsyn", "is_konsulent", "is_jurist", "is_leder", "is_staff", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Socialtilsyn og roller", {"fields": ("socialtilsyn", "is_konsulent", "is_jurist", "is_leder")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Socialtilsyn og roller", {"fields": ("socialtilsyn", "is_konsulent", "is_jurist", "is_leder")}),
    )


@admin.register(Socialtilsyn)
class SocialtilsynAdmin(admin.ModelAdmin):
    list_display = ("navn", "vaertskommune", "region")


@admin.register(Indstillinger)
class IndstillingerAdmin(admin.ModelAdmin):
    list_display = ("socialtilsyn", "besoegsinterval_maaneder", "besoegsinterval_groen", "besoegsinterval_gul",
                    "besoegsinterval_roed")


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ("navn", "kode", "region")
    list_filter = ("region",)
    search_fields = ("navn",)


@admin.register(Tilbudstype)
class TilbudstypeAdmin(admin.ModelAdmin):
    list_display = ("paragraf", "navn", "kode", "for_boern", "ambulant")


class ReadOnlyAdmin:
    """Case records are shown, never written, in the admin: every write goes through its service
    (with its rules, its history and, for approval status, its decision), and nothing is deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AfdelingInline(ReadOnlyAdmin, admin.TabularInline):
    model = Afdeling
    extra = 0


class GodkendelsesaendringInline(ReadOnlyAdmin, admin.TabularInline):
    model = Godkendelsesaendring
    fk_name = "enhed"
    extra = 0
    fields = readonly_fields = ("dato", "fra", "til", "grundlag", "afgoerelse_titel", "actor", "oprettet")


@admin.register(Tilbud)
class TilbudAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("navn", "socialtilsyn", "kommune", "godkendelsesstatus", "risikokategori")
    list_filter = ("socialtilsyn", "godkendelsesstatus", "risikokategori")
    search_fields = ("navn", "driftsherre_navn", "driftsherre_cvr")
    inlines = [AfdelingInline, GodkendelsesaendringInline]


@admin.register(Plejefamilie)
class PlejefamilieAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("navn", "socialtilsyn", "plejefamilietype", "kommune", "godkendelsesstatus")
    list_filter = ("socialtilsyn", "plejefamilietype", "godkendelsesstatus")
    search_fields = ("navn", "plejeforaelder_1", "plejeforaelder_2")
    inlines = [GodkendelsesaendringInline]


@admin.register(Tilsynsbesoeg)
class TilsynsbesoegAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("enhed", "dato", "besoegstype", "status")
    list_filter = ("besoegstype", "status")
    raw_id_fields = ("enhed",)
    list_select_related = ("enhed",)


@admin.register(Godkendelsesaendring)
class GodkendelsesaendringAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("enhed", "dato", "fra", "til", "afgoerelse_titel", "actor")
    list_filter = ("til", "enhed__socialtilsyn")
    search_fields = ("enhed__navn", "grundlag")
    list_select_related = ("enhed", "actor")
