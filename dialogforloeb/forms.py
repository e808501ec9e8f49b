"""Forms with Danish messages. They parse and bound the input; the services hold the rules and save (all
or nothing), and their refusals are shown next to each field (``tilsyn.errors.add_to_form``)."""

from __future__ import annotations

from django import forms

from tilsyn.forms import DateInput, DkfdsMixin
from tilsyn.selectors import konsulenter_for

from .services import dialog_valg
from .vocabulary import (
    HOERINGSFRIST_MAKS_DAGE,
    Afgoerelsestype,
    AktivitetArt,
    Alvor,
    Dialogform,
    Form,
    Formaal,
    Kilde,
    Udfald,
)

FRISTER_CHOICES = [("", "Der er ingen åbne frister / vælg"), ("annuller", "Annullér de åbne frister"),
                   ("opfyld", "Markér de åbne frister som opfyldt")]
# Generous bounds that still keep a page and a letter usable (a 1 MB text is refused, not rendered).
KORT_TEKST = 2_000
LANG_TEKST = 20_000


def _danske_fejl(form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = "Feltet skal udfyldes."
        field.error_messages["invalid"] = "Angiv en gyldig værdi."
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = f"Teksten kan højst være {field.max_length:,} tegn.".replace(",", ".")


def _tekst(label, *, rows=4, max_length=LANG_TEKST, required=True, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class _Base(DkfdsMixin, forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _danske_fejl(self)
        self.prepare(user)
        self._style()

    def prepare(self, user) -> None:
        """Set user-dependent choices before the form is validated."""


class BekymringForm(_Base):
    kilde = forms.ChoiceField(label="Kilde", choices=[("", "Vælg kilde"), *Kilde.choices])
    alvor = forms.ChoiceField(label="Alvor", choices=Alvor.choices, widget=forms.RadioSelect)
    beskrivelse = _tekst("Hvad blev set", rows=5)
    temaer = forms.CharField(label="Temaer og kriterier", max_length=KORT_TEKST,
                             help_text="Fx »Tema 6 Sundhed og trivsel, kriterium 6b«.")
    dato = forms.DateField(label="Bekymringen opstod den", widget=DateInput())
    ansvarlig = forms.ModelChoiceField(label="Ansvarlig konsulent", queryset=None)
    formaal = forms.ChoiceField(label="Formålet med dialogen", choices=Formaal.choices, widget=forms.RadioSelect,
                                help_text="Planen for forløbet: sammenhæng mellem bekymringen og de metoder og "
                                          "reaktioner, der vælges (audit 19.2, anbefaling 2).")
    planlagt_dialogform = forms.ChoiceField(label="Planlagt dialogform", choices=Dialogform.choices)
    forventet_varighed_uger = forms.IntegerField(
        label="Forventet varighed (uger)", min_value=1, max_value=104,
        error_messages={"min_value": "Angiv 1 til 104 uger.", "max_value": "Angiv 1 til 104 uger."})

    def prepare(self, user) -> None:
        self.fields["ansvarlig"].queryset = konsulenter_for(user)
        self.fields["ansvarlig"].empty_label = "Vælg konsulent"


class AktivitetForm(_Base):
    art = forms.ChoiceField(label="Aktivitet", choices=[("", "Vælg aktivitet"), *AktivitetArt.choices],
                            help_text="Se nedenfor, hvilke aktiviteter der tæller som dialog (BEK § 9).")
    dato = forms.DateField(label="Dato", widget=DateInput())
    form = forms.ChoiceField(label="Form", choices=Form.choices, widget=forms.RadioSelect)
    deltagere = forms.CharField(label="Deltagere", required=False, max_length=300)
    referat = _tekst("Referat / noter", required=False)
    oplyst_bekymring = forms.BooleanField(label="Enheden er oplyst om bekymringens karakter", required=False)
    oplyst_formaal = forms.BooleanField(label="Enheden er oplyst om formålet med dialogen (afklarende eller om en "
                                              "påtænkt afgørelse)", required=False)
    oplyst_reaktioner = forms.BooleanField(label="Enheden er oplyst om de mulige reaktioner", required=False)
    frist = forms.DateField(label="Frist for redegørelse", required=False, widget=DateInput(),
                            help_text="Kun ved anmodning om redegørelse.")


class AlvorForm(_Base):
    alvor = forms.ChoiceField(label="Ny alvor", choices=Alvor.choices, widget=forms.RadioSelect)
    begrundelse = _tekst("Begrundelse", rows=3, max_length=KORT_TEKST)


class AgterskrivelseForm(_Base):
    paataenkt = forms.ChoiceField(label="Påtænkt afgørelse", choices=[("", "Vælg påtænkt afgørelse"),
                                                                       *Afgoerelsestype.choices])
    sagsfremstilling = _tekst("Faktiske forhold og bekymringer pr. tema/kriterium", rows=10)
    dialog_aktiviteter = forms.ModelMultipleChoiceField(
        label="Den dialog, agterskrivelsen bygger på", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Bekendtgørelsens § 9, stk. 1: et påbud kræver forudgående dialog om forholdene. Kun dialog (tovejs) "
                  "fra forløbets nuværende runde kan vælges.")
    begrundelse = _tekst("Begrundelse for den påtænkte afgørelse", rows=6)
    mulige_reaktioner = _tekst("Mulige reaktioner", rows=3, max_length=KORT_TEKST)
    hoeringsfrist_dage = forms.IntegerField(label="Høringsfrist (dage)", help_text="Regnes fra afsendelsen.")
    invitation_dialogmoede = forms.DateField(
        label="Invitation til dialogmøde den", required=False, widget=DateInput(),
        help_text="Udfyld hvis agterskrivelsen sendes sammen med en invitation til dialogmøde om den påtænkte "
                  "afgørelse.")

    def __init__(self, *args, forloeb, mindst: int, **kwargs):
        self.forloeb, self.mindst = forloeb, mindst
        super().__init__(*args, **kwargs)

    def prepare(self, user) -> None:
        valg = dialog_valg(self.forloeb)
        field = self.fields["dialog_aktiviteter"]
        field.queryset = self.forloeb.aktiviteter.filter(pk__in=[a.pk for a in valg]).order_by("dato", "pk")
        field.label_from_instance = lambda a: f"{a.dato:%d.%m.%Y}: {a.get_art_display()}" + (
            "" if a.oplyst_bekymring else " (enheden ikke oplyst om bekymringen)")
        dage = self.fields["hoeringsfrist_dage"]
        dage.help_text = f"Regnes fra afsendelsen. Mindst {self.mindst} dage; under 14 dage advares der."

    def clean_hoeringsfrist_dage(self):
        dage = self.cleaned_data["hoeringsfrist_dage"]
        if not self.mindst <= dage <= HOERINGSFRIST_MAKS_DAGE:
            # One message for both limits, not "≥ 1" and then "≥ 7" one attempt at a time.
            raise forms.ValidationError(f"Høringsfristen skal være mellem {self.mindst} og {HOERINGSFRIST_MAKS_DAGE} "
                                        "dage.")
        return dage


class _AfgoerelseForm(_Base):
    """A decision's draft. ``med_hoeringssvar``: the unit answered the hearing, so the decision must say what
    it answered and how the socialtilsyn weighed it (FVL § 24)."""

    begrundelse = _tekst("Begrundelse", rows=6,
                         help_text="De faktiske forhold, de regler afgørelsen bygger på, og de hovedhensyn, der har "
                                   "været bestemmende for skønnet (forvaltningslovens §§ 22-24).")
    hoeringssvar_vurdering = _tekst("Høringssvaret og socialtilsynets vurdering af det", rows=4, required=False)

    def __init__(self, *args, med_hoeringssvar: bool = False, **kwargs):
        self.med_hoeringssvar = med_hoeringssvar
        super().__init__(*args, **kwargs)
        if not med_hoeringssvar:
            del self.fields["hoeringssvar_vurdering"]


class PaabudForm(_AfgoerelseForm):
    tekst = _tekst("Påbuddets indhold")
    opfyldelseskriterium = _tekst("Hvornår er påbuddet opfyldt", rows=3, max_length=KORT_TEKST,
                                  help_text="Konkret og kontrollerbart: der udstedes ikke løbende påbud.")
    frist = forms.DateField(label="Frist for påbuddet", widget=DateInput())
    skaerpet_til = forms.DateField(label="Skærpet tilsyn til og med", required=False, widget=DateInput(),
                                   help_text="Kun hvis skærpet tilsyn er varslet. Højst 6 måneder fra udstedelsen "
                                             "(fx 26.11.2026 til og med 25.05.2027).")
    field_order = ["tekst", "opfyldelseskriterium", "frist", "skaerpet_til", "begrundelse", "hoeringssvar_vurdering"]


class OphoerForm(_AfgoerelseForm):
    pass


class FornyelseForm(_AfgoerelseForm):
    skaerpet_til = forms.DateField(label="Skærpet tilsyn forlænges til og med", widget=DateInput(),
                                   help_text="Den nye periode begynder dagen efter den nuværendes udløb og varer "
                                             "højst 6 måneder.")
    field_order = ["skaerpet_til", "begrundelse", "hoeringssvar_vurdering"]


class FristforlaengelseForm(_AfgoerelseForm):
    frist = forms.DateField(label="Ny frist", widget=DateInput())
    field_order = ["frist", "begrundelse"]

    def prepare(self, user) -> None:
        self.fields["begrundelse"].label = "Enhedens anmodning og begrundelsen for forlængelsen"


AFGOERELSE_FORMS = {"paabud": PaabudForm, "ophoer": OphoerForm, "fornyelse": FornyelseForm,
                    "fristforlaengelse": FristforlaengelseForm}


class UdstedForm(_Base):
    bekraeft = forms.BooleanField(label="Jeg bekræfter, at afgørelsen udstedes nu som brev og ikke kan ændres bagefter")
    frister = forms.ChoiceField(label="Åbne frister i forløbet", choices=FRISTER_CHOICES, required=False)

    def prepare(self, user) -> None:
        self.fields["bekraeft"].error_messages["required"] = "Bekræft at afgørelsen skal udstedes."


class AfslutForm(_Base):
    udfald = forms.ChoiceField(label="Udfald", choices=Udfald.choices, widget=forms.HiddenInput)
    begrundelse = _tekst("Begrundelse")
    frister = forms.ChoiceField(label="Åbne frister i forløbet", choices=FRISTER_CHOICES, required=False)


class BegrundelseForm(_Base):
    begrundelse = _tekst("Begrundelse", rows=3, max_length=KORT_TEKST)


class KommentarForm(_Base):
    kommentar = _tekst("Kommentar til konsulenten", max_length=KORT_TEKST * 2)


class HoeringsfristForm(_Base):
    ny_frist = forms.DateField(label="Ny høringsfrist", widget=DateInput())
    begrundelse = _tekst("Enhedens anmodning og begrundelse", rows=3, max_length=KORT_TEKST)


class SendForm(_Base):
    bekraeft = forms.BooleanField(label="Jeg bekræfter, at brevet sendes nu og ikke kan ændres bagefter")

    def prepare(self, user) -> None:
        self.fields["bekraeft"].error_messages["required"] = "Bekræft at brevet skal sendes."
