"""Who may use the API and manage API tokens (django-rules).

The API acts as the token's user, so every endpoint also asks the same permission as the UI's view or
service (tilsyn.rules, risiko.rules, ...). On top of that a token works only for a case worker of a
socialtilsyn: a konsulent, jurist or leder (an administrator without a socialtilsyn sees no cases)."""

import rules

from tilsyn.rules import is_jurist, is_konsulent, is_leder


@rules.predicate
def is_staff(user):
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


@rules.predicate
def owns_token(user, token):
    return token is None or token.user_id == user.pk


@rules.predicate
def in_socialtilsyn(user):
    return bool(getattr(user, "socialtilsyn_id", None))


# Asked without an object: the API's objects are scoped by the selectors, roles by each endpoint's rule.
kan_bruge_api = in_socialtilsyn & (is_konsulent | is_jurist | is_leder)

rules.add_perm("api.use_api", kan_bruge_api)
# A user manages their own tokens; an administrator (admin site) manages anyone's.
rules.add_perm("api.manage_apitoken", (owns_token & kan_bruge_api) | is_staff)
