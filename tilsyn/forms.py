"""Forms with Danish messages. They validate only; the services save (all or nothing)."""

from __future__ import annotations

from django import forms

from . import services
from .errors import add_to_form
from .models import (
    ALDER_FEJL,
    ALDER_MAX,
    BOERN_FEJL,
    BOERN_MAX,
    BOERN_MIN,
    PLADSER_FEJL,
    PLADSER_MAX,
    PLADSER_MIN,
    REGISTRERINGS_STATUSSER,
    Besoegsstatus,
    Besoegstype,
    Datakilde,
    Godkendelsesstatus,
    Metode,
    Plejefamilie,
    Risikokategori,
    Tilbud,
    Tilsynsbesoeg,
)


class DkfdsMixin:
    """Give widgets Det Fælles Designsystem's classes and link errors to fields (aria)."""

    def _style(self):
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                multiple = isinstance(widget, forms.CheckboxSelectMultiple)
                widget.attrs.setdefault("class", "form-checkbox" if multiple else "form-radio")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-input")
            if self.is_bound and name in self.errors:
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def tal(label: str, lo: int, hi: int, message: str, **kwargs) -> forms.IntegerField:
    """A whole number that states its whole range in one message (not "≥ 0" first and "≥ 1" next)."""
    return forms.IntegerField(label=label, min_value=lo, max_value=hi, **kwargs,
                              error_messages={"min_value": message, "max_value": message, "invalid": message})


# Approval status is not stamdata: these fields are offered only when a unit is registered
# (tilsyn.services takes them from there; later changes come from decisions).
ENHED_FIELDS = [
    "navn", "adresse", "postnummer", "by", "kommune", "alder_fra", "alder_til", "ansoegt_dato",
    "ansvarlig_konsulent",
]
REGISTRERING_FIELDS = ("godkendelsesstatus", "godkendt_dato")


class EnhedFormMixin(DkfdsMixin):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import konsulenter_for

        if self.instance.pk is None:
            self.fields["godkendelsesstatus"] = forms.ChoiceField(
                label="Godkendelsesstatus", initial=Godkendelsesstatus.ANSOEGT, widget=forms.RadioSelect,
                choices=[(s.value, s.label) for s in REGISTRERINGS_STATUSSER],
                help_text="Ansøgt for en ny ansøgning. Registreres en enhed, der allerede er godkendt, angives "
                          "godkendelsen og dens dato. Senere ændringer sker ved en afgørelse.",
            )
            self.fields["godkendt_dato"] = forms.DateField(label="Godkendt den", required=False, widget=DateInput)
            self.order_fields([*(n for n in self.fields if n != "ansvarlig_konsulent"), "ansvarlig_konsulent"])
        self.fields["ansvarlig_konsulent"].queryset = konsulenter_for(user)
        self.fields["kommune"].empty_label = "Vælg kommune"
        self.fields["ansvarlig_konsulent"].empty_label = "Ingen"
        for name in ("driftsherre_ejerform", "plejefamilietype"):
            if name in self.fields:
                self.fields[name].choices = [("", "Vælg")] + list(self.fields[name].choices)[1:]
        self._style()

    def clean(self):
        data = super().clean()
        fra, til = data.get("alder_fra"), data.get("alder_til")
        if fra is not None and til is not None and fra > til:
            self.add_error("alder_til", "Alder til skal være mindst lige så høj som alder fra.")
        # Ask the service's rules, so every problem shows at once, next to its field.
        if self.instance.pk is None:
            if "godkendelsesstatus" in data:
                add_to_form(self, services.registrering_checks(
                    status=data["godkendelsesstatus"], godkendt_dato=data.get("godkendt_dato"),
                    ansoegt_dato=data.get("ansoegt_dato")))
        elif "ansoegt_dato" in data:
            add_to_form(self, services.enhed_checks({"ansoegt_dato": data["ansoegt_dato"]}, enhed=self.instance))
        return data

    def service_data(self) -> dict:
        names = [*self._meta.fields, *(REGISTRERING_FIELDS if self.instance.pk is None else ())]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data
                and name not in ("tilbudstyper",)}


class TilbudForm(EnhedFormMixin, forms.ModelForm):
    pladser = tal("Pladser i alt", PLADSER_MIN, PLADSER_MAX, PLADSER_FEJL)
    alder_fra = tal("Alder fra", 0, ALDER_MAX, ALDER_FEJL)
    alder_til = tal("Alder til", 0, ALDER_MAX, ALDER_FEJL)

    class Meta:
        model = Tilbud
        fields = [
            "navn", "tilbudstyper", "driftsherre_navn", "driftsherre_ejerform", "driftsherre_cvr",
            "maalgrupper", "pladser", *ENHED_FIELDS[1:],
        ]
        widgets = {
            "tilbudstyper": forms.CheckboxSelectMultiple,
            "maalgrupper": forms.Textarea(attrs={"rows": 3}),
            "ansoegt_dato": DateInput,
        }
        error_messages = {"tilbudstyper": {"required": "Vælg mindst én tilbudstype."}}


