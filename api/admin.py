"""API tokens in the admin: an administrator creates a token for a user (shown once, on the page that
follows) and revokes tokens. Rows are never changed otherwise, nor deleted (they are the audit trail)."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from tilsyn.errors import DomainError

from . import services
from .models import ApiToken


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "navn", "udloeber"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("navn", "user", "praefiks", "oprettet", "udloeber", "sidst_brugt", "status")
    list_filter = ("tilbagekaldt",)
    search_fields = ("navn", "praefiks", "user__username", "user__first_name", "user__last_name")
    raw_id_fields = ("user",)
    actions = ["revoke"]
    readonly_fields = ("user", "navn", "praefiks", "oprettet", "oprettet_af", "udloeber", "tilbagekaldt",
                       "tilbagekaldt_af", "sidst_brugt")
    exclude = ("noegle_hash",)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def get_fields(self, request, obj=None):
        return ["user", "navn", "udloeber"] if obj is None else list(self.readonly_fields)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            token, raw = services.token_create(actor=request.user, user=form.cleaned_data["user"],
                                               navn=form.cleaned_data["navn"], udloeber=form.cleaned_data["udloeber"])
        except DomainError as exc:
            request._api_token_fejl = exc.message
            return
        obj.pk = token.pk
        request._api_token_raw = raw

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_api_token_fejl", None):
            self.message_user(request, request._api_token_fejl, messages.ERROR)
            return self.response_post_save_add(request, obj)
        response = TemplateResponse(request, "api/admin_token_oprettet.html", {
            **self.admin_site.each_context(request), "token": ApiToken.objects.get(pk=obj.pk),
            "raw": request._api_token_raw, "opts": self.model._meta, "title": "API-nøgle oprettet",
        })
        response["Cache-Control"] = "no-store"
        return response

    def log_addition(self, request, obj, message):
        if obj.pk:
            return super().log_addition(request, obj, message)
        return None

    @admin.action(description="Tilbagekald de valgte API-nøgler")
    def revoke(self, request, queryset):
        n = 0
        for token in queryset.filter(tilbagekaldt__isnull=True):
            services.token_revoke(actor=request.user, token=token)
            n += 1
        self.message_user(request, f"{n} API-nøgle(r) tilbagekaldt.", messages.SUCCESS)
