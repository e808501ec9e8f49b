from django.apps import AppConfig


class DokumenterConfig(AppConfig):
    name = "dokumenter"
    verbose_name = "Dokumenter"
