from django.apps import AppConfig


class PersondataConfig(AppConfig):
    name = "persondata"
    verbose_name = "Persondata (adgangslog og anonymisering)"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app says in its own persondata.py which views show personal data (access log) and
        # what to blank when a closed case passes its retention period (anonymisation).
        autodiscover_modules("persondata")
        from . import dialogforloeb  # noqa: F401 - see the module docstring
