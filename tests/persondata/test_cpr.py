"""No CPR numbers are stored anywhere: no model has a field for one, and the demo data's text holds
nothing shaped like one (ddmmyy-nnnn with a real date)."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

pytestmark = pytest.mark.django_db

CPR_NAME = re.compile(r"cpr|personnummer|person_?nr|cpr_?nr|personal_?id|ssn", re.I)
# A CPR number stands alone: not inside a longer run of letters and digits (a sha256, a file name).
CPR_SHAPE = re.compile(r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![0-9A-Za-z])")
TEXT_FIELDS = (models.CharField, models.TextField)


def _is_cpr(match: re.Match) -> bool:
    day, month, year, _ = match.groups()
    try:
        dt.date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def test_no_model_has_a_cpr_field():
    offenders = [f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
                 if CPR_NAME.search(f.name) or CPR_NAME.search(str(getattr(f, "verbose_name", "")))]
    assert offenders == []


def test_cpr_shape_detector_finds_what_it_should():
    text = "Barnet 010203-1234 og 311299 4321, CVR 12345678, 3112991234, sha e3b0612896686ff, 3213991234"
    assert [m.group(0) for m in CPR_SHAPE.finditer(text) if _is_cpr(m)] == ["010203-1234", "3112991234"]


def test_demo_data_holds_no_cpr_numbers_and_shows_the_personal_data_features():
    from frister.models import Email, EmailStatus
    from persondata.models import AdgangsLog, Anonymisering
    from tilsyn.models import Plejefamilie

    call_command("demo_data", verbosity=0)
    # One demo load for both: the demo shows the access log, an anonymised family and the outbox.
    assert AdgangsLog.objects.filter(brugernavn="konsulent-hovedstaden").count() >= 3
    assert AdgangsLog.objects.values("visning").distinct().count() >= 3
    anonymised = Plejefamilie.objects.get(pk=Anonymisering.objects.get(regel="plejefamilie").objekt_id)
    assert anonymised.navn == "Anonymiseret plejefamilie" and anonymised.ophoert_dato is not None
    assert not Plejefamilie.objects.filter(plejeforaelder_1__contains="Holmgaard").exists()
    assert Email.objects.filter(status=EmailStatus.SENDT).exists()
    assert Email.objects.filter(status=EmailStatus.VENTER, forsoeg__gt=0).exclude(sidste_fejl="").exists()

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            # PostgreSQL narrows down to rows with ten digits in a row (or 6-4), Python checks the date.
            qs = model._default_manager.filter(**{f"{field.name}__regex": r"[0-9]{6}-?[0-9]{4}"})
            for value in qs.values_list(field.name, flat=True)[:1000]:
                found += [f"{model._meta.label}.{field.name}: {m.group(0)}" for m in CPR_SHAPE.finditer(value or "")
                          if _is_cpr(m)]
    assert found == []
