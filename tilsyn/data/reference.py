"""Reference data loaded by migration: the five socialtilsyn (LOST § 2), the 98 kommuner with
their region, and the tilbudstyper under LOST § 4 (domain.md §3, §4.1)."""

SOCIALTILSYN = [
    # slug, navn, værtskommune, region, adresse, web
    ("hovedstaden", "Socialtilsyn Hovedstaden", "Frederiksberg Kommune", "hovedstaden",
     "Smallegade 1, 2000 Frederiksberg", "https://socialtilsyn.frederiksberg.dk"),
    ("oest", "Socialtilsyn Øst", "Holbæk Kommune", "sjaelland", "", "https://socialtilsynost.dk"),
    ("syd", "Socialtilsyn Syd", "Faaborg-Midtfyn Kommune", "syddanmark", "Lindevej 5A, 5750 Ringe",
     "https://socialtilsynsyd.dk"),
    ("midt", "Socialtilsyn Midt", "Silkeborg Kommune", "midtjylland", "", "https://tilsynmidt.silkeborg.dk"),
    ("nord", "Socialtilsyn Nord", "Hjørring Kommune", "nordjylland", "", "https://socialtilsynnord.hjoerring.dk"),
]

KOMMUNER = {
    "hovedstaden": [
        (101, "København"), (147, "Frederiksberg"), (151, "Ballerup"), (153, "Brøndby"), (155, "Dragør"),
        (157, "Gentofte"), (159, "Gladsaxe"), (161, "Glostrup"), (163, "Herlev"), (165, "Albertslund"),
        (167, "Hvidovre"), (169, "Høje-Taastrup"), (173, "Lyngby-Taarbæk"), (175, "Rødovre"),
        (183, "Ishøj"), (185, "Tårnby"), (187, "Vallensbæk"), (190, "Furesø"), (201, "Allerød"),
        (210, "Fredensborg"), (217, "Helsingør"), (219, "Hillerød"), (223, "Hørsholm"), (230, "Rudersdal"),
        (240, "Egedal"), (250, "Frederikssund"), (260, "Halsnæs"), (270, "Gribskov"), (400, "Bornholm"),
    ],
    "sjaelland": [
        (253, "Greve"), (259, "Køge"), (265, "Roskilde"), (269, "Solrød"), (306, "Odsherred"),
        (316, "Holbæk"), (320, "Faxe"), (326, "Kalundborg"), (329, "Ringsted"), (330, "Slagelse"),
        (336, "Stevns"), (340, "Sorø"), (350, "Lejre"), (360, "Lolland"), (370, "Næstved"),
        (376, "Guldborgsund"), (390, "Vordingborg"),
    ],
    "syddanmark": [
        (410, "Middelfart"), (420, "Assens"), (430, "Faaborg-Midtfyn"), (440, "Kerteminde"),
        (450, "Nyborg"), (461, "Odense"), (479, "Svendborg"), (480, "Nordfyns"), (482, "Langeland"),
        (492, "Ærø"), (510, "Haderslev"), (530, "Billund"), (540, "Sønderborg"), (550, "Tønder"),
        (561, "Esbjerg"), (563, "Fanø"), (573, "Varde"), (575, "Vejen"), (580, "Aabenraa"),
        (607, "Fredericia"), (621, "Kolding"), (630, "Vejle"),
    ],
    "midtjylland": [
        (615, "Horsens"), (657, "Herning"), (661, "Holstebro"), (665, "Lemvig"), (671, "Struer"),
        (706, "Syddjurs"), (707, "Norddjurs"), (710, "Favrskov"), (727, "Odder"), (730, "Randers"),
        (740, "Silkeborg"), (741, "Samsø"), (746, "Skanderborg"), (751, "Aarhus"), (756, "Ikast-Brande"),
        (760, "Ringkøbing-Skjern"), (766, "Hedensted"), (779, "Skive"), (791, "Viborg"),
    ],
    "nordjylland": [
        (773, "Morsø"), (787, "Thisted"), (810, "Brønderslev"), (813, "Frederikshavn"), (820, "Vesthimmerlands"),
        (825, "Læsø"), (840, "Rebild"), (846, "Mariagerfjord"), (849, "Jammerbugt"), (851, "Aalborg"),
        (860, "Hjørring"),
    ],
}

TILBUDSTYPER = [
    # kode, navn, paragraf, for_boern, ambulant
    ("SEL_107", "Midlertidigt botilbud til voksne", "SEL § 107", False, False),
    ("SEL_108", "Længerevarende botilbud til voksne", "SEL § 108", False, False),
    ("SEL_109", "Krisecenter", "SEL § 109", False, False),
    ("SEL_110", "Forsorgshjem / herberg", "SEL § 110", False, False),
    ("SEL_101", "Stofmisbrugsbehandling", "SEL § 101", False, True),
    ("SEL_101A", "Anonym ambulant stofmisbrugsbehandling", "SEL § 101 a", False, True),
    ("SUL_141", "Alkoholbehandling", "SUL § 141", False, True),
    ("SEL_85_ABL105", "Socialpædagogisk støtte i almen bolig", "SEL § 85 / ABL § 105, stk. 2", False, False),
    ("BL_43_6", "Døgninstitution for børn og unge", "BL § 43, stk. 1, nr. 6", True, False),
    ("BL_43_7", "Anbringelse på efterskole, fri skole m.fl.", "BL § 43, stk. 1, nr. 7", True, False),
]


def load(apps) -> None:
    """Idempotent load, used by the migration and by transactional tests (which flush tables)."""
    Socialtilsyn = apps.get_model("tilsyn", "Socialtilsyn")
    Kommune = apps.get_model("tilsyn", "Kommune")
    Tilbudstype = apps.get_model("tilsyn", "Tilbudstype")
    Indstillinger = apps.get_model("tilsyn", "Indstillinger")
    for slug, navn, vaert, region, adresse, web in SOCIALTILSYN:
        st, _ = Socialtilsyn.objects.update_or_create(
            slug=slug, defaults={"navn": navn, "vaertskommune": vaert, "region": region, "adresse": adresse, "web": web}
        )
        Indstillinger.objects.get_or_create(socialtilsyn=st)
    for region, kommuner in KOMMUNER.items():
        for kode, navn in kommuner:
            Kommune.objects.update_or_create(kode=kode, defaults={"navn": navn, "region": region})
    for kode, navn, paragraf, for_boern, ambulant in TILBUDSTYPER:
        Tilbudstype.objects.update_or_create(
            kode=kode, defaults={"navn": navn, "paragraf": paragraf, "for_boern": for_boern, "ambulant": ambulant}
        )
