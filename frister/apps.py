from django.apps import AppConfig


class FristerConfig(AppConfig):
    verbose_name = "Frister"
    name = "frister"
