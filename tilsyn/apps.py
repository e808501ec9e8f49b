from django.apps import AppConfig


class TilsynConfig(AppConfig):
    name = "tilsyn"
    verbose_name = "Tilsyn (register)"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sikkerhed import mark_login

        user_logged_in.connect(mark_login, dispatch_uid="tilsyn.sikkerhed.mark_login")

        from celery.signals import task_success

        from .drift import record_beat_run

        task_success.connect(record_beat_run, dispatch_uid="tilsyn.drift.record_beat_run")
