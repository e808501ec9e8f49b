"""The token form (validation only; api.services.token_create saves)."""

from __future__ import annotations

import datetime as dt

from django import forms

from tilsyn.dates import today
from tilsyn.forms import DateInput, DkfdsMixin

from .services import STANDARD_DAGE


class TokenForm(DkfdsMixin, forms.Form):
    navn = forms.CharField(label="Hvad skal nøglen bruges til", max_length=100,
                           help_text="Fx »Statistik til Tilbudsportalen« eller »ESDH-integration«.",
                           error_messages={"required": "Skriv hvad nøglen skal bruges til.",
                                           "max_length": "Beskrivelsen må højst være 100 tegn."})
    udloeber = forms.DateField(label="Udløber efter", widget=DateInput,
                               help_text="Nøglen virker til og med denne dag, højst et år frem.",
                               error_messages={"required": "Angiv hvornår nøglen udløber.",
                                               "invalid": "Skriv datoen som dd.mm.åååå."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("udloeber", today() + dt.timedelta(days=STANDARD_DAGE))
        self._style()
