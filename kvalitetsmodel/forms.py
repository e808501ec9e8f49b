"""Forms for quality assessments: validation only, with Danish messages. The services save."""

from __future__ import annotations

from django import forms

from tilsyn.forms import DateInput, DkfdsMixin
from tilsyn.models import Besoegsstatus, Datakilde

from .models import SKALA, Kvalitetsvurdering, Oekonomisvar, VurderingArt

SCORE_CHOICES = [(str(k), f"{k} – {v}") for k, v in sorted(SKALA.items(), reverse=True)]
OPFYLDT_CHOICES = [("ja", "Forventes at kunne opfylde"), ("nej", "Forventes ikke at kunne opfylde")]


class StartForm(DkfdsMixin, forms.Form):
    art = forms.ChoiceField(label="Type", choices=VurderingArt.choices, widget=forms.RadioSelect,
                            initial=VurderingArt.DRIFT, error_messages={"required": "Vælg vurderingstype."})
    model = forms.ModelChoiceField(label="Kvalitetsmodel (version)", queryset=None, empty_label=None,
                                   error_messages={"required": "Vælg kvalitetsmodel.",
                                                   "invalid_choice": "Vælg en af de aktive kvalitetsmodeller."})
    besoeg = forms.ModelChoiceField(label="Tilsynsbesøg", queryset=None, required=False, empty_label="Intet besøg",
                                    help_text="Vurderingen knyttes til besøget, og besøgets datakilder foreslås.",
                                    error_messages={"invalid_choice": "Vælg et af enhedens tilsynsbesøg."})
    dato = forms.DateField(label="Vurderingsdato", required=False, widget=DateInput,
                           help_text="Tom: besøgets dato eller i dag.",
                           error_messages={"invalid": "Skriv en gyldig dato."})

    def __init__(self, *args, enhed, modeller, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = modeller
        self.fields["besoeg"].queryset = enhed.besoeg.exclude(status=Besoegsstatus.AFLYST).order_by("-dato")
        self.fields["besoeg"].label_from_instance = lambda b: f"{b.get_besoegstype_display()} besøg {b.dato:%d.%m.%Y}"
        first = modeller.first()
        if first is not None:
            self.fields["model"].initial = first.pk
        self._style()


class BedoemmelseForm(DkfdsMixin, forms.Form):
    """One indicator row. Every field is optional while drafting; completion checks what is missing."""

    score = forms.TypedChoiceField(label="Score", choices=SCORE_CHOICES, coerce=int, required=False,
                                   empty_value=None, widget=forms.RadioSelect,
                                   error_messages={"invalid_choice": "Vælg en score fra 1 til 5."})
    forventes_opfyldt = forms.ChoiceField(label="Bedømmelse", choices=OPFYLDT_CHOICES, required=False,
                                          widget=forms.RadioSelect,
                                          error_messages={"invalid_choice": "Vælg en af de to bedømmelser."})
    begrundelse = forms.CharField(label="Begrundelse", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    datakilder = forms.MultipleChoiceField(label="Datakilder", choices=Datakilde.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"invalid_choice": "Ukendt datakilde."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def service_kwargs(self, scorer: bool) -> dict:
        data = self.cleaned_data
        kwargs = {"begrundelse": data["begrundelse"], "datakilder": data["datakilder"]}
        if scorer:
            kwargs["score"] = data["score"]
        else:
            kwargs["forventes_opfyldt"] = {"ja": True, "nej": False}.get(data["forventes_opfyldt"])
        return kwargs


class TekstForm(forms.Form):
    niveau = forms.ChoiceField(choices=[("tema", "tema"), ("kriterium", "kriterium")])
    objekt = forms.IntegerField()
    tekst = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GenereltForm(DkfdsMixin, forms.ModelForm):
    class Meta:
        model = Kvalitetsvurdering
        fields = ["dato", "datakilder", "oekonomi_baeredygtig", "oekonomi_kvalitet_pris", "oekonomi_gennemsigtig",
                  "oekonomi_tekst", "samlet_vurdering", "udviklingspunkter", "opmaerksomhedspunkter"]
        widgets = {
            "dato": DateInput,
            "samlet_vurdering": forms.Textarea(attrs={"rows": 5}),
            "udviklingspunkter": forms.Textarea(attrs={"rows": 3}),
            "opmaerksomhedspunkter": forms.Textarea(attrs={"rows": 3}),
            "oekonomi_tekst": forms.Textarea(attrs={"rows": 3}),
            "oekonomi_baeredygtig": forms.RadioSelect, "oekonomi_kvalitet_pris": forms.RadioSelect,
            "oekonomi_gennemsigtig": forms.RadioSelect,
        }
        labels = {
            "oekonomi_baeredygtig": "Er tilbuddet økonomisk bæredygtigt?",
            "oekonomi_kvalitet_pris": "Giver økonomien mulighed for den fornødne kvalitet i forhold til prisen og målgruppen?",
            "oekonomi_gennemsigtig": "Er der gennemsigtighed med tilbuddets økonomi?",
            "oekonomi_tekst": "Økonomisk vurdering",
            "datakilder": "Datakilder for vurderingen som helhed",
        }
        error_messages = {"dato": {"required": "Angiv vurderingsdatoen.", "invalid": "Skriv en gyldig dato."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datakilder"] = forms.MultipleChoiceField(
            label="Datakilder for vurderingen som helhed", choices=Datakilde.choices, required=False,
            widget=forms.CheckboxSelectMultiple)
        for name in ("oekonomi_baeredygtig", "oekonomi_kvalitet_pris", "oekonomi_gennemsigtig"):
            self.fields[name].choices = Oekonomisvar.choices
            self.fields[name].required = False
            if self.instance.enhed.art == "plejefamilie":
                del self.fields[name]
        if self.instance.enhed.art == "plejefamilie":
            self.fields["oekonomi_tekst"].label = "Plejefamiliens økonomi som grundlag for en stabil anbringelse"
        self._style()


class RetForm(DkfdsMixin, forms.Form):
    grund = forms.CharField(label="Hvorfor rettes vurderingen?", widget=forms.Textarea(attrs={"rows": 4}),
                            error_messages={"required": "Skriv hvorfor vurderingen rettes."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
