"""Factories and named personas per role and socialtilsyn, shared by every app's tests."""

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from tilsyn.models import (
    Besoegstype,
    Godkendelsesstatus,
    Kommune,
    Plejefamilie,
    Socialtilsyn,
    Tilbud,
    Tilbudstype,
    Tilsynsbesoeg,
    User,
)

# Computed once: hashing per user would dominate test time.
DEMO_PASSWORD_HASH = make_password("demo-password-123")


def socialtilsyn(slug: str = "hovedstaden") -> Socialtilsyn:
    return Socialtilsyn.objects.get(slug=slug)


def kommune_i(st: Socialtilsyn) -> Kommune:
    return Kommune.objects.filter(region=st.region).order_by("kode").first()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = DEMO_PASSWORD_HASH
    socialtilsyn = factory.LazyFunction(lambda: socialtilsyn("hovedstaden"))


def konsulent(slug="hovedstaden", **kw) -> User:
    return UserFactory(socialtilsyn=socialtilsyn(slug), is_konsulent=True, **kw)


def jurist(slug="hovedstaden", **kw) -> User:
    return UserFactory(socialtilsyn=socialtilsyn(slug), is_jurist=True, **kw)


def leder(slug="hovedstaden", **kw) -> User:
    return UserFactory(socialtilsyn=socialtilsyn(slug), is_leder=True, **kw)


class TilbudFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tilbud
        skip_postgeneration_save = True

    socialtilsyn = factory.LazyFunction(lambda: socialtilsyn("hovedstaden"))
    navn = factory.Sequence(lambda n: f"Bostedet Ågården {n}")
    adresse = factory.Sequence(lambda n: f"Skovvej {n}")
    postnummer = "2000"
    by = "Frederiksberg"
    kommune = factory.LazyAttribute(lambda o: kommune_i(o.socialtilsyn))
    alder_fra = 18
    alder_til = 85
    godkendelsesstatus = Godkendelsesstatus.GODKENDT
    godkendt_dato = dt.date(2020, 1, 15)
    driftsherre_navn = "Fonden Ågården"
    driftsherre_ejerform = Tilbud.Ejerform.PRIVAT
    driftsherre_cvr = "12345678"
    maalgrupper = "Udviklingshæmning, autisme"
    pladser = 12

    @factory.post_generation
    def tilbudstyper(self, create, extracted, **kwargs):
        if create:
            self.tilbudstyper.set(extracted or [Tilbudstype.objects.get(kode="SEL_108")])


class PlejefamilieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plejefamilie

    socialtilsyn = factory.LazyFunction(lambda: socialtilsyn("hovedstaden"))
    navn = factory.Sequence(lambda n: f"Familien Østergård {n}")
    adresse = factory.Sequence(lambda n: f"Bøgevej {n}")
    postnummer = "3400"
    by = "Hillerød"
    kommune = factory.LazyAttribute(lambda o: kommune_i(o.socialtilsyn))
    alder_fra = 0
    alder_til = 17
    godkendelsesstatus = Godkendelsesstatus.GODKENDT
    godkendt_dato = dt.date(2021, 3, 1)
    plejefamilietype = Plejefamilie.Type.ALMEN
    plejeforaelder_1 = "Mette Østergård"
    plejeforaelder_2 = "Søren Østergård"
    godkendt_antal_boern = 2


class TilsynsbesoegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tilsynsbesoeg
        skip_postgeneration_save = True

    enhed = factory.SubFactory(TilbudFactory)
    besoegstype = Besoegstype.UANMELDT
    dato = dt.date(2026, 6, 1)
    metoder = ["observation", "interview"]
    datakilder = ["ledelse", "borgere"]
    oprettet_af = factory.LazyAttribute(lambda o: konsulent(o.enhed.socialtilsyn.slug))

    @factory.post_generation
    def konsulenter(self, create, extracted, **kwargs):
        if create:
            self.konsulenter.set(extracted or [self.oprettet_af])
