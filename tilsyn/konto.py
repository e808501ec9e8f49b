"""The user's own account: change password (reached from the user menu in the header)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class PasswordChange(auth_views.PasswordChangeView):
    """Django's view (old password checked, the validators in AUTH_PASSWORD_VALIDATORS, the session
    kept alive by update_session_auth_hash, other sessions of the user logged out)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("overblik")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Din adgangskode er skiftet.")
        return response
