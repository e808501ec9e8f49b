"""Regenerate the state diagram in docs/dialogforloeb-states.md from the code."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from dialogforloeb.diagram import BEGIN, END, generated_block, mermaid

DOC = Path(settings.BASE_DIR) / "docs" / "dialogforloeb-states.md"
MMD = Path(settings.BASE_DIR) / "docs" / "dialogforloeb-states.mmd"


class Command(BaseCommand):
    help = "Skriver dialogforløbets tilstandsdiagram (genereret fra koden) ind i docs/dialogforloeb-states.md."

    def handle(self, *args, **options):
        text = DOC.read_text(encoding="utf-8")
        start, end = text.index(BEGIN), text.index(END) + len(END)
        DOC.write_text(text[:start] + generated_block() + text[end:], encoding="utf-8")
        MMD.write_text(mermaid(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Opdateret {DOC} og {MMD}"))
