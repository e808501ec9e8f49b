"""Forms for frister: validation only, Danish messages. The services save."""

from __future__ import annotations

from django import forms

from tilsyn import dates
from tilsyn.errors import add_to_form
from tilsyn.forms import DateInput, DkfdsMixin
from tilsyn.templatetags.tilsyn_tags import dato

from . import services
from .models import FristArt
from .workdays import holiday_name, is_working_day, next_working_day


def arbejdsdag_advarsel(value) -> str | None:
    """A warning (not a refusal) when a chosen date is not a working day. An implausible date gets its
    refusal elsewhere (and has no next working day to name)."""
    if not value or dates.plausibel(value) or is_working_day(value):
        return None
    if value.weekday() >= 5:
        grund = "en lørdag" if value.weekday() == 5 else "en søndag"
    else:
        grund = holiday_name(value) or "en helligdag"
    return (f"{dato(value).capitalize()} er {grund} og ikke en arbejdsdag. "
            f"Første arbejdsdag derefter er {dato(next_working_day(value))}.")


class FristExtendForm(DkfdsMixin, forms.Form):
    ny_frist = forms.DateField(
        label="Ny frist", widget=DateInput(),
        error_messages={"required": "Angiv den nye frist.", "invalid": "Angiv en gyldig dato."},
    )
    begrundelse = forms.CharField(
        label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="Fx at tilbuddet har anmodet om forlængelse (LOST § 8, stk. 2), og hvem der har besluttet det.",
        error_messages={"required": "Angiv en begrundelse for forlængelsen."},
    )
    bekraeft_ikke_arbejdsdag = forms.BooleanField(
        label="Jeg ved, at datoen ikke er en arbejdsdag, og vil bruge den alligevel", required=False,
    )

    def __init__(self, *args, frist=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.frist = frist
        self.advarsel: str | None = None
        self._style()

    def clean(self):
        data = super().clean()
        value = data.get("ny_frist")
        if self.frist is not None:
            # The service's rules (forward only, within the bound, a reason), all at once next to their fields.
            add_to_form(self, services.frist_extend_checks(frist=self.frist, new_due=value,
                                                           reason=data.get("begrundelse", "")))
        self.advarsel = arbejdsdag_advarsel(value)
        if self.advarsel and not data.get("bekraeft_ikke_arbejdsdag") and not self.has_error("ny_frist"):
            self.add_error("ny_frist", self.advarsel + " Vælg en anden dato, eller bekræft at du vil bruge den.")
        return data


class FristFulfilForm(DkfdsMixin, forms.Form):
    note = forms.CharField(label="Note (valgfri)", required=False, max_length=2000,
                           help_text="Fx hvad der er modtaget, og hvornår.", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class BegrundelseForm(DkfdsMixin, forms.Form):
    begrundelse = forms.CharField(
        label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": "Angiv en begrundelse."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FristFilterForm(DkfdsMixin, forms.Form):
    """Filters for the leader's queue, kept in the URL."""

    art = forms.ChoiceField(label="Type", required=False, choices=[("", "Alle typer"), *FristArt.choices])
    ansvarlig = forms.ChoiceField(label="Ansvarlig", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from tilsyn.selectors import kolleger_for

        self.fields["ansvarlig"].choices = [("", "Alle")] + [(str(u.pk), str(u)) for u in kolleger_for(user)]
        self._style()

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"art": data.get("art"), "ansvarlig": data.get("ansvarlig"), "sort": self.data.get("sort")}
