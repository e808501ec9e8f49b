"""Permissions for risk assessments (django-rules), reusing the core role predicates."""

import rules

from tilsyn.rules import is_konsulent, is_leder, same_socialtilsyn

rules.add_perm("risiko.add_risikovurdering", same_socialtilsyn & (is_konsulent | is_leder))
rules.add_perm("risiko.view_risikooverblik", same_socialtilsyn & (is_konsulent | is_leder))
