"""Load quality-model versions from a data file (JSON) into the database.

Used by the data migration (with historical models), the ``load_kvalitetsmodel`` command (a new
version, or the L 200 criteria once they are published) and transactional tests (which flush tables).

Loading is idempotent and *adds* what is missing: an existing version, theme, criterion or indicator
is left as it is, so texts an administrator corrected in the admin survive a reload. ``opdater=True``
overwrites texts and flags from the file instead.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "kvalitetsmodeller.json"

_EXCEPTION_KEYS = ("kun_for_boern", "ikke_for_ambulant", "undtagne_tilbudstyper")


@dataclass
class LoadResult:
    modeller: int = 0
    temaer: int = 0
    kriterier: int = 0
    indikatorer: int = 0
    opdateret: int = 0

    def __str__(self) -> str:
        return (f"{self.modeller} modelversioner, {self.temaer} temaer, {self.kriterier} kriterier og "
                f"{self.indikatorer} indikatorer oprettet; {self.opdateret} opdateret")


def read(path: str | Path = DEFAULT_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("modeller"), list):
        raise ValueError("Filen skal indeholde et objekt med listen 'modeller'.")
    return data


def _models(apps):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    return (apps.get_model("kvalitetsmodel", n) for n in ("Kvalitetsmodel", "Tema", "Kriterium", "Indikator"))


def _upsert(model, lookup: dict, values: dict, opdater: bool, result: LoadResult, counter: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        setattr(result, counter, getattr(result, counter) + 1)
        return obj
    if opdater:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changed:
            for k, v in changed.items():
                setattr(obj, k, v)
            obj.save(update_fields=list(changed))
            result.opdateret += 1
    return obj


def load_data(data: dict, *, apps=None, opdater: bool = False) -> LoadResult:
    Kvalitetsmodel, Tema, Kriterium, Indikator = _models(apps)
    result = LoadResult()
    for m in data["modeller"]:
        gyldig_fra = m.get("gyldig_fra")
        model_values = {
            "navn": m.get("navn") or f"Kvalitetsmodel {m['version']}",
            "niveau": m.get("niveau", "indikator"),
            "gyldig_fra": dt.date.fromisoformat(gyldig_fra) if gyldig_fra else None,
            "aktiv": m.get("aktiv", True),
            "kilde": m.get("kilde", ""),
        }
        model = _upsert(Kvalitetsmodel, {"omraade": m["omraade"], "version": m["version"]}, model_values,
                        opdater, result, "modeller")
        for t in m.get("temaer", []):
            tema = _upsert(Tema, {"model": model, "nummer": t["nummer"]},
                           {"navn": t["navn"], "er_oekonomi": t.get("er_oekonomi", False)}, opdater, result, "temaer")
            for k in t.get("kriterier", []):
                kriterium = _upsert(
                    Kriterium, {"tema": tema, "nummer": k["nummer"]},
                    {"tekst": k["tekst"], "tekst_ikke_verificeret": k.get("tekst_ikke_verificeret", False),
                     "bemaerkning": k.get("note", "")},
                    opdater, result, "kriterier",
                )
                # Exceptions set on a criterion apply to each of its indicators.
                inherited = {key: k[key] for key in _EXCEPTION_KEYS if key in k}
                for i in k.get("indikatorer", []):
                    spec = {**inherited, **{key: i[key] for key in _EXCEPTION_KEYS if key in i}}
                    _upsert(
                        Indikator, {"kriterium": kriterium, "bogstav": i["bogstav"]},
                        {"tekst": i["tekst"], "tekst_ikke_verificeret": i.get("tekst_ikke_verificeret", False),
                         "udgaaet": i.get("udgaaet", False), "bemaerkning": i.get("note", k.get("note", "")),
                         "kun_for_boern": spec.get("kun_for_boern", False),
                         "ikke_for_ambulant": spec.get("ikke_for_ambulant", False),
                         "undtagne_tilbudstyper": list(spec.get("undtagne_tilbudstyper", []))},
                        opdater, result, "indikatorer",
                    )
    return result


def load_file(path: str | Path = DEFAULT_FILE, *, apps=None, opdater: bool = False) -> LoadResult:
    return load_data(read(path), apps=apps, opdater=opdater)
