"""The admin shows case records read-only: every change goes through the services (guards, four eyes,
timeline, frister, letters), and nothing is ever deleted (PostgreSQL triggers refuse it too). Only the
socialtilsyn's thresholds are edited here."""

from django.contrib import admin

from .models import Afgoerelse, Agterskrivelse, Aktivitet, Dialogforloeb, Haendelse, Indstillinger


@admin.register(Indstillinger)
class IndstillingerAdmin(admin.ModelAdmin):
    list_display = ["socialtilsyn", "hoeringsfrist_dage", "hoeringsfrist_min_dage", "paabud_frist_dage",
                    "fire_oejne_fristforlaengelse", "hoej_uden_dialogmoede_dage", "inaktiv_dage", "uden_afgoerelse_dage"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    """View only: no add, change or delete by any administrator."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dialogforloeb)
class DialogforloebAdmin(ReadOnly):
    list_display = ["enhed", "status", "alvor", "aabnet", "ansvarlig"]
    list_filter = ["status", "alvor"]


@admin.register(Aktivitet)
class AktivitetAdmin(ReadOnly):
    list_display = ["forloeb", "art", "dato", "oprettet_af"]
    list_filter = ["art"]


@admin.register(Agterskrivelse)
class AgterskrivelseAdmin(ReadOnly):
    list_display = ["forloeb", "paataenkt", "status", "forfatter", "godkendt_af", "sendt"]
    list_filter = ["status", "paataenkt"]


@admin.register(Afgoerelse)
class AfgoerelseAdmin(ReadOnly):
    list_display = ["forloeb", "art", "status", "forfatter", "godkendt_af", "udstedt"]
    list_filter = ["status", "art"]


@admin.register(Haendelse)
class HaendelseAdmin(ReadOnly):
    list_display = ["forloeb", "dato", "titel", "actor"]
