from pathlib import Path

from dialogforloeb.diagram import generated_block, mermaid, transitions

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_state_diagram_in_docs_is_generated_from_the_code():
    doc = (DOCS / "dialogforloeb-states.md").read_text(encoding="utf-8")
    assert generated_block() in doc, "Kør manage.py dialogforloeb_diagram"
    assert (DOCS / "dialogforloeb-states.mmd").read_text(encoding="utf-8") == mermaid()


def test_every_guard_cites_its_rule_and_is_documented():
    """Each guard on a transition of the three machines cites the rule it enforces in its docstring, and the
    docs' guard table names it (the exact messages are pinned in test_guards.py)."""
    import re

    from dialogforloeb import guards
    from dialogforloeb.diagram import MACHINES

    names = {g for _, model in MACHINES for t in transitions(model) for g in t["guards"]}
    assert names >= {"forudgaaende_dialog", "dialog_foer_varsling", "varsling_sendt", "hoering_afsluttet",
                     "varslet_paabud", "varslet_ophoer", "varslet_fornyelse", "agterskrivelse_godkendt",
                     "afgoerelse_godkendt", "godkendelse_gyldig", "uden_jurist_tilladt", "fornyelse_rettidig",
                     "har_skaerpet_tilsyn", "ingen_aaben_kladde"}
    doc = (DOCS / "dialogforloeb-states.md").read_text(encoding="utf-8")
    table = doc[doc.index("## The legal guards"):]
    for name in names:
        fn = getattr(guards, name)
        assert re.search(r"§|FVL|BEK|LOST|[Ff]our eyes|One agterskrivelse|renewal", fn.__doc__ or ""), name
        assert f"`{name}`" in table, name
