"""frister follows the register's events (the register imports nothing from frister)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from tilsyn.models import Indstillinger
from tilsyn.signals import besoegsgrundlag_aendret

from . import services


@receiver(besoegsgrundlag_aendret, dispatch_uid="frister_besoegsfrister")
def besoegsgrundlag(sender, enhed_ids, **kwargs) -> None:
    """A visit, the approval status or the risk colour changed: the unit's besøgsfrist follows at once,
    in the same transaction, so Mine frister and the visit plan never show two dates."""
    services.besoegsfrister_check(enhed_ids=enhed_ids)


@receiver(post_save, sender=Indstillinger, dispatch_uid="frister_besoegsintervaller")
def besoegsintervaller(sender, instance, created, **kwargs) -> None:
    """New intervals or horizon for a socialtilsyn (edited in the admin) move its besøgsfrister too."""
    if not created:
        services.besoegsfrister_check(socialtilsyn_id=instance.socialtilsyn_id)
