"""Events of the register that other apps act on, so that the register imports none of them."""

from django.dispatch import Signal

# Sent inside the writing transaction when what a unit's next-visit date is computed from may have
# changed: a visit registered or edited, the approval status or the risk colour changed.
# Keyword argument: ``enhed_ids`` (list of unit ids). frister keeps its besøgsfrister on that date.
besoegsgrundlag_aendret = Signal()


def besoegsgrundlag_changed(enhed_ids) -> None:
    besoegsgrundlag_aendret.send(sender=None, enhed_ids=list(enhed_ids))
