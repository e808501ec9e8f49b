"""The state diagrams, generated from the FSM transitions on ``Dialogforloeb``, ``Agterskrivelse`` and
``Afgoerelse`` (like django-fsm's ``graph_transitions``, but as Mermaid so they render in the docs without
Graphviz)."""

from __future__ import annotations

from django_fsm import RETURN_VALUE

from .models import Afgoerelse, Agterskrivelse, Dialogforloeb

MACHINES = [("Dialogforløbet", Dialogforloeb), ("Agterskrivelsen", Agterskrivelse), ("Afgørelsen", Afgoerelse)]


def _states(model) -> list[tuple[str, str]]:
    return list(model._meta.get_field("status").choices)


def transitions(model=Dialogforloeb) -> list[dict]:
    field = model._meta.get_field("status")
    order = [value for value, _ in _states(model)]
    rows = []
    for t in field.get_all_transitions(model):
        targets = t.target.allowed_states if isinstance(t.target, RETURN_VALUE) else [t.target]
        for target in targets:
            rows.append({"name": t.name, "source": t.source, "target": target,
                         "guards": [c.__name__ for c in t.conditions], "permission": t.permission or ""})
    return sorted(rows, key=lambda r: (order.index(r["source"]), r["name"], r["target"]))


def mermaid(model=Dialogforloeb) -> str:
    lines = ["stateDiagram-v2"]
    for value, label in _states(model):
        lines.append(f'    state "{label}" as {value}')
    lines.append(f"    [*] --> {model._meta.get_field('status').default}")
    for r in transitions(model):
        label = r["name"] + (f" [{', '.join(r['guards'])}]" if r["guards"] else "")
        if r["permission"]:
            label += " (leder)"
        lines.append(f"    {r['source']} --> {r['target']}: {label}")
    return "\n".join(lines) + "\n"


def table(model=Dialogforloeb) -> str:
    labels = dict(_states(model))
    out = ["| Overgang | Fra | Til | Vagter (guards) |", "|---|---|---|---|"]
    for r in transitions(model):
        out.append(f"| `{r['name']}` | {labels[r['source']]} | {labels[r['target']]} | "
                   f"{', '.join(f'`{g}`' for g in r['guards']) or '–'} |")
    return "\n".join(out) + "\n"


BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"


def generated_block() -> str:
    parts = [f"### {title}\n\n```mermaid\n{mermaid(model)}```\n\n{table(model)}" for title, model in MACHINES]
    return f"{BEGIN}\n" + "\n".join(parts) + END
