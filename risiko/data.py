"""Reference data for risiko: the default configurable list of risk factors (issue 4; domain.md §5.1-5.2).

Loaded by migration 0002 and reloadable by transactional tests (which flush migration data)."""

FAKTORER = [
    ("Ledelsesskifte", "Ny leder eller flere lederskift inden for kort tid."),
    ("Høj personalegennemstrømning", "Mange nye medarbejdere eller vikarer; ustabil personalegruppe."),
    ("Højt sygefravær", "Sygefravær over niveauet på sammenlignelige arbejdspladser."),
    ("Whistleblower-henvendelser", "Henvendelser til socialtilsynets whistleblowerordning."),
    ("Magtanvendelser", "Mange eller stigende indberetninger af magtanvendelser."),
    ("Lave scorer i kvalitetsvurderingen", "Indikatorer eller kriterier bedømt lavt."),
    ("Åbent dialogforløb", "Der er et igangværende dialogforløb med enheden."),
    ("Økonomiske problemer", "Underskud, svag likviditet eller usikker økonomisk bæredygtighed."),
    ("Henvendelser fra kommuner eller pårørende", "Bekymrende oplysninger fra samarbejdspartnere."),
    ("Ændret målgruppe eller nye pladser", "Væsentlige ændringer i målgruppe, pladser eller fysiske rammer."),
    ("Manglende opfølgning på udviklingspunkter", "Udviklingspunkter fra tidligere tilsyn er ikke fulgt op."),
    ("Påbud eller skærpet tilsyn", "Påbud eller skærpet tilsyn er i kraft eller overvejes."),
]


def load(apps, schema_editor=None):
    Risikofaktor = apps.get_model("risiko", "Risikofaktor")
    for orden, (navn, beskrivelse) in enumerate(FAKTORER, start=1):
        Risikofaktor.objects.update_or_create(navn=navn, defaults={"beskrivelse": beskrivelse, "orden": orden * 10})


def unload(apps, schema_editor=None):
    apps.get_model("risiko", "Risikofaktor").objects.filter(navn__in=[n for n, _ in FAKTORER]).delete()
