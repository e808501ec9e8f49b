"""The user's own account: logging in and changing password (reached from the user menu)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse_lazy

USERNAME_MAX = 150  # tilsyn.User.username


class LoginForm(AuthenticationForm):
    """Django's form, with the username's length checked before anything looks the user up: Django
    sets the field's max_length after the field is built, so no validator enforces it, and a
    300-character name reached the lockout table (a 255-character column) and crashed the page."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX))


class DanishPasswordChangeForm(PasswordChangeForm):
    """Django's messages for this form lack a Danish translation."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Din nuværende adgangskode er forkert. Skriv den igen.",
        "password_mismatch": "De to nye adgangskoder er ikke ens.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Nuværende adgangskode"
        self.fields["new_password2"].label = "Gentag ny adgangskode"
        self.fields["new_password2"].help_text = "Skriv den nye adgangskode en gang til."


class PasswordChange(auth_views.PasswordChangeView):
    """Django's view: the current password is checked, the new one meets AUTH_PASSWORD_VALIDATORS,
    this session stays logged in and the user's other sessions end (their hash no longer matches)."""

    form_class = DanishPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("overblik")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Din adgangskode er skiftet.")
        return response
