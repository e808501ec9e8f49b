"""Who may do what in a dialogforløb (django-rules). The object is the unit or the forløb."""

import rules

from tilsyn.rules import is_jurist, is_konsulent, is_leder, same_socialtilsyn

rules.add_perm("dialogforloeb.add_dialogforloeb", same_socialtilsyn & (is_konsulent | is_leder))
rules.add_perm("dialogforloeb.change_dialogforloeb", same_socialtilsyn & (is_konsulent | is_leder))
rules.add_perm("dialogforloeb.view_dialogforloeb", same_socialtilsyn)
rules.add_perm("dialogforloeb.approve_agterskrivelse", same_socialtilsyn & is_jurist)
rules.add_perm("dialogforloeb.genaabn_dialogforloeb", same_socialtilsyn & is_leder)
# The queues: the jurist's approvals (leaders look in too) and the leader's escalation queue.
rules.add_perm("dialogforloeb.view_godkendelser", same_socialtilsyn & (is_jurist | is_leder))
rules.add_perm("dialogforloeb.view_eskalering", same_socialtilsyn & is_leder)
