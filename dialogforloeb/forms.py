"""Forms with Danish messages. They validate only; the services save (all or nothing)."""

from __future__ import annotations

from django import forms

from tilsyn.forms import DateInput, DkfdsMixin

from .models import Agterskrivelse, AktivitetArt, Alvor, Form, Kilde, Udfald

FRISTER_CHOICES = [("", "Der er ingen åbne frister / vælg"), ("annuller", "Annullér de åbne frister"),
                   ("opfyld", "Markér de åbne frister som opfyldt")]


def _danske_fejl(form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = "Feltet skal udfyldes."
        field.error_messages["invalid"] = "Angiv en gyldig værdi."


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
    beskrivelse = forms.CharField(label="Hvad blev set", widget=forms.Textarea(attrs={"rows": 5}))
    temaer = forms.CharField(label="Temaer og kriterier", help_text="Fx »Tema 6 Sundhed og trivsel, kriterium 6b«.")
    dato = forms.DateField(label="Bekymringen opstod den", widget=DateInput())
    ansvarlig = forms.ModelChoiceField(label="Ansvarlig konsulent", queryset=None)

    def prepare(self, user) -> None:
        from tilsyn.selectors import konsulenter_for

        self.fields["ansvarlig"].queryset = konsulenter_for(user)
        self.fields["ansvarlig"].empty_label = "Vælg konsulent"


class AktivitetForm(_Base):
    art = forms.ChoiceField(label="Aktivitet", choices=[("", "Vælg aktivitet"), *AktivitetArt.choices])
    dato = forms.DateField(label="Dato", widget=DateInput())
    form = forms.ChoiceField(label="Form", choices=Form.choices, widget=forms.RadioSelect)
    deltagere = forms.CharField(label="Deltagere", required=False)
    referat = forms.CharField(label="Referat / noter", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    oplyst_bekymring = forms.BooleanField(label="Enheden er oplyst om bekymringens karakter", required=False)
    oplyst_formaal = forms.BooleanField(label="Enheden er oplyst om formålet med dialogen (afklarende eller om en "
                                              "påtænkt afgørelse)", required=False)
    oplyst_reaktioner = forms.BooleanField(label="Enheden er oplyst om de mulige reaktioner", required=False)
    frist = forms.DateField(label="Frist for redegørelse", required=False, widget=DateInput(),
                            help_text="Kun ved anmodning om redegørelse.")

    def clean(self):
        data = super().clean()
        if data.get("art") == AktivitetArt.ANMODNING_REDEGOERELSE and not data.get("frist"):
            self.add_error("frist", "En anmodning om redegørelse skal have en frist.")
        return data


class AlvorForm(_Base):
    alvor = forms.ChoiceField(label="Ny alvor", choices=Alvor.choices, widget=forms.RadioSelect)
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}))


class AgterskrivelseForm(DkfdsMixin, forms.ModelForm):
    class Meta:
        model = Agterskrivelse
        fields = ["paataenkt", "sagsfremstilling", "begrundelse", "mulige_reaktioner", "hoeringsfrist_dage",
                  "invitation_dialogmoede"]
        widgets = {"sagsfremstilling": forms.Textarea(attrs={"rows": 8}), "begrundelse": forms.Textarea(attrs={"rows": 5}),
                   "mulige_reaktioner": forms.Textarea(attrs={"rows": 3}), "invitation_dialogmoede": DateInput()}
        help_texts = {"invitation_dialogmoede": "Udfyld hvis agterskrivelsen sendes sammen med en invitation til "
                                                "dialogmøde om den påtænkte afgørelse.",
                      "hoeringsfrist_dage": "Regnes fra afsendelsen. Normalt 14 dage."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _danske_fejl(self)
        self.fields["paataenkt"].choices = [("", "Vælg påtænkt afgørelse"), *self.fields["paataenkt"].choices[1:]]
        self._style()


class PaabudForm(_Base):
    tekst = forms.CharField(label="Påbuddets indhold", widget=forms.Textarea(attrs={"rows": 4}))
    opfyldelseskriterium = forms.CharField(label="Hvornår er påbuddet opfyldt", widget=forms.Textarea(attrs={"rows": 3}),
                                           help_text="Konkret og kontrollerbart: der udstedes ikke løbende påbud.")
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 4}))
    frist = forms.DateField(label="Frist for påbuddet", widget=DateInput())
    skaerpet_til = forms.DateField(label="Skærpet tilsyn til og med", required=False, widget=DateInput(),
                                   help_text="Kun hvis skærpet tilsyn er varslet. Højst 6 måneder.")


class OphoerForm(_Base):
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 5}))
    frister = forms.ChoiceField(label="Åbne frister i forløbet", choices=FRISTER_CHOICES, required=False)


class AfslutForm(_Base):
    udfald = forms.ChoiceField(label="Udfald", choices=Udfald.choices, widget=forms.HiddenInput)
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 4}))
    frister = forms.ChoiceField(label="Åbne frister i forløbet", choices=FRISTER_CHOICES, required=False)


class BegrundelseForm(_Base):
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}))


class KommentarForm(_Base):
    kommentar = forms.CharField(label="Kommentar til konsulenten", widget=forms.Textarea(attrs={"rows": 4}))


class ForlaengForm(_Base):
    ny_frist = forms.DateField(label="Ny frist", widget=DateInput())
    begrundelse = forms.CharField(label="Enhedens anmodning og begrundelse", widget=forms.Textarea(attrs={"rows": 3}))


class FornyForm(_Base):
    ny_til = forms.DateField(label="Skærpet tilsyn forlænges til og med", widget=DateInput(),
                             help_text="Højst 6 måneder efter den nuværende periodes udløb.")
    begrundelse = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}))


class SendForm(_Base):
    bekraeft = forms.BooleanField(label="Jeg bekræfter, at brevet sendes nu og ikke kan ændres bagefter")

    def prepare(self, user) -> None:
        self.fields["bekraeft"].error_messages["required"] = "Bekræft at brevet skal sendes."
