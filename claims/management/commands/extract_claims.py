"""``python manage.py extract_claims [--json] FILE...``: extract claims from files, no database writes.

With ``--json`` it prints one JSON array, one object per file in the order given (the contract of
issue 4); without it, a table a person can read. Parsing and printing only: the work is
:func:`claims.extraction.cli.extract_file_to_dict`.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.article import ArticleReadError
from claims.extraction.cli import extract_file_to_dict


class Command(BaseCommand):
    help = "Extract check-worthy claims (speakers, quantities, kinds, scores) from text or HTML files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="pasted-text (.txt) or saved-page (.html) files")
        parser.add_argument("--json", action="store_true", help="print one JSON array, one object per file")

    def handle(self, *args: Any, **options: Any) -> None:
        results = []
        for path in options["files"]:
            try:
                results.append(extract_file_to_dict(path))
            except OSError as exc:
                raise CommandError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
            except ArticleReadError as exc:
                raise CommandError(f"{path}: {exc.reason}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
            return
        for result in results:
            self._print_table(result)

    def _print_table(self, result: dict[str, Any]) -> None:
        article = result["article"]
        self.stdout.write(self.style.MIGRATE_HEADING(result["source"]))
        self.stdout.write(
            f"  {article['outlet'] or '?'} | {article['published'] or '?'} | {article['title'] or ''}"
            f" | {article['author'] or ''}"
        )
        self.stdout.write(f"  {'score':>5}  {'kind':<10}  {'speaker':<22}  claim / quantities")
        for claim in sorted(result["claims"], key=lambda c: -c["checkworthiness"]):
            speaker = (claim["speaker"] or {}).get("name") or "-"
            text = claim["text"] if len(claim["text"]) <= 100 else claim["text"][:97] + "..."
            self.stdout.write(f"  {claim['checkworthiness']:5.2f}  {claim['kind']:<10}  {speaker[:22]:<22}  {text}")
            for q in claim["quantities"]:
                extra = " ".join(filter(None, [q["unit"], q["bound"] if q["bound"] != "eq" else None, q["change"]]))
                self.stdout.write(f"  {'':5}  {'':10}  {'':22}    · {q['text']!r} = {q['value']:g} {extra}")
        self.stdout.write("")
