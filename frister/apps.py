from django.apps import AppConfig


class FristerConfig(AppConfig):
    verbose_name = "Frister"
    name = "frister"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
