from django.apps import AppConfig


class TilsynConfig(AppConfig):
    name = "tilsyn"
    verbose_name = "Tilsyn (register)"
