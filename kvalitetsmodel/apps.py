from django.apps import AppConfig


class KvalitetsmodelConfig(AppConfig):
    name = "kvalitetsmodel"
