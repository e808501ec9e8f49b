from pathlib import Path

from dialogforloeb.diagram import generated_block, mermaid, transitions

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_state_diagram_in_docs_is_generated_from_the_code():
    doc = (DOCS / "dialogforloeb-states.md").read_text(encoding="utf-8")
    assert generated_block() in doc, "Kør manage.py dialogforloeb_diagram"
    assert (DOCS / "dialogforloeb-states.mmd").read_text(encoding="utf-8") == mermaid()


def test_every_guard_has_a_rule_and_a_danish_message():
    from dialogforloeb import guards

    names = {g for t in transitions() for g in t["guards"]}
    assert names >= {"forudgaaende_dialog", "varsling_sendt", "hoering_afsluttet", "varslet_paabud",
                     "agterskrivelse_godkendt"}
    for name in names:
        fn = getattr(guards, name)
        assert fn.__doc__ and fn.message.endswith(".") and any(c in fn.message for c in "æøåÅ§")
