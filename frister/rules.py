"""Permissions for frister (django-rules), built on the core predicates."""

import rules

from tilsyn.rules import is_jurist, is_konsulent, is_leder, same_socialtilsyn

# Fulfil or extend a frist: anyone with a case role in the unit's socialtilsyn (LOST § 8, stk. 2:
# a påbud's frist can be extended on request; the decision is recorded with its reason).
rules.add_perm("frister.change_frist", same_socialtilsyn & (is_konsulent | is_jurist | is_leder))
rules.add_perm("frister.add_frist", same_socialtilsyn & (is_konsulent | is_jurist | is_leder))
# The leader's queue of overdue frister in their socialtilsyn.
rules.add_perm("frister.view_overskredne", is_leder)
