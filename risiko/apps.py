from django.apps import AppConfig


class RisikoConfig(AppConfig):
    name = "risiko"
