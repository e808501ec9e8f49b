import pytest


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Run tasks in-process (e-mail after commit) unless a test starts a real worker."""
    from tilsyn.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    app.conf.task_always_eager = old
