"""PostgreSQL triggers that keep case records permanent, whatever path writes to them (admin, shell,
raw SQL): a public authority keeps what it decided and sent (journaliseringspligt). The refusal is a
Danish message raised as a check violation, so Django reports it as an IntegrityError.

A documented exception (e.g. anonymisation after the retention period) runs inside
``pgtrigger.ignore("<app>.<Model>:<trigger name>")``.
"""

from __future__ import annotations

import pgtrigger


def _raise(message: str) -> str:
    quoted = message.replace("'", "''")
    return f"RAISE EXCEPTION '{quoted}' USING ERRCODE = 'check_violation';"


def aldrig_slet(name: str, message: str) -> pgtrigger.Trigger:
    """Refuse every DELETE of the table's rows."""
    return pgtrigger.Trigger(name=name, operation=pgtrigger.Delete, when=pgtrigger.Before, func=_raise(message))


def sagsakt_aldrig_slet(name: str, hvad: str) -> pgtrigger.Trigger:
    """``aldrig_slet`` in the register's words: "<hvad> kan ikke slettes (journaliseringspligt)."."""
    return aldrig_slet(name, f"{hvad} kan ikke slettes (journaliseringspligt).")


def aldrig_aendr(name: str, message: str, condition: pgtrigger.Condition | None = None) -> pgtrigger.Trigger:
    """Refuse every UPDATE of the table's rows (or those matching ``condition``)."""
    return pgtrigger.Trigger(name=name, operation=pgtrigger.Update, when=pgtrigger.Before, condition=condition,
                             func=_raise(message))


def kun_disse_aendringer(name: str, *, naar: str, tilladt: dict[str, str], message: str) -> pgtrigger.Trigger:
    """When the OLD row matches the SQL condition ``naar``, refuse an UPDATE that changes anything but the
    columns in ``tilladt`` (column → SQL condition the change must meet, e.g. "NEW.x >= OLD.x")."""
    checks = "".join(f"IF NOT ({cond}) THEN {_raise(message)} END IF;" for cond in tilladt.values())
    minus = "".join(f" - '{col}'" for col in tilladt)
    func = (f"IF {naar} THEN {checks}"
            f"IF (to_jsonb(NEW){minus}) IS DISTINCT FROM (to_jsonb(OLD){minus}) THEN {_raise(message)} END IF; "
            "END IF; RETURN NEW;")
    return pgtrigger.Trigger(name=name, operation=pgtrigger.Update, when=pgtrigger.Before, func=func)


def laast_med_foraelder(name: str, *, parent_table: str, fk: str, naar: str, message: str) -> pgtrigger.Trigger:
    """Refuse INSERT, UPDATE and DELETE of rows whose parent row (in ``parent_table``, found by the ``fk``
    column) matches the SQL condition ``naar`` (alias ``p``), e.g. the scores of a completed assessment."""
    func = (f"IF TG_OP = 'INSERT' THEN parent_id := NEW.{fk}; ELSE parent_id := OLD.{fk}; END IF; "
            f"IF EXISTS (SELECT 1 FROM {parent_table} p WHERE p.id = parent_id AND ({naar})) THEN {_raise(message)} "
            "END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;")
    return pgtrigger.Trigger(name=name, operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                             when=pgtrigger.Before, declare=[("parent_id", "bigint")], func=func)
