from django.apps import AppConfig


class DialogforloebConfig(AppConfig):
    name = "dialogforloeb"
