"""Role predicates and permissions (django-rules): the one place roles gate actions.

Object permissions take the object the action concerns; a unit (or anything with a
``socialtilsyn_id`` or an ``enhed``) must belong to the user's own socialtilsyn.
"""

import rules


@rules.predicate
def is_konsulent(user):
    return bool(getattr(user, "is_konsulent", False))


@rules.predicate
def is_jurist(user):
    return bool(getattr(user, "is_jurist", False))


@rules.predicate
def is_leder(user):
    return bool(getattr(user, "is_leder", False))


def socialtilsyn_of(obj) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "socialtilsyn_id"):
        return obj.socialtilsyn_id
    if hasattr(obj, "enhed"):
        return obj.enhed.socialtilsyn_id
    return None


@rules.predicate
def same_socialtilsyn(user, obj):
    if obj is None:
        return bool(getattr(user, "socialtilsyn_id", None))
    sid = socialtilsyn_of(obj)
    return sid is not None and sid == getattr(user, "socialtilsyn_id", None)


rules.add_perm("tilsyn.add_enhed", same_socialtilsyn & (is_konsulent | is_leder))
rules.add_perm("tilsyn.change_enhed", same_socialtilsyn & (is_konsulent | is_leder))
# Changing approval status is done by whoever issues the decision (its own service checks the decision's
# guards and four eyes): a konsulent or leder of the unit's socialtilsyn.
rules.add_perm("tilsyn.aendr_godkendelse", same_socialtilsyn & (is_konsulent | is_leder))
rules.add_perm("tilsyn.add_tilsynsbesoeg", same_socialtilsyn & is_konsulent)
rules.add_perm("tilsyn.change_tilsynsbesoeg", same_socialtilsyn & is_konsulent)
