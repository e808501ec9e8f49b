"""Forms with Danish messages. They validate only; the services save (all or nothing)."""

from __future__ import annotations

from django import forms

from . import services
from .models import (
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


ENHED_FIELDS = [
    "navn", "adresse", "postnummer", "by", "kommune", "alder_fra", "alder_til", "godkendelsesstatus",
    "ansoegt_dato", "godkendt_dato", "ansvarlig_konsulent",
]


class EnhedFormMixin(DkfdsMixin):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import konsulenter_for

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
        status = data.get("godkendelsesstatus")
        if status in (Godkendelsesstatus.GODKENDT, Godkendelsesstatus.GODKENDT_MED_VILKAAR) and not data.get(
            "godkendt_dato"
        ):
            self.add_error("godkendt_dato", "Angiv godkendelsesdatoen for en godkendt enhed.")
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
                and name not in ("tilbudstyper",)}


class TilbudForm(EnhedFormMixin, forms.ModelForm):
    class Meta:
        model = Tilbud
        fields = [
            "navn", "tilbudstyper", "driftsherre_navn", "driftsherre_ejerform", "driftsherre_cvr",
            "maalgrupper", "pladser", *ENHED_FIELDS[1:],
        ]
        widgets = {
            "tilbudstyper": forms.CheckboxSelectMultiple,
            "maalgrupper": forms.Textarea(attrs={"rows": 3}),
            "ansoegt_dato": DateInput, "godkendt_dato": DateInput,
        }
        error_messages = {"tilbudstyper": {"required": "Vælg mindst én tilbudstype."}}


class AfdelingForm(DkfdsMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    navn = forms.CharField(label="Afdelingens navn", max_length=200)
    adresse = forms.CharField(label="Adresse", max_length=200, required=False)
    pladser = forms.IntegerField(label="Pladser", min_value=1)

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
    class Meta:
        model = Plejefamilie
        fields = [
            "navn", "plejefamilietype", "plejeforaelder_1", "plejeforaelder_2", "godkendt_antal_boern",
            "aflastning", *ENHED_FIELDS[1:],
        ]
        labels = {"navn": "Familiens navn (fx Familien Jensen)"}
        widgets = {"ansoegt_dato": DateInput, "godkendt_dato": DateInput}


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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import konsulenter_for

        self.fields["konsulenter"].queryset = konsulenter_for(user)
        self.fields["besoegstype"].choices = Besoegstype.choices
        self.fields["status"].choices = Besoegsstatus.choices
        if not self.is_bound and not self.instance.pk and user is not None:
            self.initial.setdefault("konsulenter", [user.pk])
            self.initial.setdefault("besoegstype", Besoegstype.UANMELDT)
        self._style()

    def clean(self):
        data = super().clean()
        besoegstype, varslet, dato = data.get("besoegstype"), data.get("varslet_dato"), data.get("dato")
        if besoegstype == Besoegstype.UANMELDT and varslet:
            self.add_error("varslet_dato", "Et uanmeldt besøg varsles ikke. Fjern varslingsdatoen.")
        if besoegstype == Besoegstype.ANMELDT and not varslet:
            self.add_error("varslet_dato", "Angiv hvornår det anmeldte besøg blev varslet.")
        if varslet and dato and varslet > dato:
            self.add_error("varslet_dato", "Varslingsdatoen skal ligge før besøgsdatoen.")
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
        self._style()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["kommune"] = data["kommune"].pk if data.get("kommune") else None
        return data
