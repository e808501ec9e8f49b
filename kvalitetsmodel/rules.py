"""Permissions for quality assessments (django-rules), reusing the core role predicates."""

import rules

from tilsyn.rules import is_konsulent, is_leder, same_socialtilsyn

rules.add_perm("kvalitetsmodel.view_kvalitetsvurdering", same_socialtilsyn)
rules.add_perm("kvalitetsmodel.add_kvalitetsvurdering", same_socialtilsyn & is_konsulent)
rules.add_perm("kvalitetsmodel.change_kvalitetsvurdering", same_socialtilsyn & is_konsulent)
rules.add_perm("kvalitetsmodel.ret_kvalitetsvurdering", same_socialtilsyn & (is_konsulent | is_leder))
# The tilsynsrapport is issued by the socialtilsyn's case workers; a jurist reads it once it exists.
rules.add_perm("kvalitetsmodel.rapport_kvalitetsvurdering", same_socialtilsyn & (is_konsulent | is_leder))
