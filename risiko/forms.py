"""Forms with Danish messages. They validate only; ``risiko.services`` saves (all or nothing)."""

from __future__ import annotations

from django import forms

from tilsyn import dates
from tilsyn.errors import add_to_form
from tilsyn.forms import DateInput, DkfdsMixin
from tilsyn.models import Besoegstype, Risikokategori

from . import selectors, services
from .models import DIMENSIONER, STANDARD_INTENSITET, Fase, Intensitet


class KvalitetsvurderingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        when = obj.afsluttet or obj.dato
        return f"Kvalitetsvurdering {when:%d.%m.%Y}" if when else "Kvalitetsvurdering"


class BesoegChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_besoegstype_display()} tilsynsbesøg {obj.dato:%d.%m.%Y} (planlagt)"


NYT_BESOEG_FELTER = ("besoeg_dato", "besoeg_type", "besoeg_varslet")


class RisikovurderingForm(DkfdsMixin, forms.Form):
    fase = forms.ChoiceField(label="Fase", choices=Fase.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Vælg om vurderingen er præ eller post.",
                                             "invalid_choice": "Vælg om vurderingen er præ eller post."})
    kategori = forms.ChoiceField(label="Risikokategori", choices=Risikokategori.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Vælg en risikokategori: grøn, gul eller rød."})
    begrundelse = forms.CharField(
        label="Begrundelse", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Hvad ligger til grund for kategorien? Skrives, så en kollega kan følge vurderingen.",
        error_messages={"required": "Skriv en begrundelse for risikokategorien."},
    )
    faktorer = forms.ModelMultipleChoiceField(label="Risikofaktorer der har vægtet", queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    kvalitetsvurdering = KvalitetsvurderingChoice(
        label="Kvalitetsvurdering (ved post-vurdering)", queryset=None, required=False,
        empty_label="Vælg afsluttet kvalitetsvurdering",
        help_text="Post-vurderingen dokumenteres efter en afsluttet kvalitetsvurdering.",
    )
    dato = forms.DateField(label="Vurderet den", widget=DateInput,
                           error_messages={"required": "Angiv datoen for vurderingen.",
                                           "invalid": "Skriv datoen som dd.mm.åååå."})
    tilsynsbesoeg = BesoegChoice(label="Knyt til planlagt tilsynsbesøg", queryset=None, required=False,
                                 empty_label="Intet")
    besoeg_dato = forms.DateField(label="Planlæg nyt tilsynsbesøg den", required=False, widget=DateInput,
                                  help_text="Valgfrit. Planlægger besøget sammen med præ-vurderingen.",
                                  error_messages={"invalid": "Skriv datoen som dd.mm.åååå."})
    besoeg_type = forms.ChoiceField(label="Besøgstype", choices=Besoegstype.choices, widget=forms.RadioSelect,
                                    required=False, initial=Besoegstype.UANMELDT)
    besoeg_varslet = forms.DateField(label="Varslet den (kun anmeldt besøg)", required=False, widget=DateInput,
                                     error_messages={"invalid": "Skriv datoen som dd.mm.åååå."})

    def __init__(self, *args, user=None, enhed=None, forrige=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enhed = enhed
        self.fields["faktorer"].queryset = selectors.aktive_faktorer()
        self.fields["kvalitetsvurdering"].queryset = selectors.afsluttede_kvalitetsvurderinger(user, enhed)
        self.fields["tilsynsbesoeg"].queryset = selectors.planlagte_besoeg(user, enhed)
        if not (user and user.has_perm("tilsyn.add_tilsynsbesoeg", enhed)):
            # Planning a new visit is the konsulent's (tilsyn.rules); a leder links an existing one.
            for name in NYT_BESOEG_FELTER:
                del self.fields[name]
        self.initial.setdefault("dato", dates.today())
        default = STANDARD_INTENSITET.get(enhed.risikokategori, Intensitet.STANDARD) if enhed else Intensitet.STANDARD
        plan = (forrige.intensitetsplan if forrige else None) or {}
        self.dimension_names = []
        for key, label in DIMENSIONER:
            self.fields[f"niveau_{key}"] = forms.ChoiceField(
                label=label, choices=Intensitet.choices, widget=forms.RadioSelect,
                initial=(plan.get(key) or {}).get("niveau", default),
                error_messages={"required": "Vælg et niveau for denne dimension."},
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label="Sådan (valgfrit)", required=False, max_length=500,
                initial=(plan.get(key) or {}).get("note", ""),
                widget=forms.TextInput(attrs={"placeholder": "Sådan (valgfrit), fx uanmeldt besøg hver anden måned"}),
            )
            self.dimension_names.append((f"niveau_{key}", f"note_{key}"))
        self._style()

    @property
    def stamfelter(self):
        return [self[n] for n in ("fase", "kategori", "begrundelse", "faktorer", "dato")]

    @property
    def dimensioner(self):
        return [(self[n], self[m]) for n, m in self.dimension_names]

    @property
    def post_felter(self):
        return [self["kvalitetsvurdering"]]

    @property
    def besoeg_felter(self):
        return [self[n] for n in ("tilsynsbesoeg", *NYT_BESOEG_FELTER) if n in self.fields]

    def clean(self):
        data = super().clean()
        if self.enhed is not None:
            # The service's rules (dates, post needs a completed quality assessment, the planned visit),
            # all at once and each next to its field; the form states none of them itself.
            add_to_form(self, services.risikovurdering_checks(enhed=self.enhed, **self._kwargs(data, checking=True)))
        return data

    def _kwargs(self, d: dict, *, checking: bool = False) -> dict:
        fase = d.get("fase")
        planlagt = None
        if d.get("besoeg_dato"):
            planlagt = {"dato": d["besoeg_dato"], "besoegstype": d.get("besoeg_type") or Besoegstype.UANMELDT,
                        "varslet_dato": d.get("besoeg_varslet")}
        # Checking, a visit given with a post assessment is shown as an error; saving, it is left out.
        med_besoeg = checking or fase == Fase.PRAE
        return {
            "fase": fase, "kategori": d.get("kategori"), "begrundelse": d.get("begrundelse") or "",
            "faktorer": list(d.get("faktorer") or []), "dato": d.get("dato"),
            "kvalitetsvurdering": d.get("kvalitetsvurdering") if fase == Fase.POST else None,
            "tilsynsbesoeg": d.get("tilsynsbesoeg") if med_besoeg else None,
            "planlagt_besoeg": planlagt if med_besoeg else None,
            "intensitetsplan": {key: {"niveau": d.get(f"niveau_{key}"), "note": d.get(f"note_{key}", "")}
                                for key, _ in DIMENSIONER},
        }

    def service_kwargs(self) -> dict:
        return self._kwargs(self.cleaned_data)


class OverblikFilterForm(DkfdsMixin, forms.Form):
    art = forms.ChoiceField(label="Type", required=False,
                            choices=[("", "Alle"), ("tilbud", "Tilbud"), ("plejefamilie", "Plejefamilier")])
    tilbudstype = forms.ChoiceField(label="Tilbudstype", required=False)
    kommune = forms.ModelChoiceField(label="Kommune", required=False, queryset=None, empty_label="Alle")
    mine = forms.BooleanField(label="Kun mine enheder", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from tilsyn.models import Kommune, Tilbudstype

        self.fields["kommune"].queryset = Kommune.objects.filter(
            enheder__socialtilsyn_id=getattr(user, "socialtilsyn_id", None)).distinct().order_by("navn")
        self.fields["tilbudstype"].choices = [("", "Alle")] + [(t.kode, str(t)) for t in Tilbudstype.objects.all()]
        self._style()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["kommune"] = data["kommune"].pk if data.get("kommune") else None
        return data
