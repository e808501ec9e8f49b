"""The state diagram, generated from the FSM transitions on ``Dialogforloeb`` (like django-fsm's
``graph_transitions``, but as Mermaid so it renders in the docs without Graphviz)."""

from __future__ import annotations

from django_fsm import RETURN_VALUE

from .models import Dialogforloeb, Status


def transitions() -> list[dict]:
    field = Dialogforloeb._meta.get_field("status")
    rows = []
    for t in field.get_all_transitions(Dialogforloeb):
        targets = t.target.allowed_states if isinstance(t.target, RETURN_VALUE) else [t.target]
        for target in targets:
            rows.append({"name": t.name, "source": t.source, "target": target,
                         "guards": [c.__name__ for c in t.conditions], "permission": t.permission or ""})
    return sorted(rows, key=lambda r: (list(Status.values).index(r["source"]), r["name"], r["target"]))


def mermaid() -> str:
    lines = ["stateDiagram-v2"]
    for s in Status:
        lines.append(f'    state "{s.label}" as {s.value}')
    lines.append(f"    [*] --> {Status.AABNET.value}")
    for r in transitions():
        label = r["name"] + (f" [{', '.join(r['guards'])}]" if r["guards"] else "")
        if r["permission"]:
            label += " (leder)"
        lines.append(f"    {r['source']} --> {r['target']}: {label}")
    return "\n".join(lines) + "\n"


def table() -> str:
    out = ["| Overgang | Fra | Til | Vagter (guards) |", "|---|---|---|---|"]
    for r in transitions():
        out.append(f"| `{r['name']}` | {Status(r['source']).label} | {Status(r['target']).label} | "
                   f"{', '.join(f'`{g}`' for g in r['guards']) or '–'} |")
    return "\n".join(out) + "\n"


BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"


def generated_block() -> str:
    return f"{BEGIN}\n```mermaid\n{mermaid()}```\n\n{table()}{END}"
