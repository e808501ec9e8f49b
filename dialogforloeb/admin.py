from django.contrib import admin

from .models import Agterskrivelse, Dialogforloeb, Indstillinger


@admin.register(Indstillinger)
class IndstillingerAdmin(admin.ModelAdmin):
    list_display = ["socialtilsyn", "hoeringsfrist_dage", "paabud_frist_dage", "hoej_uden_dialogmoede_dage",
                    "inaktiv_dage", "uden_afgoerelse_dage"]


@admin.register(Dialogforloeb)
class DialogforloebAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (guards, timeline, frister)."""

    list_display = ["enhed", "status", "alvor", "aabnet", "ansvarlig"]
    list_filter = ["status", "alvor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Agterskrivelse)
class AgterskrivelseAdmin(admin.ModelAdmin):
    list_display = ["forloeb", "paataenkt", "status", "forfatter", "godkendt_af", "sendt"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