class AfdelingForm(DkfdsMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    navn = forms.CharField(label="Afdelingens navn", max_length=200)
    adresse = forms.CharField(label="Adresse", max_length=200, required=False)
    pladser = tal("Pladser", PLADSER_MIN, PLADSER_MAX, PLADSER_FEJL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


AfdelingFormSet = forms.formset_factory(AfdelingForm, extra=1, can_delete=True)


def afdelinger_from(formset) -> list[dict]:
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class PlejefamilieForm(EnhedFormMixin, forms.ModelForm):
    godkendt_antal_boern = tal("Godkendt til antal børn", BOERN_MIN, BOERN_MAX, BOERN_FEJL)
    alder_fra = tal("Alder fra", 0, ALDER_MAX, ALDER_FEJL)
    alder_til = tal("Alder til", 0, ALDER_MAX, ALDER_FEJL)

    class Meta:
        model = Plejefamilie
        fields = [
            "navn", "plejefamilietype", "plejeforaelder_1", "plejeforaelder_2", "godkendt_antal_boern",
            "aflastning", *ENHED_FIELDS[1:],
        ]
        labels = {"navn": "Familiens navn (fx Familien Jensen)"}
        widgets = {"ansoegt_dato": DateInput}


class TilsynsbesoegForm(DkfdsMixin, forms.ModelForm):
    konsulenter = forms.ModelMultipleChoiceField(
        queryset=None, label="Konsulenter", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vælg mindst én konsulent."},
    )
    metoder = forms.MultipleChoiceField(
        choices=Metode.choices, widget=forms.CheckboxSelectMultiple, label="Dataindsamlingsmetoder",
        error_messages={"required": "Vælg mindst én metode."},
    )
    datakilder = forms.MultipleChoiceField(
        choices=Datakilde.choices, widget=forms.CheckboxSelectMultiple, label="Datakilder (LOST § 7, stk. 3)",
        error_messages={"required": "Vælg mindst én datakilde."},
    )

    class Meta:
        model = Tilsynsbesoeg
        fields = ["besoegstype", "status", "dato", "varslet_dato", "konsulenter", "metoder", "datakilder",
                  "fokus_temaer", "noter"]
        widgets = {
            "besoegstype": forms.RadioSelect, "status": forms.RadioSelect,
            "dato": DateInput, "varslet_dato": DateInput,
            "fokus_temaer": forms.Textarea(attrs={"rows": 2}), "noter": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "varslet_dato": "Kun ved anmeldte besøg. Efter L 200 varsles højst 4 uger før.",
            "fokus_temaer": "Hvilke temaer besøget særligt ser på.",
        }

    def __init__(self, *args, user=None, enhed=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import konsulenter_for

        self.enhed = enhed
        self.fields["konsulenter"].queryset = konsulenter_for(user)
        self.fields["besoegstype"].choices = Besoegstype.choices
        self.fields["status"].choices = Besoegsstatus.choices
        if not self.is_bound and not self.instance.pk and user is not None:
            self.initial.setdefault("konsulenter", [user.pk])
            self.initial.setdefault("besoegstype", Besoegstype.UANMELDT)
        self._style()

    def clean(self):
        data = super().clean()
        if self.enhed is not None:
            add_to_form(self, services.besoeg_checks(enhed=self.enhed, data=data, ny=self.instance.pk is None))
        return data

    @property
    def advarsel(self) -> str | None:
        data = getattr(self, "cleaned_data", {})
        return services.varsel_advarsel(data.get("besoegstype"), data.get("varslet_dato"), data.get("dato"))

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "konsulenter"}


class EnhedFilterForm(DkfdsMixin, forms.Form):
    q = forms.CharField(label="Søg i listen", required=False)
    type = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Alle")] + list(Godkendelsesstatus.choices))
    kommune = forms.ModelChoiceField(label="Kommune", required=False, queryset=None, empty_label="Alle")
    risiko = forms.ChoiceField(label="Risiko", required=False,
                               choices=[("", "Alle")] + list(Risikokategori.choices) + [("ingen", "Ikke vurderet")])
    besoeg = forms.ChoiceField(label="Besøg", required=False, choices=[
        ("", "Alle"), ("overskredet", "Besøgsinterval overskredet"), ("forfalder", "Forfalder inden 30 dage")])

    def __init__(self, *args, type_choices=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Kommune

        # Units may lie outside the host region (koncerner, LOST § 2 a): offer the kommuner in use.
        self.fields["kommune"].queryset = Kommune.objects.filter(
            enheder__socialtilsyn_id=getattr(user, "socialtilsyn_id", None)
        ).distinct().order_by("navn")
        self.fields["type"].choices = [("", "Alle")] + list(type_choices)
        if sid := getattr(user, "socialtilsyn_id", None):
            # The socialtilsyn's own horizon, as in the visit plan (not a fixed 30 days).
            from .selectors import indstillinger_for

            dage = indstillinger_for(sid).besoeg_forfalder_dage
            self.fields["besoeg"].choices = [*self.fields["besoeg"].choices[:2], ("forfalder", f"Forfalder inden {dage} dage")]
        self._style()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["kommune"] = data["kommune"].pk if data.get("kommune") else None
        return data
