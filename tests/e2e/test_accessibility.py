"""Accessibility scan (axe-core from npm) of the main pages: no serious or critical WCAG violations."""

from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _violations(page):
    # Evaluated through the DevTools protocol: an injected <script> tag would (rightly) be refused
    # by the Content-Security-Policy, which allows no inline script.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_violations(login, live_server, konsulent_hovedstaden):
    tilbud = factories.TilbudFactory(navn="Bostedet Lyngbo")
    factories.TilsynsbesoegFactory(enhed=tilbud)
    page = login(konsulent_hovedstaden)
    problems = {}
    for path in ["/", "/tilbud/", f"/tilbud/{tilbud.pk}/", f"/tilbud/{tilbud.pk}/historik/", "/tilbud/ny/",
                 f"/enheder/{tilbud.pk}/tilsynsbesoeg/ny/", "/tilsynsbesoeg/", "/plejefamilier/"]:
        page.goto(f"{live_server.url}{path}")
        if found := _violations(page):
            problems[path] = found
    assert problems == {}
